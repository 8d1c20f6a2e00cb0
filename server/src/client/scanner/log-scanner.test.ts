import { describe, expect, it } from 'vitest';
import { bucketErrorFields, FlussError } from '../../rpc/errors.ts';
import type { FetchRequest } from '../../rpc/generated/fluss/v1/FetchRequest.ts';
import type { FetchResponse__Output } from '../../rpc/generated/fluss/v1/FetchResponse.ts';
import type { FetchedBucket__Output } from '../../rpc/generated/fluss/v1/FetchedBucket.ts';
import type { ServerNode__Output } from '../../rpc/generated/fluss/v1/ServerNode.ts';
import type { TableMetadata__Output } from '../../rpc/generated/fluss/v1/TableMetadata.ts';
import { TableSnapshot } from '../metadata.ts';
import type { BucketOffset, BucketRef, OffsetQuery } from '../offsets.ts';
import { systemTimers } from '../timers.ts';
import { LogScanner, type ScannerBackend } from './log-scanner.ts';

const SERVERS: ServerNode__Output[] = [1, 2].map((id) => ({ id, host: '127.0.0.1', port: 9000 + id, rack: '' }));

interface Partition {
  id: number;
  name: string;
}

/**
 * A cluster in memory: per-bucket logs of rows, leaders that can move, partitions that come and
 * go. Fetch answers at once with everything from the asked offset (as one JSON "IPC" batch), or
 * after a short wait when there is nothing.
 */
class FakeCluster implements ScannerBackend {
  readonly path = { database: 'db', table: 't' };
  readonly timers = systemTimers;
  readonly logs = new Map<string, Record<string, unknown>[]>();
  readonly leaders = new Map<string, number>();
  readonly fetches: Array<{ server: number; request: FetchRequest }> = [];
  readonly bucketErrors = new Map<string, { error: FlussError; logStartOffset?: number }>();
  requestError: Error | undefined;
  metadataRefreshes = 0;
  partitions: Partition[];
  readonly buckets: number;
  readonly partitioned: boolean;

  /** Partitioned when `partitions` is given (even empty). */
  constructor(buckets: number, partitions?: Partition[]) {
    this.buckets = buckets;
    this.partitioned = partitions !== undefined;
    this.partitions = partitions ?? [];
  }

  append(partitionId: number, bucket: number, ...rows: Record<string, unknown>[]): void {
    const key = `${partitionId}/${bucket}`;
    this.logs.set(key, [...(this.logs.get(key) ?? []), ...rows]);
  }

  leaderOf(partitionId: number, bucket: number): number {
    return this.leaders.get(`${partitionId}/${bucket}`) ?? (bucket % 2) + 1;
  }

  snapshot(): TableSnapshot {
    const partitioned = this.partitioned;
    const partitionIds = partitioned ? this.partitions.map((p) => p.id) : [-1];
    const metadata = {
      table: {
        tableId: 1,
        path: this.path,
        schema: {
          schemaId: 1,
          columns: [
            { id: 0, name: 'v', type: 'INT', nullable: true, comment: '' },
            { id: 1, name: 'w', type: 'STRING', nullable: true, comment: '' },
          ],
        },
        buckets: this.buckets,
        partitionKeys: partitioned ? ['day'] : [],
      },
      partitions: this.partitions.map((p) => ({ partitionId: p.id, name: p.name, spec: { day: p.name }, createdAtMs: 0 })),
      buckets: partitionIds.flatMap((partitionId) =>
        Array.from({ length: this.buckets }, (_, bucket) => ({
          tableId: 1,
          partitionId,
          bucket,
          leader: this.leaderOf(partitionId, bucket),
          replicas: [],
          leaderEpoch: 0,
        })),
      ),
    } as unknown as TableMetadata__Output;
    return new TableSnapshot(metadata, SERVERS);
  }

  async metadata(refresh: boolean): Promise<TableSnapshot> {
    if (refresh) this.metadataRefreshes++;
    return this.snapshot();
  }

  async listOffsets(refs: readonly BucketRef[], query: OffsetQuery): Promise<BucketOffset[]> {
    return refs.map((ref) => ({ ...ref, offset: query === 'latest' ? (this.logs.get(`${ref.partitionId}/${ref.bucket}`)?.length ?? 0) : 0 }));
  }

  async fetch(server: ServerNode__Output, request: FetchRequest): Promise<FetchResponse__Output> {
    this.fetches.push({ server: server.id, request });
    if (this.requestError !== undefined) throw this.requestError;
    const buckets = (request.buckets ?? []).map((asked): FetchedBucket__Output => {
      const partitionId = Number(asked.partitionId);
      const bucket = asked.bucket ?? 0;
      const offset = Number(asked.fetchOffset);
      const key = `${partitionId}/${bucket}`;
      const base = { tableId: 1, partitionId, bucket, highWatermark: 0, logStartOffset: 0, batches: [], errorCode: 0, errorMessage: '', error: '' };
      const error = this.bucketErrors.get(key);
      if (error !== undefined) {
        this.bucketErrors.delete(key);
        return { ...base, ...bucketErrorFields(error.error), logStartOffset: error.logStartOffset ?? 0 };
      }
      if (this.leaderOf(partitionId, bucket) !== server.id) {
        return { ...base, ...bucketErrorFields(new FlussError('NOT_LEADER_OR_FOLLOWER', `Server ${server.id} is not the leader`)) };
      }
      const rows = (this.logs.get(key) ?? []).slice(offset);
      if (rows.length === 0) return base;
      const batch = {
        baseOffset: offset,
        recordCount: rows.length,
        commitTimestampMs: 1_000 + offset,
        schemaId: 1,
        arrowIpc: Buffer.from(JSON.stringify(rows)),
      };
      return { ...base, batches: [batch] };
    });
    const empty = buckets.every((b) => b.batches.length === 0 && b.errorCode === 0);
    if (empty) await new Promise((resolve) => setTimeout(resolve, 10));
    return { buckets };
  }

  decode(ipc: Uint8Array): Record<string, unknown>[] {
    return JSON.parse(Buffer.from(ipc).toString()) as Record<string, unknown>[];
  }
}

async function pollAll(scanner: LogScanner, count: number): Promise<Array<{ key: string; offset: number; v: unknown }>> {
  const got: Array<{ key: string; offset: number; v: unknown }> = [];
  const deadline = Date.now() + 5_000;
  while (got.length < count && Date.now() < deadline) {
    for (const r of await scanner.poll(200)) got.push({ key: `${r.partition ?? '-'}/${r.bucket}`, offset: r.offset, v: r.row['v'] });
  }
  return got;
}

describe('LogScanner', () => {
  it('sends one Fetch per leader with the projection as column ids, and follows offsets', async () => {
    const cluster = new FakeCluster(3);
    cluster.append(-1, 0, { v: 1 }, { v: 2 });
    cluster.append(-1, 1, { v: 3 });
    cluster.append(-1, 2, { v: 4 });
    const scanner = new LogScanner(cluster, cluster.snapshot(), { columns: ['w', 'v'] });
    await scanner.subscribeAll('earliest');
    const first = await pollAll(scanner, 4);
    expect(first.sort((a, b) => a.key.localeCompare(b.key) || a.offset - b.offset)).toEqual([
      { key: '-/0', offset: 0, v: 1 },
      { key: '-/0', offset: 1, v: 2 },
      { key: '-/1', offset: 0, v: 3 },
      { key: '-/2', offset: 0, v: 4 },
    ]);
    const firstRound = cluster.fetches.slice(0, 2);
    expect(firstRound.map((f) => f.server).sort()).toEqual([1, 2]);
    const toServer1 = firstRound.find((f) => f.server === 1)!.request;
    expect(toServer1.buckets?.map((b) => b.bucket)).toEqual([0, 2]); // buckets 0 and 2 are led by server 1
    expect(toServer1.projectedColumnIds).toEqual([1, 0]);

    cluster.append(-1, 0, { v: 5 });
    expect(await pollAll(scanner, 1)).toEqual([{ key: '-/0', offset: 2, v: 5 }]);
    expect(scanner.assignment().find((a) => a.bucket === 0)?.offset).toBe(3);
    await scanner.close();
  });

  it('refreshes metadata and follows a leader that moved', async () => {
    const cluster = new FakeCluster(1);
    cluster.append(-1, 0, { v: 1 });
    const scanner = new LogScanner(cluster, cluster.snapshot(), { retryBackoffMs: 10 });
    await scanner.subscribe(0, 0);
    cluster.leaders.set('-1/0', 2); // the scanner's snapshot still says server 1
    expect(await pollAll(scanner, 1)).toEqual([{ key: '-/0', offset: 0, v: 1 }]);
    expect(cluster.metadataRefreshes).toBeGreaterThan(0);
    expect(cluster.fetches.map((f) => f.server)).toEqual(expect.arrayContaining([1, 2]));
    await scanner.close();
  });

  it('continues from the log start when its position expired', async () => {
    const cluster = new FakeCluster(1);
    cluster.append(-1, 0, { v: 0 }, { v: 1 }, { v: 2 }, { v: 3 });
    cluster.bucketErrors.set('-1/0', { error: new FlussError('OFFSET_OUT_OF_RANGE', 'offset 0 < log start 2'), logStartOffset: 2 });
    const scanner = new LogScanner(cluster, cluster.snapshot());
    await scanner.subscribe(0, 0);
    expect((await pollAll(scanner, 2)).map((r) => r.offset)).toEqual([2, 3]);
    await scanner.close();
  });

  it('surfaces a permanent error from poll', async () => {
    const cluster = new FakeCluster(1);
    cluster.requestError = new FlussError('INVALID_ARGUMENT', 'Unknown column id 9');
    const scanner = new LogScanner(cluster, cluster.snapshot());
    await scanner.subscribe(0, 0);
    await expect(pollAll(scanner, 1)).rejects.toThrow('Unknown column id 9');
    await scanner.close();
  });

  it('picks up new partitions from their start and lets dropped ones go', async () => {
    const cluster = new FakeCluster(1, [{ id: 10, name: 'a' }]);
    cluster.append(10, 0, { v: 1 });
    const scanner = new LogScanner(cluster, cluster.snapshot(), { partitionDiscoveryIntervalMs: 20, partitionFilter: {} });
    await scanner.subscribeAll('latest');
    expect(scanner.assignment()).toEqual([{ partition: 'a', partitionId: 10, bucket: 0, offset: 1 }]);

    cluster.partitions = [{ id: 11, name: 'b' }];
    cluster.append(11, 0, { v: 7 }, { v: 8 });
    expect(await pollAll(scanner, 2)).toEqual([
      { key: 'b/0', offset: 0, v: 7 },
      { key: 'b/0', offset: 1, v: 8 },
    ]);
    expect(scanner.assignment().map((a) => a.partition)).toEqual(['b']);
    await scanner.close();
  });

  it('refuses unknown projection columns and partition filter keys up front', () => {
    const cluster = new FakeCluster(1);
    expect(() => new LogScanner(cluster, cluster.snapshot(), { columns: ['v', 'nope'] })).toThrow('Unknown column "nope"');
    expect(() => new LogScanner(cluster, cluster.snapshot(), { partitionFilter: { day: 'x' } })).toThrow(/not a partition key/);
  });
});

describe('LogScanner fairness', () => {
  it('starts each fetch to a server one bucket further along, so busy first buckets cannot starve the rest', async () => {
    const cluster = new FakeCluster(6);
    for (const bucket of [0, 2, 4]) cluster.append(-1, bucket, { v: bucket });
    const scanner = new LogScanner(cluster, cluster.snapshot());
    await scanner.subscribeAll('earliest');
    await pollAll(scanner, 3);
    while (cluster.fetches.filter((f) => f.server === 1).length < 3) await scanner.poll(50);
    const toServer1 = cluster.fetches
      .filter((f) => f.server === 1)
      .slice(0, 3)
      .map((f) => f.request.buckets?.map((b) => b.bucket));
    expect(toServer1).toEqual([
      [0, 2, 4],
      [2, 4, 0],
      [4, 0, 2],
    ]);
    await scanner.close();
  });
});

describe('LogScanner positions', () => {
  it('reports as consumed only what poll handed out, even when more was fetched', async () => {
    const cluster = new FakeCluster(1);
    cluster.append(-1, 0, ...Array.from({ length: 10 }, (_, v) => ({ v })));
    const scanner = new LogScanner(cluster, cluster.snapshot(), { maxPollRecords: 4 });
    await scanner.subscribe(0, 0);
    expect((await scanner.poll(1_000)).map((r) => r.offset)).toEqual([0, 1, 2, 3]);
    expect(scanner.assignment()[0]!.offset).toBe(4); // all 10 were fetched
    expect((await scanner.poll(1_000)).map((r) => r.offset)).toEqual([4, 5, 6, 7]);
    expect((await scanner.poll(1_000)).map((r) => r.offset)).toEqual([8, 9]);
    expect(scanner.assignment()[0]!.offset).toBe(10);
    await scanner.close();
  });
});
