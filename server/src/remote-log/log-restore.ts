import type { LogTablet } from '../log/index.ts';
import { remoteStartOffset, segmentHolding, type RemoteLogManifest } from './manifest.ts';
import type { RemoteSegmentCache } from './remote-segment-cache.ts';

/** What a restore put into the local log: [fromOffset, toOffset), `bytes` of stored batches. */
export interface LogRestore {
  fromOffset: number;
  toOffset: number;
  bytes: number;
}

/** Batch bytes read from a remote segment per append. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Fills an empty local log with its bucket's remote log from `fromOffset` (at least the remote
 * start) to the remote end, batch for batch as a follower copies its leader: offsets, leader
 * epochs, writer ids and sequences stay as they were, so the epoch history and the writer state
 * come back with them. Everything in a committed manifest was below the high watermark when it
 * was uploaded, so a replicated log's high watermark moves to the restored end.
 *
 * A remote log whose segments all expired still has an end: the log starts there empty, so new
 * batches never reuse offsets that consumers saw. Returns undefined when nothing was ever
 * uploaded. Throws CORRUPT_RECORD for a remote segment that is missing or fails its checksum.
 */
export async function restoreLogFromRemote(
  log: LogTablet,
  manifest: RemoteLogManifest,
  cache: RemoteSegmentCache,
  fromOffset: number,
): Promise<LogRestore | undefined> {
  if (log.logEndOffset !== log.logStartOffset) throw new Error(`Cannot restore into a log that holds [${log.logStartOffset}, ${log.logEndOffset})`);
  const end = manifest.endOffset;
  if (end === undefined) return undefined;
  const start = Math.min(end, Math.max(fromOffset, remoteStartOffset(manifest) ?? end));
  await log.truncateFully(start);
  return copyFromRemote(log, manifest, cache, end, false);
}

/**
 * Appends to a follower's log what the remote log holds from its log end on, when its leader no
 * longer has that part locally (tiered local retention went past it): the batches go in as a
 * follower copies its leader's, so a primary-key replica's KV state follows them as it follows
 * fetched changelog. Undefined when no remote segment holds the log end (never uploaded, or
 * expired by remote retention) or the remote log ends there.
 */
export async function catchUpFromRemote(log: LogTablet, manifest: RemoteLogManifest, cache: RemoteSegmentCache): Promise<LogRestore | undefined> {
  const end = manifest.endOffset;
  if (end === undefined || end <= log.logEndOffset || segmentHolding(manifest, log.logEndOffset) === undefined) return undefined;
  return copyFromRemote(log, manifest, cache, end, true);
}

/**
 * Copies remote batches from the log end to `end` (the remote end), and moves a replicated log's
 * high watermark there: at the end, or (`stepwise`, for a log a KV tablet follows) after each
 * chunk is flushed, so the KV state applies the changelog as it comes instead of buffering it all.
 */
async function copyFromRemote(log: LogTablet, manifest: RemoteLogManifest, cache: RemoteSegmentCache, end: number, stepwise: boolean): Promise<LogRestore> {
  const start = log.logEndOffset;
  let bytes = 0;
  while (log.logEndOffset < end) {
    const offset = log.logEndOffset;
    const segment = segmentHolding(manifest, offset);
    if (segment === undefined) throw new Error(`Remote log of ${manifest.tableId}/${manifest.bucket} has no segment holding offset ${offset}`);
    const chunks = await cache.withSegment(segment, (reader) => reader.readRaw(offset, CHUNK_BYTES));
    if (chunks.length === 0) throw new Error(`Remote segment ${segment.keys.log} holds nothing at offset ${offset}`);
    await log.appendAsFollower(chunks, { durable: false });
    bytes += chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    if (log.logEndOffset <= offset) throw new Error(`Restoring from ${segment.keys.log} made no progress at offset ${offset}`);
    if (stepwise && log.replicated) {
      await log.flush();
      log.setHighWatermark(Math.min(end, log.logEndOffset));
    }
  }
  await log.flush();
  if (log.replicated) log.setHighWatermark(end);
  return { fromOffset: start, toOffset: end, bytes };
}
