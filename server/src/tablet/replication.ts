import type { Timers } from '../common/timers.ts';
import { FlussError, bucketErrorFields } from '../rpc/errors.ts';
import type { FetchLogRequest__Output } from '../rpc/generated/fluss/v1/FetchLogRequest.ts';
import type { ReplicaFetchBucket__Output } from '../rpc/generated/fluss/v1/ReplicaFetchBucket.ts';
import type { ReplicaFetchedBucket } from '../rpc/generated/fluss/v1/ReplicaFetchedBucket.ts';
import { tableBucketText } from '../table/table-bucket.ts';
import type { TableInfo } from '../table/table-info.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import { toFlussError } from './errors.ts';
import type { Leadership, Replica } from './replica.ts';
import type { ReplicaManager } from './replica-manager.ts';

/**
 * The leader's side of replication (Kafka's, with leader epochs on every batch):
 *  - a follower's FetchLog at offset O tells the leader the follower has everything below O;
 *    the leader answers with its stored batches from O, or — when the follower's last epoch ends
 *    earlier in the leader's log — with the offset to truncate to (OffsetForLeaderEpoch), so a
 *    follower never keeps a batch the leader does not have;
 *  - the high watermark follows the smallest log end among the ISR (follower-tracker.ts), and an
 *    acks=all write is answered once the high watermark has passed it.
 */

/**
 * Moves a leader's high watermark to what its ISR has (and the followers it asked to add to it:
 * Leadership.joining); wakes the writes and reads waiting for it.
 * The leader's own share is what it has on disk (fsynced with `log.flush.fsync`), not its log end:
 * a batch its followers copied before the leader's fsync finished would otherwise be shown to
 * consumers, and taken back if the leader lost power and came back without it.
 */
export function advanceHighWatermark(replica: Replica, serverId: number): void {
  const leadership = replica.leadership;
  if (leadership === undefined) return;
  const counted = leadership.joining.length === 0 ? replica.isr : [...replica.isr, ...leadership.joining];
  if (leadership.followers.advanceHighWatermark(counted, serverId, replica.log.durableEndOffset)) {
    replica.log.setHighWatermark(Math.min(leadership.followers.highWatermark, replica.log.logEndOffset));
  }
}

export interface FetchLogContext {
  replicas: ReplicaManager;
  timers: Timers;
  serverId: number;
}

const NO_DIVERGENCE = { divergingEpoch: -1, divergingEndOffset: -1 };

/** Answers one bucket of a follower's fetch; `waitedOnce` says whether the long poll already waited. */
async function fetchBucket(ctx: FetchLogContext, replicaId: number, asked: ReplicaFetchBucket__Output, maxBytes: number): Promise<ReplicaFetchedBucket> {
  const where = { tableId: asked.tableId, partitionId: asked.partitionId, bucket: asked.bucket };
  const replica = await ctx.replicas.get(where)?.catch(() => undefined);
  try {
    if (replica === undefined) throw new FlussError('UNKNOWN_TABLE_OR_BUCKET', `${tableBucketText(where)} is not hosted here`);
    const name = tableBucketText(replica, replica.table);
    if (replica.role !== 'leader' || replica.leadership === undefined) throw new FlussError('NOT_LEADER_OR_FOLLOWER', `This server does not lead ${name}`);
    if (asked.currentLeaderEpoch !== replica.leaderEpoch) {
      throw new FlussError('FENCED_LEADER_EPOCH', `Fetch of ${name} at leader epoch ${asked.currentLeaderEpoch}; the leader is at ${replica.leaderEpoch}`);
    }
    const log = replica.log;
    const base = {
      ...where,
      errorCode: 0,
      error: '',
      errorMessage: '',
      highWatermark: log.highWatermark,
      logStartOffset: log.logStartOffset,
      records: Buffer.alloc(0),
    };
    const diverging = divergence(replica, asked);
    if (diverging !== undefined) return { ...base, ...diverging };
    if (asked.fetchOffset < log.logStartOffset) {
      throw new FlussError('OFFSET_OUT_OF_RANGE', `Fetch of ${name} at ${asked.fetchOffset}, below the log start ${log.logStartOffset}`);
    }
    replica.leadership.followers.onFetch(replicaId, asked.fetchOffset, log.logEndOffset, ctx.timers.now(), asked.bucketEpoch);
    advanceHighWatermark(replica, ctx.serverId);
    const read = await log.readRaw(asked.fetchOffset, maxBytes);
    return { ...base, ...NO_DIVERGENCE, highWatermark: log.highWatermark, records: Buffer.concat(read.batches) };
  } catch (error) {
    const mapped = toFlussError(error, tableBucketText(where, replica?.table));
    if (!(mapped instanceof FlussError)) throw mapped;
    const log = replica?.log;
    return { ...where, ...bucketErrorFields(mapped), ...NO_DIVERGENCE, highWatermark: -1, logStartOffset: log?.logStartOffset ?? -1, records: Buffer.alloc(0) };
  }
}

/**
 * Where the follower's log stops matching this leader's: the end, in the leader's log, of the
 * follower's last epoch (or of the largest epoch below it the leader has). Undefined when the
 * follower's log is a prefix of the leader's. The epoch decides first: a follower past the
 * leader's log end whose last batches are of an older epoch diverges where that epoch ends here,
 * not at the leader's log end, which can lie inside the follower's last batch.
 */
function divergence(replica: Replica, asked: ReplicaFetchBucket__Output): { divergingEpoch: number; divergingEndOffset: number } | undefined {
  const log = replica.log;
  if (asked.lastFetchedEpoch >= 0) {
    const { epoch, endOffset } = log.endOffsetForEpoch(asked.lastFetchedEpoch);
    if (endOffset < 0) return { divergingEpoch: -1, divergingEndOffset: log.logStartOffset };
    if (epoch < asked.lastFetchedEpoch || endOffset < asked.fetchOffset) return { divergingEpoch: epoch, divergingEndOffset: endOffset };
  }
  if (asked.fetchOffset > log.logEndOffset) return { divergingEpoch: log.latestEpoch ?? -1, divergingEndOffset: log.logEndOffset };
  return undefined;
}

/** The FetchLog handler: answers at once with data, or long-polls until some bucket has more. */
export function fetchLogHandler(ctx: FetchLogContext): (request: FetchLogRequest__Output) => Promise<{ buckets: ReplicaFetchedBucket[] }> {
  const answer = async (request: FetchLogRequest__Output): Promise<ReplicaFetchedBucket[]> => {
    const results: ReplicaFetchedBucket[] = [];
    let budget = Math.max(request.maxBytes, 1);
    for (const asked of request.buckets) {
      // The first batch goes whole even past the budget, so a follower always progresses.
      const fetched = await fetchBucket(ctx, request.replicaId, asked, Math.max(budget, 1));
      budget -= (fetched.records as Buffer).byteLength;
      results.push(fetched);
    }
    return results;
  };
  return async (request) => {
    let results = await answer(request);
    const nothing = results.every((r) => r.errorCode === 0 && (r.records as Buffer).byteLength === 0 && Number(r.divergingEndOffset ?? -1) < 0);
    if (nothing && request.maxWaitMs > 0 && request.buckets.length > 0) {
      const abort = new AbortController();
      const waits = request.buckets.map(async (asked) => {
        const replica = await ctx.replicas.get(asked)?.catch(() => undefined);
        await replica?.log.waitForAppend(asked.fetchOffset, request.maxWaitMs, abort.signal, { until: 'logEnd' });
      });
      await Promise.any(waits).catch(() => undefined);
      abort.abort();
      results = await answer(request);
    }
    return { buckets: results };
  };
}

/**
 * acks=all: the write at offsets [.., lastOffset] is answered once the high watermark has passed
 * it, i.e. every ISR member has it. Fails with NOT_ENOUGH_REPLICAS when the ISR does not get there
 * within `timeoutMs` (the write stays in the log; a retry of the same writer sequence is answered
 * as a duplicate once it is replicated).
 *
 * Only while `term` (the leadership the write was appended under) lasts: once leadership moves (a
 * controlled shutdown, a preferred-leader election, a failover), this log becomes a follower's and
 * may be cut back to the new leader's, and its high watermark then says nothing of this write. So
 * the write fails with NOT_LEADER_OR_FOLLOWER (retriable) at once: the client retries it, as the
 * same writer sequence, on the new leader, which either holds it (a duplicate: answered with its
 * offsets) or appends it.
 */
export async function awaitReplication(replica: Replica, lastOffset: number, timeoutMs: number, term: Leadership | undefined): Promise<void> {
  if (!replica.log.replicated) return;
  checkStillLeading(replica, term, lastOffset);
  if (replica.log.highWatermark > lastOffset) return;
  try {
    await replica.log.waitForAppend(lastOffset, timeoutMs, term?.ended.signal);
  } catch (error) {
    if (term?.ended.signal.aborted !== true) throw error;
  }
  checkStillLeading(replica, term, lastOffset);
  if (replica.log.highWatermark <= lastOffset) {
    throw new FlussError(
      'NOT_ENOUGH_REPLICAS',
      `${tableBucketText(replica, replica.table)}: offset ${lastOffset} not replicated to the ISR (${replica.isr.join(',')}) within ${timeoutMs} ms`,
    );
  }
}

/** `table.min-insync-replicas` of a table, read once per table version. */
const minInsyncOf = new WeakMap<TableInfo, number>();
export function minInsyncReplicas(table: TableInfo): number {
  let value = minInsyncOf.get(table);
  if (value === undefined) {
    value = parseTableOptions(table.properties, table.partitionKeys).minInsyncReplicas;
    minInsyncOf.set(table, value);
  }
  return value;
}

/**
 * A write appended under `term` is answered by this server only while that term lasts (see
 * awaitReplication): after it, NOT_LEADER_OR_FOLLOWER, which clients retry on the new leader.
 */
export function checkStillLeading(replica: Replica, term: Leadership | undefined, lastOffset: number): void {
  if (!replica.log.replicated || (replica.leadership === term && !term?.ended.signal.aborted)) return;
  const leader = replica.leader < 0 ? 'it has no leader right now' : `its leader is now server ${replica.leader}`;
  throw new FlussError(
    'NOT_LEADER_OR_FOLLOWER',
    `Leadership of ${tableBucketText(replica, replica.table)} moved before the write up to offset ${lastOffset} was replicated: ${leader} ` +
      `(leader epoch ${replica.leaderEpoch}); retry there`,
  );
}

/** acks=all needs `table.min-insync-replicas` in the ISR before the write is even appended. */
export function checkInsyncReplicas(replica: Replica, minInsyncReplicas: number): void {
  if (replica.log.replicated && replica.isr.length < minInsyncReplicas) {
    throw new FlussError(
      'NOT_ENOUGH_REPLICAS',
      `${tableBucketText(replica, replica.table)}: ${replica.isr.length} in-sync replicas (${replica.isr.join(',')}), table.min-insync-replicas is ${minInsyncReplicas}`,
    );
  }
}
