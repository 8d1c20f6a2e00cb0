import { call } from '../rpc/client.ts';
import { FlussError, fromBucketError } from '../rpc/errors.ts';
import type { ListOffsetsRequest } from '../rpc/generated/fluss/v1/ListOffsetsRequest.ts';
import { partitionMatches, type PartitionSpec } from '../table/partitions.ts';
import type { FlussConnection } from './connection.ts';
import { groupByLeader } from './leaders.ts';
import { NO_PARTITION, type TableSnapshot } from './metadata.ts';
import { DEFAULT_RETRY_OPTIONS, noLeaderError, withRetries, type RetryOptions } from './retry.ts';
import type { TablePath } from './table-path.ts';

/** Where to start reading: the oldest retained row, the end of the log, or the first batch committed at or after a time. */
export type OffsetQuery = 'earliest' | 'latest' | { timestampMs: number };

/** One bucket of one partition (partition undefined and partitionId -1 for non-partitioned tables). */
export interface BucketRef {
  partition: string | undefined;
  partitionId: number;
  bucket: number;
}

export interface BucketOffset extends BucketRef {
  offset: number;
}

/** Every bucket of the partitions matching `filter` (all buckets of a non-partitioned table). */
export function bucketsOf(snapshot: TableSnapshot, filter: PartitionSpec = {}): BucketRef[] {
  const buckets = snapshot.info.buckets;
  const partitions = snapshot.isPartitioned
    ? snapshot.partitions.filter((p) => partitionMatches(p.spec, filter)).map((p) => ({ partition: p.name, partitionId: p.partitionId }))
    : [{ partition: undefined, partitionId: NO_PARTITION }];
  return partitions.flatMap((p) => Array.from({ length: buckets }, (_, bucket) => ({ ...p, bucket })));
}

function offsetRequest(tableId: number, partitionId: number, buckets: number[], query: OffsetQuery): ListOffsetsRequest {
  if (query === 'earliest') return { tableId, partitionId, buckets, spec: 'OFFSET_SPEC_EARLIEST' };
  if (query === 'latest') return { tableId, partitionId, buckets, spec: 'OFFSET_SPEC_LATEST' };
  return { tableId, partitionId, buckets, spec: 'OFFSET_SPEC_TIMESTAMP', timestampMs: query.timestampMs };
}

/**
 * Resolves `query` for the given buckets: one ListOffsets per (leader, partition), retried with a
 * metadata refresh when a leader is missing or moved.
 */
export async function listOffsets(
  connection: FlussConnection,
  path: TablePath,
  refs: readonly BucketRef[],
  query: OffsetQuery,
  retry: RetryOptions = DEFAULT_RETRY_OPTIONS,
): Promise<BucketOffset[]> {
  return withRetries(
    async (attempt) => {
      const snapshot = attempt > 0 ? await connection.metadata.refresh(path) : await connection.metadata.table(path);
      const { groups, leaderless } = groupByLeader(refs, (ref) => snapshot.leader(ref.partitionId, ref.bucket));
      const first = leaderless[0];
      if (first !== undefined) throw noLeaderError(`bucket ${first.bucket} (partition ${first.partition ?? '-'})`);
      const answers = await Promise.all(
        groups.flatMap((group) =>
          [...Map.groupBy(group.items, (ref) => ref.partitionId)].map(async ([partitionId, items]) => {
            const client = connection.tabletClient(group.server);
            const request = offsetRequest(
              snapshot.tableId,
              partitionId,
              items.map((ref) => ref.bucket),
              query,
            );
            const response = await call(client, client.listOffsets, request, { timeoutMs: connection.requestTimeoutMs });
            return items.map((ref): BucketOffset => {
              const answer = response.offsets.find((o) => o.bucket === ref.bucket);
              if (answer === undefined) throw new FlussError('INTERNAL', `ListOffsets gave no answer for bucket ${ref.bucket}`);
              if (answer.errorCode !== 0) throw fromBucketError(answer);
              return { ...ref, offset: answer.offset };
            });
          }),
        ),
      );
      return answers.flat();
    },
    { policy: retry, sleep: (ms) => connection.timers.sleep(ms), random: connection.random },
  );
}
