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
  }
  await log.flush();
  if (log.replicated) log.setHighWatermark(end);
  return { fromOffset: start, toOffset: end, bytes };
}
