import { describe, expect, it } from 'vitest';
import { emptyManifest, nextManifest } from './manifest.ts';
import { segmentMetadata } from './segment-metadata.ts';
import { expiredRemoteSegments, planUploads, tieredLocalRetention } from './upload-planner.ts';
import type { BatchHeader } from '../log/index.ts';

const closed = [
  { baseOffset: 0, nextOffset: 10, sizeBytes: 1, maxTimestampMs: 100 },
  { baseOffset: 10, nextOffset: 20, sizeBytes: 1, maxTimestampMs: 200 },
  { baseOffset: 20, nextOffset: 30, sizeBytes: 1, maxTimestampMs: 300 },
];

describe('upload planner', () => {
  it('uploads closed segments wholly below the high watermark past the remote end, oldest first, at most the limit', () => {
    expect(planUploads(closed, 30, undefined, 10)).toEqual({ upload: closed.map((s) => ({ ...s, startOffset: s.baseOffset })), pending: 3 });
    // The high watermark inside the third: it waits (a new leader might truncate it).
    expect(planUploads(closed, 29, undefined, 10).upload.map((s) => s.baseOffset)).toEqual([0, 10]);
    expect(planUploads(closed, 30, 20, 10).upload.map((s) => s.baseOffset)).toEqual([20]);
    expect(planUploads(closed, 30, 30, 10)).toEqual({ upload: [], pending: 0 });
    expect(planUploads(closed, 30, undefined, 1)).toMatchObject({ upload: [{ baseOffset: 0 }], pending: 3 });
  });

  it('a segment the remote end falls inside is served from the end on', () => {
    expect(planUploads(closed, 30, 15, 10).upload.map((s) => [s.baseOffset, s.startOffset])).toEqual([
      [10, 15],
      [20, 20],
    ]);
  });

  it('remote retention drops the oldest segments past the TTL, none with TTL -1', () => {
    const manifest = nextManifest(emptyManifest({ tableId: 1, partitionId: -1, bucket: 0 }, 'i'), {
      added: closed.map((s, i) => ({
        id: String(i),
        segmentBaseOffset: s.baseOffset,
        startOffset: s.baseOffset,
        endOffset: s.nextOffset,
        maxTimestampMs: s.maxTimestampMs,
        sizeBytes: 1,
        sha256: '',
        leaderEpoch: 0,
        keys: { log: `${i}.log`, offsetIndex: `${i}.index`, timeIndex: `${i}.timeindex`, metadata: `${i}.meta.json` },
      })),
      expired: 0,
      leaderEpoch: 0,
      previousKey: undefined,
    });
    expect(expiredRemoteSegments(manifest, 100, 250)).toBe(1);
    expect(expiredRemoteSegments(manifest, 100, 1_000)).toBe(3);
    expect(expiredRemoteSegments(manifest, -1, 1_000_000)).toBe(0);
  });

  it('local retention of a tiered log keeps everything not committed remotely', () => {
    expect(tieredLocalRetention(undefined, 40, 2)).toEqual({ keepFromOffset: 40, keepSegments: 2 });
    expect(tieredLocalRetention(20, 0, 2)).toEqual({ keepFromOffset: 20, keepSegments: 2 });
  });
});

describe('segment metadata', () => {
  const header = (baseOffset: number, recordCount: number, leaderEpoch: number, writerId: number, batchSequence: number): BatchHeader =>
    ({
      baseOffset,
      recordCount,
      leaderEpoch,
      writerId,
      batchSequence,
      commitTimestampMs: baseOffset,
      schemaId: 1,
      batchLength: 60,
      attributes: 0,
      crc: 0,
      magic: 2,
      payloadLength: 5,
    }) as BatchHeader;

  it('records the epochs starting in the segment and each writer’s last batches', () => {
    const headers = [header(0, 2, 1, 5, 0), header(2, 0, 2, 6, 0), header(2, 3, 3, 5, 1), ...Array.from({ length: 6 }, (_, i) => header(5 + i, 1, 3, 7, i))];
    const metadata = segmentMetadata(0, 11, headers);
    // Epoch 2 holds no offset (an empty batch): epoch 3 starts at the same offset and replaces it.
    expect(metadata.epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 2 },
    ]);
    expect(metadata.writers.find((w) => w.writerId === 5)?.batches.map((b) => b.batchSequence)).toEqual([0, 1]);
    expect(metadata.writers.find((w) => w.writerId === 6)?.batches).toHaveLength(1);
    expect(metadata.writers.find((w) => w.writerId === 7)?.batches.map((b) => b.batchSequence)).toEqual([1, 2, 3, 4, 5]);
  });
});
