// Fetch: batches of many buckets in one response, bounded as a whole by the request's maxBytes.
import { projectedIndexes, projectIpc } from '../arrow/index.ts';
import { bucketErrorFields, FlussError } from '../rpc/errors.ts';
import type { FetchBucket__Output } from '../rpc/generated/fluss/v1/FetchBucket.ts';
import type { FetchedBucket } from '../rpc/generated/fluss/v1/FetchedBucket.ts';
import type { FetchRequest__Output } from '../rpc/generated/fluss/v1/FetchRequest.ts';
import type { FetchResponse } from '../rpc/generated/fluss/v1/FetchResponse.ts';
import type { RecordBatch } from '../rpc/generated/fluss/v1/RecordBatch.ts';
import { CHANGE_TYPE_COLUMN_ID } from '../table/change-type.ts';
import { toFlussError } from './errors.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { Replica } from './replica.ts';
import { tableBucketKey, tableBucketText, type TableBucket } from '../table/table-bucket.ts';
import { requireOffsetRange } from './request-checks.ts';
import { isLogError, type ReadResult } from '../log/index.ts';
import type { RemoteLogManager } from '../remote-log/remote-log-manager.ts';

/** The response budget when a request gives none (maxBytes ≤ 0). */
export const DEFAULT_FETCH_MAX_BYTES = 16 * 1024 * 1024;
/**
 * The largest response budget a request may ask for; larger ones are cut to it. Together with the
 * calls in flight per connection (rpc/server.ts) it bounds what one client can make the server hold.
 */
export const MAX_FETCH_MAX_BYTES = 64 * 1024 * 1024;

export interface FetchContext {
  replicas: ReplicaManager;
  replicaOf: (tb: TableBucket) => Promise<Replica>;
  /** The longest a fetch may long-poll (fetch.max-wait.cap). */
  maxWaitMs: () => number;
  /** Called with the bytes of every batch served. */
  onServed: (bytes: number) => void;
  /** With remote storage: reads below the local log start. */
  remoteLog?: Pick<RemoteLogManager, 'read' | 'knownLogStartOffset'> | undefined;
}

/**
 * What is left of one response's byte budget as its buckets are read in request order. Only the
 * first bucket with data may go past it, by its first batch (so a batch larger than the budget can
 * still be consumed); a later bucket gets nothing once the budget is spent.
 */
class ResponseBudget {
  #remaining: number;
  #served = false;

  constructor(maxBytes: number) {
    this.#remaining = maxBytes;
  }

  /** The limit of the next bucket's read, and whether its first batch may exceed it. */
  next(bucketMaxBytes: number): { maxBytes: number; atLeastOneBatch: boolean } {
    const limit = bucketMaxBytes > 0 ? Math.min(bucketMaxBytes, this.#remaining) : this.#remaining;
    return { maxBytes: Math.max(limit, 0), atLeastOneBatch: !this.#served };
  }

  spend(bytes: number): void {
    if (bytes === 0) return;
    this.#remaining -= bytes;
    this.#served = true;
  }
}

export function fetchHandler(ctx: FetchContext): (req: FetchRequest__Output) => Promise<FetchResponse> {
  /** The column ids to serve from `replica`, or undefined for all; INVALID_ARGUMENT for a bad projection. */
  function projectionFor(replica: Replica, projection: readonly number[], where: string): number[] | undefined {
    if (projection.length === 0) return undefined;
    // A changelog row means nothing without its change type: projections of a primary-key table keep it.
    const ids = replica.kv === undefined || projection.includes(CHANGE_TYPE_COLUMN_ID) ? [...projection] : [...projection, CHANGE_TYPE_COLUMN_ID];
    try {
      projectedIndexes(replica.logColumns, ids);
    } catch (error) {
      throw new FlussError('INVALID_ARGUMENT', `Invalid projection for ${where}: ${(error as Error).message}`);
    }
    return ids;
  }

  async function fetchOne(bucket: FetchBucket__Output, budget: ResponseBudget, projection: readonly number[]): Promise<FetchedBucket> {
    const base = { tableId: bucket.tableId, partitionId: bucket.partitionId, bucket: bucket.bucket };
    let replica: Replica | undefined;
    try {
      requireOffsetRange(bucket.fetchOffset, `Fetch offset for ${tableBucketText(bucket)}`);
      replica = await ctx.replicaOf(bucket);
      const projected = projectionFor(replica, projection, tableBucketText(bucket, replica.table));
      const { maxBytes, atLeastOneBatch } = budget.next(bucket.maxBytes);
      const { batches, highWatermark, logStartOffset } = await readLog(ctx.remoteLog, replica, bucket.fetchOffset, maxBytes, atLeastOneBatch);
      const out: RecordBatch[] = [];
      let bytes = 0;
      for (const batch of batches) {
        // Only what is durable (below the high watermark) is visible to consumers.
        if (batch.baseOffset >= highWatermark) break;
        const arrowIpc = projected === undefined ? batch.payload : projectIpc(batch.payload, replica.logColumns, projected);
        // Projection re-encodes: check the budget on what is actually sent.
        if (bytes + arrowIpc.byteLength > maxBytes && !(atLeastOneBatch && out.length === 0)) break;
        out.push({
          baseOffset: batch.baseOffset,
          recordCount: batch.recordCount,
          commitTimestampMs: batch.commitTimestampMs,
          schemaId: batch.schemaId,
          arrowIpc,
        });
        bytes += arrowIpc.byteLength;
      }
      budget.spend(bytes);
      ctx.onServed(bytes);
      return { ...base, highWatermark, logStartOffset, batches: out, errorCode: 0, errorMessage: '' };
    } catch (error) {
      const mapped = toFlussError(error, tableBucketText(bucket, replica?.table));
      if (!(mapped instanceof FlussError)) throw mapped;
      // The log start tells a consumer whose position expired where to go on (log-scanner.ts).
      const logStartOffset = replica === undefined ? -1 : (ctx.remoteLog?.knownLogStartOffset(replica) ?? replica.log.logStartOffset);
      return { ...base, highWatermark: -1, logStartOffset, batches: [], ...bucketErrorFields(mapped) };
    }
  }

  async function fetchAll(buckets: FetchBucket__Output[], maxBytes: number, projection: readonly number[]): Promise<FetchedBucket[]> {
    const budget = new ResponseBudget(maxBytes);
    const results: FetchedBucket[] = [];
    for (const bucket of buckets) results.push(await fetchOne(bucket, budget, projection));
    return results;
  }

  return async (req) => {
    refuseRepeatedBuckets(req.buckets);
    const maxBytes = Math.min(req.maxBytes > 0 ? req.maxBytes : DEFAULT_FETCH_MAX_BYTES, MAX_FETCH_MAX_BYTES);
    const projection = req.projectedColumnIds;
    let results = await fetchAll(req.buckets, maxBytes, projection);
    const waitMs = Math.min(req.maxWaitMs, ctx.maxWaitMs());
    const gotData = results.some((r) => (r.batches?.length ?? 0) > 0 || r.errorCode !== 0);
    if (!gotData && waitMs > 0 && req.buckets.length > 0) {
      // Long poll: wake on the first append to any asked bucket, then read again (same budget rules).
      const abort = new AbortController();
      const waits = req.buckets.map(async (bucket) => {
        const replica = await ctx.replicas.get(bucket);
        if (replica) await replica.log.waitForAppend(bucket.fetchOffset, waitMs, abort.signal);
      });
      // Each wait ends by itself after waitMs at the latest.
      await Promise.any(waits).catch(() => undefined);
      abort.abort();
      results = await fetchAll(req.buckets, maxBytes, projection);
    }
    return { buckets: results };
  };
}

/**
 * Reads a replica's log from `offset`: from local segments, or, below the local log start, from the
 * remote segment holding it (the same batches, so the same projection and limits follow). A local
 * read that retention overtook (the start moved past `offset` meanwhile) goes remote too.
 */
async function readLog(
  remoteLog: FetchContext['remoteLog'],
  replica: Replica,
  offset: number,
  maxBytes: number,
  atLeastOneBatch: boolean,
): Promise<ReadResult> {
  const log = replica.log;
  const fromRemote = async (): Promise<ReadResult | undefined> => {
    const batches = await remoteLog?.read(replica, offset, maxBytes, atLeastOneBatch);
    return batches === undefined ? undefined : { batches, highWatermark: log.highWatermark, logStartOffset: remoteLog!.knownLogStartOffset(replica) };
  };
  if (remoteLog !== undefined && offset < log.logStartOffset) {
    const remote = await fromRemote();
    if (remote !== undefined) return remote;
  }
  try {
    const local = await log.read(offset, maxBytes, { atLeastOneBatch });
    return remoteLog === undefined ? local : { ...local, logStartOffset: remoteLog.knownLogStartOffset(replica) };
  } catch (error) {
    if (remoteLog === undefined || !isLogError(error, 'OFFSET_OUT_OF_RANGE') || offset >= log.logStartOffset) throw error;
    const remote = await fromRemote();
    if (remote === undefined) throw error;
    return remote;
  }
}

/** A bucket asked for twice would be served twice (and count twice against nothing useful): refused. */
function refuseRepeatedBuckets(buckets: readonly TableBucket[]): void {
  const seen = new Set<string>();
  for (const bucket of buckets) {
    const key = tableBucketKey(bucket);
    if (seen.has(key)) throw new FlussError('INVALID_ARGUMENT', `Fetch names ${tableBucketText(bucket)} twice; ask for each bucket once`);
    seen.add(key);
  }
}
