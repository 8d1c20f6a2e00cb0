/** What retention needs to know about a segment. */
export interface RetentionSegment {
  sizeBytes: number;
  /** Null when unknown (an empty or unreadable segment): time retention stops there. */
  maxTimestampMs: number | null;
}

export interface RetentionPolicy {
  retentionMs: number;
  retentionBytes: number;
}

/**
 * How many of the oldest segments retention deletes: those whose newest batch is older than
 * `retentionMs`, or as many as needed to bring the total under `retentionBytes`, whichever is more.
 * The last segment (the active one) is never counted. Pure, so the policy is testable without files.
 */
export function segmentsToDelete(segments: readonly RetentionSegment[], policy: RetentionPolicy, nowMs: number): number {
  const candidates = segments.length - 1;
  let byTime = 0;
  if (policy.retentionMs >= 0) {
    while (byTime < candidates) {
      const maxTimestampMs = segments[byTime]!.maxTimestampMs;
      if (maxTimestampMs === null || nowMs - maxTimestampMs <= policy.retentionMs) break;
      byTime++;
    }
  }
  let bySize = 0;
  if (policy.retentionBytes >= 0) {
    let excess = segments.reduce((total, segment) => total + segment.sizeBytes, 0) - policy.retentionBytes;
    while (bySize < candidates && excess - segments[bySize]!.sizeBytes >= 0) {
      excess -= segments[bySize]!.sizeBytes;
      bySize++;
    }
  }
  return Math.max(byTime, bySize);
}

/**
 * How many of the oldest segments lie wholly below `offset` (each one's records end at or before
 * it): the most retention may delete when the log from `offset` on must stay (a KV tablet's
 * changelog after its snapshot).
 */
export function segmentsEndingBy(segments: readonly { nextOffset: number }[], offset: number): number {
  let count = 0;
  while (count < segments.length && segments[count]!.nextOffset <= offset) count++;
  return count;
}
