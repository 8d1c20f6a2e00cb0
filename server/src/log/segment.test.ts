import { readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_HEADER_BYTES, encodeBatchHeader, type BatchFields, type BatchHeader } from './batch-format.ts';
import { LogError } from './errors.ts';
import { LogSegment, type SegmentLoadOptions } from './segment.ts';
import { flipByte, makeTempDir, payloadOf, removeTempDirs } from './test-support.ts';

afterEach(removeTempDirs);

const BASE_OFFSET = 1000;
const INDEX_INTERVAL_BYTES = 200;

/** Appends `count` batches of 3 records with payloads of 60..(60+count) bytes; commit time = 10 * i. */
async function segmentWithBatches(count: number): Promise<{ dir: string; segment: LogSegment; fields: BatchFields[] }> {
  const dir = await makeTempDir();
  const segment = await LogSegment.create(dir, BASE_OFFSET, { indexIntervalBytes: INDEX_INTERVAL_BYTES });
  const fields: BatchFields[] = [];
  for (let i = 0; i < count; i++) {
    const payload = payloadOf(i, 60 + i);
    const batch = {
      baseOffset: BASE_OFFSET + 3 * i,
      attributes: 0,
      recordCount: 3,
      commitTimestampMs: 10 * i,
      schemaId: 1,
      writerId: -1,
      batchSequence: -1,
      leaderEpoch: 0,
    };
    await segment.append(encodeBatchHeader(batch, payload), payload, { ...batch, batchLength: BATCH_HEADER_BYTES + payload.byteLength });
    fields.push(batch);
  }
  return { dir, segment, fields };
}

function loadOptions(overrides: Partial<SegmentLoadOptions> = {}): SegmentLoadOptions & { seen: BatchHeader[] } {
  const seen: BatchHeader[] = [];
  return { indexIntervalBytes: INDEX_INTERVAL_BYTES, verifyCrc: () => true, onBatch: (header) => seen.push(header), seen, ...overrides };
}

function batchPosition(index: number): number {
  let position = 0;
  for (let i = 0; i < index; i++) position += BATCH_HEADER_BYTES + 60 + i;
  return position;
}

describe('LogSegment', () => {
  it('reads back what was appended from any offset, including one inside a batch', async () => {
    const { segment } = await segmentWithBatches(20);
    expect(segment.nextOffset).toBe(BASE_OFFSET + 60);
    for (const offset of [BASE_OFFSET, BASE_OFFSET + 1, BASE_OFFSET + 31, BASE_OFFSET + 59]) {
      const read = await segment.read(offset, 1, true);
      const first = Math.floor((offset - BASE_OFFSET) / 3);
      expect(read?.batches.map((batch) => batch.baseOffset)).toEqual([BASE_OFFSET + 3 * first]);
      expect(Buffer.from(read!.batches[0]!.payload).equals(Buffer.from(payloadOf(first, 60 + first)))).toBe(true);
    }
    expect(await segment.read(BASE_OFFSET + 60, 1000, true)).toBeNull();
    await segment.close();
  });

  it('returns whole batches within maxBytes, and one batch beyond it only when asked to', async () => {
    const { segment } = await segmentWithBatches(5);
    const twoBatches = batchPosition(2);
    expect((await segment.read(BASE_OFFSET, twoBatches, true))?.batches).toHaveLength(2);
    expect((await segment.read(BASE_OFFSET, twoBatches - 1, true))?.batches).toHaveLength(1);
    expect((await segment.read(BASE_OFFSET, 10, true))?.batches).toHaveLength(1);
    expect((await segment.read(BASE_OFFSET, 10, false))?.batches).toHaveLength(0);
    await segment.close();
  });

  it('finds the first batch at or after a commit timestamp', async () => {
    const { segment } = await segmentWithBatches(20);
    expect(await segment.offsetForTimestamp(0)).toBe(BASE_OFFSET);
    expect(await segment.offsetForTimestamp(55)).toBe(BASE_OFFSET + 18);
    expect(await segment.offsetForTimestamp(190)).toBe(BASE_OFFSET + 57);
    expect(await segment.offsetForTimestamp(191)).toBeNull();
    await segment.close();
  });

  it('load rebuilds the same index files that append produced', async () => {
    const { dir, segment } = await segmentWithBatches(20);
    await segment.persistIndexes({ fsync: false, onlyIfStale: false });
    const indexPath = join(dir, '00000000000000001000.index');
    const written = await readFile(indexPath);
    expect(written.byteLength).toBeGreaterThan(0);
    await segment.close();

    const options = loadOptions();
    const { segment: loaded, invalid } = await LogSegment.load(dir, BASE_OFFSET, options);
    expect(invalid).toBeNull();
    expect(options.seen).toHaveLength(20);
    expect(loaded.nextOffset).toBe(BASE_OFFSET + 60);
    expect(loaded.maxTimestampMs).toBe(190);
    expect(await loaded.persistIndexes({ fsync: false, onlyIfStale: true })).toBe(false);
    await loaded.close();
  });

  it('load reports a torn tail and truncateInvalidTail cuts exactly there', async () => {
    const { dir, segment } = await segmentWithBatches(6);
    await segment.close();
    const logPath = join(dir, '00000000000000001000.log');
    await truncate(logPath, batchPosition(5) + 10);

    const { segment: loaded, invalid } = await LogSegment.load(dir, BASE_OFFSET, loadOptions());
    expect(invalid).toMatchObject({ position: batchPosition(5), offset: BASE_OFFSET + 15 });
    expect(await loaded.truncateInvalidTail()).toBe(10);
    expect((await stat(logPath)).size).toBe(batchPosition(5));
    expect(loaded.nextOffset).toBe(BASE_OFFSET + 15);
    await loaded.close();
  });

  it('load checks CRCs only where asked', async () => {
    const { dir, segment } = await segmentWithBatches(6);
    await segment.close();
    await flipByte(join(dir, '00000000000000001000.log'), batchPosition(2) + BATCH_HEADER_BYTES + 5);

    const unchecked = await LogSegment.load(dir, BASE_OFFSET, loadOptions({ verifyCrc: () => false }));
    expect(unchecked.invalid).toBeNull();
    await unchecked.segment.close();
    const checked = await LogSegment.load(dir, BASE_OFFSET, loadOptions());
    expect(checked.invalid).toMatchObject({ position: batchPosition(2), offset: BASE_OFFSET + 6 });
    expect(checked.invalid?.reason).toMatch(/crc mismatch/);
    await checked.segment.close();
  });

  it('read refuses a corrupt batch and stops a multi-batch read before it', async () => {
    const { dir, segment } = await segmentWithBatches(6);
    await flipByte(join(dir, '00000000000000001000.log'), batchPosition(3) + BATCH_HEADER_BYTES + 1);
    const read = await segment.read(BASE_OFFSET, 100_000, true);
    expect(read?.batches.map((batch) => batch.baseOffset)).toEqual([1000, 1003, 1006]);
    expect(read?.corruption).toMatch(/crc mismatch/);
    await expect(segment.read(BASE_OFFSET + 9, 100_000, true)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    await expect(segment.read(BASE_OFFSET + 10, 100_000, true)).rejects.toBeInstanceOf(LogError);
    await segment.close();
  });

  it('keeps a deleted segment readable until its last pinned read ends', async () => {
    const { dir, segment } = await segmentWithBatches(3);
    segment.pin();
    await segment.delete();
    await expect(stat(join(dir, '00000000000000001000.log'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await segment.read(BASE_OFFSET, 1000, true))?.batches).toHaveLength(3);
    await segment.unpin();
    await expect(segment.read(BASE_OFFSET, 1000, true)).rejects.toThrow();
  });
});
