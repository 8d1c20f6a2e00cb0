import type { Logger } from 'pino';
import { inspectIpc, projectIpc } from '../arrow/index.ts';
import type { TabletServiceHandlers } from '../rpc/generated/fluss/v1/TabletService.ts';
import type { FetchBucket__Output } from '../rpc/generated/fluss/v1/FetchBucket.ts';
import type { FetchedBucket } from '../rpc/generated/fluss/v1/FetchedBucket.ts';
import type { BucketOffset } from '../rpc/generated/fluss/v1/BucketOffset.ts';
import { FlussError } from '../rpc/errors.ts';
import { unary } from '../rpc/server.ts';
import type { ServerMetrics } from '../common/metrics.ts';
import type { ReplicaManager } from './replica-manager.ts';
import { tableBucketText, type Replica, type TableBucket } from './replica.ts';
import { toFlussError } from './errors.ts';
import { kvHandlers } from './kv-handlers.ts';
import { CHANGE_TYPE_COLUMN_ID } from '../table/change-type.ts';
import type { TabletConfig } from './tablet-config.ts';

export interface TabletContext {
  replicas: ReplicaManager;
  logger: Logger;
  metrics: ServerMetrics;
  config: TabletConfig;
  /** Asks the coordinator for this server's assignment now (a heartbeat out of turn). */
  refreshAssignment: () => Promise<void>;
}

const DEFAULT_FETCH_MAX_BYTES = 16 * 1024 * 1024;

/** A changelog row means nothing without its change type: projections of a primary-key table keep it. */
function withChangeType(replica: Replica, projection: number[]): number[] {
  if (replica.kv === undefined || projection.includes(CHANGE_TYPE_COLUMN_ID)) return projection;
  return [...projection, CHANGE_TYPE_COLUMN_ID];
}

/** The TabletService handlers: produce appends IPC bytes as they came, fetch serves projections. */
export function tabletHandlers(ctx: TabletContext): TabletServiceHandlers {
  const producedBytes = ctx.metrics.counter('fluss_tablet_produced_bytes_total', 'Arrow bytes appended');
  const producedRecords = ctx.metrics.counter('fluss_tablet_produced_records_total', 'Records appended');
  const fetchedBytes = ctx.metrics.counter('fluss_tablet_fetched_bytes_total', 'Arrow bytes served by fetch (after projection)');
  ctx.metrics.gauge('fluss_tablet_replicas', 'Bucket replicas hosted', [], function () {
    this.set(ctx.replicas.size);
  });

  /** Finds a hosted replica; on a miss, refreshes the assignment once (the table may be brand new). */
  async function replicaOf(tb: TableBucket): Promise<Replica> {
    let replica = ctx.replicas.get(tb);
    if (!replica) {
      await ctx.refreshAssignment();
      replica = ctx.replicas.get(tb);
    }
    if (!replica) {
      throw new FlussError('NOT_FOUND', `Unknown table bucket on this server: ${tableBucketText(tb)} (dropped, or hosted elsewhere)`);
    }
    return replica;
  }

  async function fetchOne(bucket: FetchBucket__Output, maxBytes: number, projection: number[]): Promise<FetchedBucket> {
    const base = { tableId: bucket.tableId, partitionId: bucket.partitionId, bucket: bucket.bucket };
    let replica: Replica | undefined;
    try {
      replica = await replicaOf(bucket);
      const { batches, highWatermark, logStartOffset } = await replica.log.read(bucket.fetchOffset, maxBytes);
      const columns = replica.logColumns;
      const projected = projection.length > 0 ? withChangeType(replica, projection) : projection;
      // Only what is durable (below the high watermark) is visible to consumers.
      const out = batches.filter((batch) => batch.baseOffset < highWatermark).map((batch) => ({
        baseOffset: batch.baseOffset,
        recordCount: batch.recordCount,
        commitTimestampMs: batch.commitTimestampMs,
        schemaId: batch.schemaId,
        arrowIpc: projected.length > 0 ? projectIpc(batch.payload, columns, projected) : batch.payload,
      }));
      for (const batch of out) fetchedBytes.inc(batch.arrowIpc.byteLength);
      return { ...base, highWatermark, logStartOffset, batches: out, errorCode: 0, errorMessage: '' };
    } catch (error) {
      const mapped = toFlussError(error, tableBucketText(bucket, replica?.table));
      if (!(mapped instanceof FlussError)) throw mapped;
      return { ...base, highWatermark: -1, logStartOffset: -1, batches: [], errorCode: mapped.grpcCode, errorMessage: mapped.message };
    }
  }

  async function fetchAll(buckets: FetchBucket__Output[], maxBytes: number, projection: number[]): Promise<FetchedBucket[]> {
    const results: FetchedBucket[] = [];
    let budget = maxBytes;
    for (const bucket of buckets) {
      const perBucket = Math.min(bucket.maxBytes > 0 ? bucket.maxBytes : budget, Math.max(budget, 1));
      const fetched = await fetchOne(bucket, perBucket, projection);
      budget -= fetched.batches?.reduce((sum, b) => sum + (b.arrowIpc as Uint8Array).byteLength, 0) ?? 0;
      results.push(fetched);
    }
    return results;
  }

  const u = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>) => unary<Req, Res>(method, ctx, fn);
  const kv = kvHandlers(replicaOf);
  return {
    Produce: u('Produce', async (req) => {
      const replica = await replicaOf(req);
      const where = tableBucketText(req, replica.table);
      if (replica.kv !== undefined) {
        throw new FlussError('INVALID_ARGUMENT', `${where} is a primary-key table: write it with PutKv (an UpsertWriter, or fluss upsert), not Produce`);
      }
      const schemaId = replica.table.schema?.schemaId ?? 0;
      if (req.schemaId !== schemaId) {
        throw new FlussError('INVALID_ARGUMENT', `Schema id ${req.schemaId} does not match ${where}: its schema id is ${schemaId}`);
      }
      try {
        const { recordCount } = inspectIpc(req.arrowIpc, replica.columns);
        const result = await replica.log.append(
          { payload: req.arrowIpc, recordCount, schemaId, writerId: req.writerId, batchSequence: req.batchSequence },
          // Always durable: consumers see only what is below the high watermark (fsynced), so a
          // non-durable append would stay invisible until some later durable one.
          { durable: true },
        );
        if (!result.duplicate) {
          producedBytes.inc(req.arrowIpc.byteLength);
          producedRecords.inc(recordCount);
        }
        return { baseOffset: result.baseOffset, recordCount: result.recordCount, duplicate: result.duplicate };
      } catch (error) {
        throw toFlussError(error, where);
      }
    }),

    Fetch: u('Fetch', async (req) => {
      const maxBytes = req.maxBytes > 0 ? req.maxBytes : DEFAULT_FETCH_MAX_BYTES;
      const projection = req.projectedColumnIds;
      let results = await fetchAll(req.buckets, maxBytes, projection);
      const waitMs = Math.min(req.maxWaitMs, ctx.config.maxFetchWaitMs);
      const gotData = results.some((r) => (r.batches?.length ?? 0) > 0 || r.errorCode !== 0);
      if (!gotData && waitMs > 0 && req.buckets.length > 0) {
        // Long poll: wake on the first append to any asked bucket, then read again.
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
    }),

    PutKv: u('PutKv', kv.putKv),
    Lookup: u('Lookup', kv.lookup),
    PrefixLookup: u('PrefixLookup', kv.prefixLookup),

    ListOffsets: u('ListOffsets', async (req) => {
      const offsets: BucketOffset[] = [];
      for (const bucket of req.buckets) {
        const tb = { tableId: req.tableId, partitionId: req.partitionId, bucket };
        try {
          const { log } = await replicaOf(tb);
          const offset =
            req.spec === 'OFFSET_SPEC_EARLIEST'
              ? log.logStartOffset
              : req.spec === 'OFFSET_SPEC_LATEST'
                ? log.highWatermark
                : await log.offsetForTimestamp(req.timestampMs);
          offsets.push({ bucket, offset, errorCode: 0, errorMessage: '' });
        } catch (error) {
          const mapped = toFlussError(error, tableBucketText(tb));
          if (!(mapped instanceof FlussError)) throw mapped;
          offsets.push({ bucket, offset: -1, errorCode: mapped.grpcCode, errorMessage: mapped.message });
        }
      }
      return { offsets };
    }),
  };
}
