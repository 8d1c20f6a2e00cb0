import type { Logger } from 'pino';
import type { Timers } from '../common/timers.ts';
import { advanceHighWatermark, awaitReplication, checkInsyncReplicas, checkStillLeading, fetchLogHandler, minInsyncReplicas } from './replication.ts';
import { inspectIpc } from '../arrow/index.ts';
import type { TabletServiceHandlers } from '../rpc/generated/fluss/v1/TabletService.ts';
import type { BucketOffset } from '../rpc/generated/fluss/v1/BucketOffset.ts';
import { bucketErrorFields, FlussError } from '../rpc/errors.ts';
import { unary } from '../rpc/server.ts';
import type { ServerMetrics } from '../common/metrics.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { Replica } from './replica.ts';
import { tableBucketText, type TableBucket } from '../table/table-bucket.ts';
import { toFlussError } from './errors.ts';
import { kvHandlers } from './kv-handlers.ts';
import { fetchHandler } from './fetch-handler.ts';
import { requireOffsetRange } from './request-checks.ts';
import type { TabletConfig } from './tablet-config.ts';
import type { RemoteLogManager } from '../remote-log/remote-log-manager.ts';
import type { UpdateBucketStatesRequest__Output } from '../rpc/generated/fluss/v1/UpdateBucketStatesRequest.ts';

export interface TabletContext {
  replicas: ReplicaManager;
  logger: Logger;
  metrics: ServerMetrics;
  config: TabletConfig;
  /** Asks the coordinator for this server's assignment now (a heartbeat out of turn). */
  refreshAssignment: () => Promise<void>;
  serverId: number;
  timers: Timers;
  /** With remote storage: the remote log (reads below the local log start). */
  remoteLog?: RemoteLogManager | undefined;
  /** Applies bucket states the coordinator pushed; returns how many applied. Absent: none are (heartbeats bring them). */
  applyPushedStates?: (request: UpdateBucketStatesRequest__Output) => Promise<number>;
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
    const unopenable = replica === undefined ? ctx.replicas.whyUnopenable(tb) : undefined;
    if (unopenable !== undefined) throw toFlussError(unopenable, tableBucketText(tb));
    if (!replica) {
      throw new FlussError('UNKNOWN_TABLE_OR_BUCKET', `Unknown table bucket on this server: ${tableBucketText(tb)} (dropped, or hosted elsewhere)`);
    }
    const hosted = await replica;
    if (hosted.role !== 'leader') {
      const leader = hosted.leader < 0 ? 'it has no leader right now' : `its leader is server ${hosted.leader}`;
      throw new FlussError(
        'NOT_LEADER_OR_FOLLOWER',
        `This server does not lead ${tableBucketText(hosted, hosted.table)}: ${leader} (leader epoch ${hosted.leaderEpoch})`,
      );
    }
    return hosted;
  }

  const u = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>) => unary<Req, Res>(method, ctx, fn);
  const kv = kvHandlers({ replicaOf, serverId: ctx.serverId, ackTimeoutMs: () => ctx.config.produceAckTimeoutMs });
  const fetch = fetchHandler({
    replicas: ctx.replicas,
    replicaOf,
    maxWaitMs: () => ctx.config.maxFetchWaitMs,
    onServed: (bytes) => fetchedBytes.inc(bytes),
    remoteLog: ctx.remoteLog,
  });
  const remote = ctx.remoteLog;
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
      const acksAll = req.acks === -1;
      // The term of leadership the write is appended under: answered only while it lasts.
      const term = replica.leadership;
      try {
        const { recordCount } = inspectIpc(req.arrowIpc, replica.columns);
        if (acksAll) checkInsyncReplicas(replica, minInsyncReplicas(replica.table));
        const result = await replica.log.append(
          { payload: req.arrowIpc, recordCount, schemaId, writerId: req.writerId, batchSequence: req.batchSequence },
          // Always durable: consumers see only what is below the high watermark (fsynced), so a
          // non-durable append would stay invisible until some later durable one.
          { durable: true, leaderEpoch: replica.leaderEpoch },
        );
        advanceHighWatermark(replica, ctx.serverId);
        const lastOffset = result.baseOffset + result.recordCount - 1;
        if (acksAll) await awaitReplication(replica, lastOffset, ctx.config.produceAckTimeoutMs, term);
        else checkStillLeading(replica, term, lastOffset);
        if (!result.duplicate) {
          producedBytes.inc(req.arrowIpc.byteLength);
          producedRecords.inc(recordCount);
        }
        return { baseOffset: result.baseOffset, recordCount: result.recordCount, duplicate: result.duplicate };
      } catch (error) {
        throw toFlussError(error, where);
      }
    }),

    Fetch: u('Fetch', fetch),

    PutKv: u('PutKv', kv.putKv),
    FetchLog: u('FetchLog', fetchLogHandler({ replicas: ctx.replicas, timers: ctx.timers, serverId: ctx.serverId })),
    UpdateBucketStates: u('UpdateBucketStates', async (req) => ({ applied: (await ctx.applyPushedStates?.(req)) ?? 0 })),
    Lookup: u('Lookup', kv.lookup),
    PrefixLookup: u('PrefixLookup', kv.prefixLookup),

    ListOffsets: u('ListOffsets', async (req) => {
      const offsets: BucketOffset[] = [];
      for (const bucket of req.buckets) {
        const tb = { tableId: req.tableId, partitionId: req.partitionId, bucket };
        try {
          if (req.spec === 'OFFSET_SPEC_TIMESTAMP') requireOffsetRange(req.timestampMs, `ListOffsets timestamp for ${tableBucketText(tb)}`);
          const replica = await replicaOf(tb);
          const { log } = replica;
          // Older data may be in remote storage only: earliest and timestamps look there first.
          const offset =
            req.spec === 'OFFSET_SPEC_EARLIEST'
              ? ((await remote?.logStartOffset(replica)) ?? log.logStartOffset)
              : req.spec === 'OFFSET_SPEC_LATEST'
                ? log.highWatermark
                : Math.min(
                    (await remote?.offsetForTimestamp(replica, req.timestampMs)) ?? Number.MAX_SAFE_INTEGER,
                    await log.offsetForTimestamp(req.timestampMs),
                  );
          offsets.push({ bucket, offset, errorCode: 0, errorMessage: '' });
        } catch (error) {
          const mapped = toFlussError(error, tableBucketText(tb));
          if (!(mapped instanceof FlussError)) throw mapped;
          offsets.push({ bucket, offset: -1, ...bucketErrorFields(mapped) });
        }
      }
      return { offsets };
    }),
  };
}
