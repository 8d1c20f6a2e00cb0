import { describe, expect, it } from 'vitest';
import { segmentsEndingBy, segmentsToDelete, type RetentionSegment } from './retention.ts';

const segments: RetentionSegment[] = [
  { sizeBytes: 100, maxTimestampMs: 1000 },
  { sizeBytes: 100, maxTimestampMs: 2000 },
  { sizeBytes: 100, maxTimestampMs: 3000 },
  { sizeBytes: 50, maxTimestampMs: 4000 }, // active
];

describe('segmentsToDelete', () => {
  it('keeps everything when both limits are off', () => {
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: -1 }, 1e12)).toBe(0);
  });

  it('deletes segments whose newest batch is older than retentionMs', () => {
    expect(segmentsToDelete(segments, { retentionMs: 1000, retentionBytes: -1 }, 3000)).toBe(1);
    expect(segmentsToDelete(segments, { retentionMs: 999, retentionBytes: -1 }, 3000)).toBe(2);
  });

  it('never deletes the active segment, however old', () => {
    expect(segmentsToDelete(segments, { retentionMs: 0, retentionBytes: -1 }, 1e12)).toBe(3);
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: 0 }, 0)).toBe(3);
  });

  it('deletes the oldest segments only while the rest stays at or above retentionBytes', () => {
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: 350 }, 0)).toBe(0);
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: 250 }, 0)).toBe(1);
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: 249 }, 0)).toBe(1);
    expect(segmentsToDelete(segments, { retentionMs: -1, retentionBytes: 150 }, 0)).toBe(2);
  });

  it('takes the larger of the two limits', () => {
    expect(segmentsToDelete(segments, { retentionMs: 1500, retentionBytes: 150 }, 3000)).toBe(2);
  });

  it('stops time retention at a segment with no known timestamp', () => {
    const withUnknown = [segments[0]!, { sizeBytes: 10, maxTimestampMs: null }, ...segments.slice(1)];
    expect(segmentsToDelete(withUnknown, { retentionMs: 0, retentionBytes: -1 }, 1e12)).toBe(1);
  });
});

describe('segmentsEndingBy', () => {
  const bounded = [{ nextOffset: 10 }, { nextOffset: 20 }, { nextOffset: 30 }];
  it('counts the leading segments whose records all lie below the offset', () => {
    expect(segmentsEndingBy(bounded, 0)).toBe(0);
    expect(segmentsEndingBy(bounded, 19)).toBe(1);
    expect(segmentsEndingBy(bounded, 20)).toBe(2);
    expect(segmentsEndingBy(bounded, 1000)).toBe(3);
  });
});
