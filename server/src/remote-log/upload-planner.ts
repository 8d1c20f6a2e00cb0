import type { ClosedSegment } from '../log/index.ts';
import type { RemoteLogManifest } from './manifest.ts';

/** A local segment to upload, and the first offset its manifest entry serves. */
export interface PlannedUpload extends ClosedSegment {
  startOffset: number;
}

/**
 * What a bucket's leader uploads next (pure): its closed segments wholly below the high watermark
 * (committed on the ISR: no leader will ever truncate them) that reach past the remote end, oldest
 * first. A segment the remote end falls inside is served from the remote end on (batches are the
 * same on every replica, so the end is a batch boundary here too). `pending` counts them all, the
 * lag the metric reports; `upload` is at most `limit` of them, so that one bucket does not hold
 * the uploader for a whole backlog.
 */
export function planUploads(
  closed: readonly ClosedSegment[],
  highWatermark: number,
  remoteEnd: number | undefined,
  limit: number,
): { upload: PlannedUpload[]; pending: number } {
  const due = closed
    .filter(
      (segment) =>
        segment.nextOffset <= highWatermark && segment.nextOffset > segment.baseOffset && (remoteEnd === undefined || segment.nextOffset > remoteEnd),
    )
    .map((segment) => ({ ...segment, startOffset: remoteEnd === undefined ? segment.baseOffset : Math.max(segment.baseOffset, remoteEnd) }));
  return { upload: due.slice(0, limit), pending: due.length };
}

/**
 * How many of the oldest remote segments remote retention removes (pure): those whose newest
 * batch is older than `ttlMs` (`table.log.ttl`; -1 keeps them forever). Stops at the first one
 * still young: timestamps never decrease along a log.
 */
export function expiredRemoteSegments(manifest: RemoteLogManifest, ttlMs: number, nowMs: number): number {
  if (ttlMs < 0) return 0;
  let count = 0;
  while (count < manifest.segments.length && nowMs - manifest.segments[count]!.maxTimestampMs > ttlMs) count++;
  return count;
}

/**
 * What local retention of a leader's log may delete once its segments are in remote storage
 * (pure): every segment beyond the newest `localSegments` (`table.log.tiered.local-segments`) or
 * past the TTL, but none holding an offset at or after the committed remote end; with nothing
 * committed yet (or the manifest not known), nothing at all. Never a segment that is not uploaded,
 * whatever the TTL says and however long the store is down.
 */
export function tieredLocalRetention(
  remoteEnd: number | undefined,
  logStartOffset: number,
  localSegments: number,
): { keepFromOffset: number; keepSegments: number } {
  return { keepFromOffset: remoteEnd ?? logStartOffset, keepSegments: localSegments };
}
