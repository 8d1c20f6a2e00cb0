import { open, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_HEADER_BYTES } from './batch-format.ts';
import type { LogConfig } from './config.ts';
import { LogTablet } from './log-tablet.ts';
import {
  appendInput,
  crashImage,
  encodeV1Batch,
  makeTempDir,
  ManualTimers,
  payloadOf,
  readAll,
  removeTempDirs,
  segmentFiles,
  testConfig,
} from './test-support.ts';
import type { AppendResult } from './types.ts';

afterEach(async () => {
  vi.restoreAllMocks();
  await removeTempDirs();
});

async function openLog(overrides: Partial<LogConfig> = {}, clock = new ManualTimers()): Promise<{ log: LogTablet; dir: string; clock: ManualTimers }> {
  const dir = await makeTempDir();
  return { log: await LogTablet.open(dir, testConfig(overrides), clock), dir, clock };
}

/** Appends batches i = 0..count-1 with payload seed i, (i % 4) + 1 records and a varying size. */
async function appendMany(log: LogTablet, count: number, clock?: ManualTimers): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  for (let i = 0; i < count; i++) {
    results.push(await log.append(appendInput(payloadOf(i, 50 + ((i * 37) % 300)), { recordCount: (i % 4) + 1 }), { durable: false }));
    clock?.advance(10);
  }
  return results;
}

function expectPayloadsOfSeeds(payloads: Uint8Array[], seeds: number[]): void {
  expect(payloads.length).toBe(seeds.length);
  payloads.forEach((payload, i) => {
    const seed = seeds[i]!;
    expect(Buffer.from(payload).equals(Buffer.from(payloadOf(seed, 50 + ((seed * 37) % 300)))), `payload ${i}`).toBe(true);
  });
}

const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);

describe('LogTablet append and read', () => {
  it('round-trips batches across segment rolls with contiguous offsets', async () => {
    const { log, dir } = await openLog();
    const results = await appendMany(log, 80);
    expect((await segmentFiles(dir)).length).toBeGreaterThan(3);
    results.forEach((result, i) => {
      expect(result.duplicate).toBe(false);
      expect(result.baseOffset).toBe(i === 0 ? 0 : results[i - 1]!.baseOffset + results[i - 1]!.recordCount);
    });
    expect(log.logEndOffset).toBe(results.at(-1)!.baseOffset + results.at(-1)!.recordCount);

    const batches = await readAll(log);
    expect(batches.map((batch) => [batch.baseOffset, batch.recordCount, batch.schemaId])).toEqual(results.map((r) => [r.baseOffset, r.recordCount, 1]));
    expectPayloadsOfSeeds(
      batches.map((batch) => batch.payload),
      range(80),
    );
    await log.close();
  });

  it('keeps every segment within segmentBytes, except a single batch larger than it', async () => {
    const { log, dir } = await openLog({ segmentBytes: 1000 });
    await appendMany(log, 30);
    await log.append(appendInput(new Uint8Array(3000)), { durable: false });
    await log.append(appendInput(new Uint8Array(10)), { durable: false });
    const sizes = await Promise.all((await segmentFiles(dir)).map(async (name) => (await stat(join(dir, name))).size));
    expect(sizes.filter((size) => size > 1000)).toEqual([3000 + BATCH_HEADER_BYTES]);
    await log.close();
  });

  it('reads from inside a batch, returns nothing at the end, and refuses offsets outside the log', async () => {
    const { log } = await openLog();
    await log.append(appendInput(payloadOf(1, 10), { recordCount: 5 }), { durable: false });
    await log.append(appendInput(payloadOf(2, 10), { recordCount: 5 }), { durable: false });
    expect((await log.read(7, 1)).batches.map((batch) => batch.baseOffset)).toEqual([5]);
    expect(await log.read(10, 1000)).toEqual({ batches: [], highWatermark: 10, logStartOffset: 0 });
    await expect(log.read(11, 1000)).rejects.toMatchObject({ name: 'LogError', code: 'OFFSET_OUT_OF_RANGE' });
    await expect(log.read(-1, 1000)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await log.close();
  });

  it('returns one whole batch larger than maxBytes, and otherwise stays within maxBytes', async () => {
    const { log } = await openLog({ segmentBytes: 100_000 });
    await log.append(appendInput(payloadOf(1, 5000)), { durable: false });
    for (let i = 0; i < 10; i++) await log.append(appendInput(payloadOf(i, 100)), { durable: false });
    const big = await log.read(0, 10);
    expect(big.batches).toHaveLength(1);
    expect(big.batches[0]!.payload.byteLength).toBe(5000);
    const small = await log.read(1, 3 * (100 + BATCH_HEADER_BYTES) + 50);
    expect(small.batches.map((batch) => batch.baseOffset)).toEqual([1, 2, 3]);
    await log.close();
  });

  it('returns nothing past maxBytes when asked for no batch beyond it', async () => {
    const { log } = await openLog({ segmentBytes: 100_000 });
    await log.append(appendInput(payloadOf(1, 5000)), { durable: false });
    await log.append(appendInput(payloadOf(2, 100)), { durable: false });
    expect(await log.read(0, 10, { atLeastOneBatch: false })).toEqual({ batches: [], highWatermark: 2, logStartOffset: 0 });
    expect(await log.read(0, 0, { atLeastOneBatch: false })).toEqual({ batches: [], highWatermark: 2, logStartOffset: 0 });
    const both = await log.read(0, 5100 + 2 * BATCH_HEADER_BYTES, { atLeastOneBatch: false });
    expect(both.batches.map((batch) => batch.baseOffset)).toEqual([0, 1]);
    await expect(log.read(3, 0, { atLeastOneBatch: false })).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await log.close();
  });

  it('continues a read into the next segment', async () => {
    const { log, dir } = await openLog({ segmentBytes: 600 });
    await appendMany(log, 12);
    expect((await segmentFiles(dir)).length).toBeGreaterThan(2);
    const all = await log.read(0, 1_000_000);
    expectPayloadsOfSeeds(
      all.batches.map((batch) => batch.payload),
      range(12),
    );
    await log.close();
  });

  it('rejects invalid input without appending anything', async () => {
    const { log } = await openLog();
    const payload = payloadOf(1, 10);
    await expect(log.append(appendInput(payload, { recordCount: -1 }), { durable: false })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(log.append(appendInput(payload, { schemaId: -1 }), { durable: false })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(log.append(appendInput(payload, { writerId: 5, batchSequence: -1 }), { durable: false })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(log.append(appendInput(payload, { writerId: -2 }), { durable: false })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    expect(log.logEndOffset).toBe(0);
    await log.close();
  });

  it('serves reads that started before retention deleted their segment', async () => {
    const { log } = await openLog({ segmentBytes: 600, retentionBytes: 0 });
    await appendMany(log, 12);
    const reading = log.read(0, 1_000_000);
    expect((await log.enforceRetention()).deletedSegments).toBeGreaterThan(0);
    // The pinned first segment is read whole; the read stops where retention removed the next one.
    const { batches } = await reading;
    expect(batches.length).toBeGreaterThan(0);
    expectPayloadsOfSeeds(
      batches.map((batch) => batch.payload),
      range(batches.length),
    );
    await log.close();
  });
});

describe('LogTablet time', () => {
  it('rolls a segment once its first batch is segmentMs old, also after a reopen', async () => {
    const { log, dir, clock } = await openLog({ segmentMs: 1000, segmentBytes: 1_000_000 });
    await log.append(appendInput(payloadOf(1, 10)), { durable: false });
    clock.advance(999);
    await log.append(appendInput(payloadOf(2, 10)), { durable: false });
    expect(await segmentFiles(dir)).toHaveLength(1);
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig({ segmentMs: 1000, segmentBytes: 1_000_000 }), clock);
    clock.advance(1);
    await reopened.append(appendInput(payloadOf(3, 10)), { durable: false });
    expect(await segmentFiles(dir)).toEqual(['00000000000000000000.log', '00000000000000000002.log']);
    await reopened.close();
  });

  it('offsetForTimestamp finds the first batch committed at or after a time', async () => {
    const { log, dir, clock } = await openLog({ segmentBytes: 500 });
    clock.set(10_000);
    await appendMany(log, 30, clock); // batch i committed at 10_000 + 10 i
    expect((await segmentFiles(dir)).length).toBeGreaterThan(3);
    const batches = await readAll(log);
    expect(await log.offsetForTimestamp(0)).toBe(0);
    expect(await log.offsetForTimestamp(10_000)).toBe(0);
    expect(await log.offsetForTimestamp(10_001)).toBe(batches[1]!.baseOffset);
    expect(await log.offsetForTimestamp(10_150)).toBe(batches[15]!.baseOffset);
    expect(await log.offsetForTimestamp(10_290)).toBe(batches[29]!.baseOffset);
    expect(await log.offsetForTimestamp(10_291)).toBe(log.logEndOffset);
    await log.close();
  });

  it('never lets commit timestamps go backwards when the clock does', async () => {
    const { log, clock } = await openLog();
    clock.set(5000);
    await log.append(appendInput(payloadOf(1, 10)), { durable: false });
    clock.set(4000);
    const stepBack = await log.append(appendInput(payloadOf(2, 10)), { durable: false });
    expect(stepBack.commitTimestampMs).toBe(5000);
    expect(await log.offsetForTimestamp(4500)).toBe(0);
    expect(await log.offsetForTimestamp(5001)).toBe(2);
    await log.close();
  });
});

describe('LogTablet retention', () => {
  it('deletes closed segments whose newest batch is older than retentionMs, never the active one', async () => {
    const config = { segmentBytes: 500, retentionMs: 1000 };
    const { log, dir, clock } = await openLog(config);
    const start = clock.now();
    await appendMany(log, 30, clock); // batch i committed at start + 10 i
    const before = await segmentFiles(dir);
    const batches = await readAll(log);
    // A closed segment's newest batch is the one just before the next segment's base offset.
    const newestTimestamps = before.slice(1).map((name) => batches.findLast((batch) => batch.baseOffset < Number(name.slice(0, 20)))!.commitTimestampMs);
    clock.set(newestTimestamps[0]! + 1000); // exactly at the limit: kept
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 0 });
    clock.set(start + 150 + 1000); // batches before start + 150 are now past retention
    const expected = newestTimestamps.filter((timestampMs) => timestampMs < start + 150).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(before.length - 1);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: expected });
    const after = await segmentFiles(dir);
    expect(after).toEqual(before.slice(expected));
    expect(log.logStartOffset).toBe(Number(after[0]!.slice(0, 20)));
    await expect(log.read(0, 100)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    expect((await log.read(log.logStartOffset, 100)).batches[0]!.baseOffset).toBe(log.logStartOffset);

    clock.advance(1_000_000);
    await log.enforceRetention();
    expect(await segmentFiles(dir)).toEqual([before.at(-1)]);
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig(config), clock);
    expect(reopened.logStartOffset).toBe(Number(before.at(-1)!.slice(0, 20)));
    await reopened.close();
  });

  it('keeps every segment holding offsets at or after keepFromOffset, however old', async () => {
    const { log, clock } = await openLog({ segmentBytes: 500, retentionMs: 0 });
    const results = await appendMany(log, 30, clock);
    clock.advance(1_000_000);
    const keepFromOffset = results[15]!.baseOffset + 1; // inside batch 15
    const { deletedSegments } = await log.enforceRetention({ keepFromOffset });
    expect(deletedSegments).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeLessThanOrEqual(keepFromOffset);
    expect((await log.read(keepFromOffset, 100)).batches[0]!.baseOffset).toBe(results[15]!.baseOffset);
    expect(await log.enforceRetention({ keepFromOffset })).toEqual({ deletedSegments: 0 });
    await log.close();
  });

  it('deletes the oldest segments while the log exceeds retentionBytes', async () => {
    const { log, dir } = await openLog({ segmentBytes: 500, retentionBytes: 1200 });
    await appendMany(log, 40);
    await log.enforceRetention();
    const sizes = await Promise.all((await segmentFiles(dir)).map(async (name) => (await stat(join(dir, name))).size));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total).toBeGreaterThanOrEqual(1200);
    expect(total - sizes[0]!).toBeLessThan(1200);
    await log.close();
  });
});

describe('LogTablet idempotent writers', () => {
  const writer = (batchSequence: number, seed = batchSequence) => appendInput(payloadOf(seed, 20), { writerId: 42, batchSequence, recordCount: 2 });

  it('answers a retried sequence with the original result and appends nothing', async () => {
    const { log, clock } = await openLog();
    const first = await log.append(writer(0), { durable: false });
    await log.append(writer(1), { durable: false });
    clock.advance(500);
    const retry = await log.append(writer(0, 99), { durable: true });
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(log.logEndOffset).toBe(4);
    expect((await readAll(log)).length).toBe(2);
    await log.close();
  });

  it('rejects a sequence gap or a stale sequence without appending', async () => {
    const { log } = await openLog();
    for (let sequence = 0; sequence < 7; sequence++) await log.append(writer(sequence), { durable: false });
    await expect(log.append(writer(8), { durable: false })).rejects.toMatchObject({ code: 'OUT_OF_ORDER_SEQUENCE' });
    await expect(log.append(writer(0), { durable: false })).rejects.toMatchObject({ code: 'OUT_OF_ORDER_SEQUENCE' });
    expect((await log.append(writer(2), { durable: false })).duplicate).toBe(true);
    expect(log.logEndOffset).toBe(14);
    expect((await log.append(writer(7), { durable: false })).baseOffset).toBe(14);
    await log.close();
  });

  it('does not deduplicate without a writer id', async () => {
    const { log } = await openLog();
    await log.append(appendInput(payloadOf(1, 5), { batchSequence: 3 }), { durable: false });
    const second = await log.append(appendInput(payloadOf(1, 5), { batchSequence: 3 }), { durable: false });
    expect(second).toMatchObject({ baseOffset: 1, duplicate: false });
    await log.close();
  });

  it('remembers writers across a clean reopen and a crash', async () => {
    const { log, dir, clock } = await openLog({ segmentBytes: 300 });
    const results: AppendResult[] = [];
    for (let sequence = 0; sequence < 10; sequence++) results.push(await log.append(writer(sequence), { durable: false }));
    const image = await crashImage(dir);
    await log.close();

    for (const path of [dir, image]) {
      const reopened = await LogTablet.open(path, testConfig({ segmentBytes: 300 }), clock);
      expect(await reopened.append(writer(9), { durable: false })).toEqual({ ...results[9]!, duplicate: true });
      expect(await reopened.append(writer(5), { durable: false })).toEqual({ ...results[5]!, duplicate: true });
      await expect(reopened.append(writer(11), { durable: false })).rejects.toMatchObject({ code: 'OUT_OF_ORDER_SEQUENCE' });
      expect(await reopened.append(writer(10), { durable: false })).toMatchObject({ baseOffset: 20, duplicate: false });
      await reopened.close();
    }
  });

  it('records a sequence with an empty batch: no offset taken, skipped by reads, kept across reopen and crash', async () => {
    const { log, dir, clock } = await openLog({ segmentBytes: 300, segmentMs: 50 });
    const empty = (batchSequence: number) => appendInput(new Uint8Array(0), { writerId: 42, batchSequence, recordCount: 0 });
    await log.append(writer(0), { durable: false });
    clock.advance(100); // rolls: the empty batch starts segment 2
    expect(await log.append(empty(1), { durable: false })).toMatchObject({ baseOffset: 2, recordCount: 0, duplicate: false });
    clock.advance(100); // segment 2 is old enough to roll, but holds no record: a new one would repeat its base offset
    expect(await log.append(empty(2), { durable: false })).toMatchObject({ baseOffset: 2, recordCount: 0, duplicate: false });
    expect(log.logEndOffset).toBe(2);
    expect(await log.append(writer(3), { durable: false })).toMatchObject({ baseOffset: 2, duplicate: false });
    expect(await log.append(empty(4), { durable: false })).toMatchObject({ baseOffset: 4, recordCount: 0 });
    expect((await readAll(log)).map((batch) => [batch.baseOffset, batch.recordCount])).toEqual([
      [0, 2],
      [2, 2],
    ]);
    const image = await crashImage(dir);
    await log.close();

    for (const path of [dir, image]) {
      const reopened = await LogTablet.open(path, testConfig({ segmentBytes: 300, segmentMs: 50 }), clock);
      expect(reopened.logEndOffset).toBe(4);
      expect(reopened.checkSequence(42, 4)).toEqual({ kind: 'duplicate', batch: expect.objectContaining({ baseOffset: 4, recordCount: 0 }) });
      expect(reopened.checkSequence(42, 2)).toMatchObject({ kind: 'duplicate', batch: { baseOffset: 2, recordCount: 0 } });
      expect(reopened.checkSequence(42, 6)).toEqual({ kind: 'out_of_order', expectedSequence: 5 });
      expect(reopened.checkSequence(42, 5)).toEqual({ kind: 'append' });
      expect((await readAll(reopened)).map((batch) => batch.baseOffset)).toEqual([0, 2]);
      await reopened.close();
    }
  });

  it('indexes around empty batches: reads from every offset find their batch, before and after a reopen', async () => {
    const config = { indexIntervalBytes: 1, segmentBytes: 2000 };
    const { log, dir, clock } = await openLog(config);
    for (let sequence = 0; sequence < 40; sequence += 2) {
      await log.append(appendInput(new Uint8Array(0), { writerId: 42, batchSequence: sequence, recordCount: 0 }), { durable: false });
      await log.append(writer(sequence + 1), { durable: false });
    }
    const expectEveryOffsetFound = async (current: LogTablet): Promise<void> => {
      for (let offset = 0; offset < 40; offset++) {
        const [first] = (await current.read(offset, 1)).batches;
        expect(first?.baseOffset, `read at ${offset}`).toBe(offset - (offset % 2));
      }
    };
    await expectEveryOffsetFound(log);
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig(config), clock);
    await expectEveryOffsetFound(reopened);
    await reopened.close();
  });

  it('refuses an empty batch without a writer id', async () => {
    const { log } = await openLog();
    await expect(log.append(appendInput(new Uint8Array(0), { recordCount: 0 }), { durable: false })).rejects.toThrow(/record count 0 without a writer id/);
    expect(log.logEndOffset).toBe(0);
    await log.close();
  });

  it('forgets a writer whose batches retention deleted, before and after a reopen alike', async () => {
    const config = { segmentBytes: 300, retentionBytes: 0 };
    const { log, dir, clock } = await openLog(config);
    await log.append(writer(0), { durable: false });
    await appendMany(log, 20);
    await log.enforceRetention();
    expect((await log.append(writer(0), { durable: false })).duplicate).toBe(false);
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig(config), clock);
    expect((await reopened.append(writer(1), { durable: false })).duplicate).toBe(false);
    await reopened.close();
  });
});

describe('LogTablet waitForAppend', () => {
  it('resolves at once when the offset is already written, and on the append that writes it', async () => {
    const { log } = await openLog();
    await log.append(appendInput(payloadOf(1, 5)), { durable: false });
    await log.waitForAppend(0, 10_000);
    let resolved = false;
    const waiting = log.waitForAppend(1, 10_000).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(resolved).toBe(false);
    await log.append(appendInput(payloadOf(2, 5)), { durable: false });
    await waiting;
    expect(resolved).toBe(true);
    await log.close();
  });

  it('resolves after the timeout without an append, on the log timers', async () => {
    const { log, clock } = await openLog();
    let resolved = false;
    const waiting = log.waitForAppend(0, 30).then(() => (resolved = true));
    clock.advance(29);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    clock.advance(1);
    await waiting;
    expect(log.logEndOffset).toBe(0);
    await log.close();
  });

  it('rejects when aborted or when the log closes', async () => {
    const { log } = await openLog();
    const controller = new AbortController();
    const aborted = log.waitForAppend(0, 10_000, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(aborted).rejects.toThrow('client went away');
    const closing = expect(log.waitForAppend(0, 10_000)).rejects.toMatchObject({ code: 'CLOSED' });
    await log.close();
    await closing;
  });
});

describe('LogTablet durability', () => {
  /** Counts fdatasync calls; `delayMs` makes each one that much slower first (a slow disk). */
  async function datasyncSpy(delayMs = 0) {
    const dir = await makeTempDir();
    const handle = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(handle) as { datasync(this: unknown): Promise<void> };
    await handle.close();
    const real = prototype.datasync;
    const spy = vi.spyOn(prototype, 'datasync');
    if (delayMs > 0) {
      spy.mockImplementation(async function (this: unknown) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return real.call(this);
      });
    }
    return spy;
  }

  it('moves the high watermark with durable appends and flushes, not with plain ones', async () => {
    const { log } = await openLog({ fsync: true });
    await log.append(appendInput(payloadOf(1, 10)), { durable: true });
    expect(log.highWatermark).toBe(1);
    await log.append(appendInput(payloadOf(2, 10)), { durable: false });
    expect(log.logEndOffset).toBe(2);
    expect(log.highWatermark).toBe(1);
    expect((await log.read(0, 1000)).highWatermark).toBe(1);
    await log.flush();
    expect(log.highWatermark).toBe(2);
    await log.close();
  });

  it('shares fsyncs among concurrent durable appends', async () => {
    const { log } = await openLog({ fsync: true, segmentBytes: 1_000_000 });
    // A 100 ms flush: the appends written while one runs must share the next. (With the real, fast
    // flush the count follows the machine's load rather than the code.)
    const datasync = await datasyncSpy(100);
    const results = await Promise.all(range(32).map((i) => log.append(appendInput(payloadOf(i, 100)), { durable: true })));
    expect(results.map((result) => result.baseOffset)).toEqual(range(32));
    expect(log.highWatermark).toBe(32);
    expect(datasync.mock.calls.length).toBeGreaterThan(0);
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(4);
    await log.close();
  });

  it('fsyncs a durable empty batch, though it does not move the high watermark', async () => {
    const { log } = await openLog({ fsync: true });
    await log.append(appendInput(payloadOf(1, 10)), { durable: true });
    const datasync = await datasyncSpy();
    await log.append(appendInput(new Uint8Array(0), { recordCount: 0, writerId: 7, batchSequence: 0 }), { durable: true });
    expect(datasync).toHaveBeenCalledTimes(1);
    expect(log.highWatermark).toBe(1);
    await log.close();
  });

  it('flush fsyncs every segment written since the last flush, even with fsync off', async () => {
    const { log, dir } = await openLog({ fsync: false, segmentBytes: 600 });
    const datasync = await datasyncSpy();
    await appendMany(log, 8);
    const segments = (await segmentFiles(dir)).length;
    expect(segments).toBeGreaterThan(2);
    expect(datasync).not.toHaveBeenCalled();
    await log.flush();
    expect(new Set(datasync.mock.contexts).size).toBe(segments);
    await log.flush();
    expect(datasync).toHaveBeenCalledTimes(segments);
    await log.close();
  });

  it('without fsync, acknowledges at once and never fsyncs an append', async () => {
    const { log } = await openLog({ fsync: false });
    const datasync = await datasyncSpy();
    await log.append(appendInput(payloadOf(1, 10)), { durable: true });
    expect(log.highWatermark).toBe(1);
    expect(datasync).not.toHaveBeenCalled();
    await log.close();
  });
});

describe('LogTablet lifecycle', () => {
  it('refuses every call after close, and closes twice harmlessly', async () => {
    const { log } = await openLog();
    await log.close();
    await log.close();
    await expect(log.append(appendInput(payloadOf(1, 5)), { durable: false })).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(log.read(0, 10)).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(log.flush()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('deleteAll removes the directory', async () => {
    const { log, dir } = await openLog();
    await appendMany(log, 5);
    await log.deleteAll();
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(log.read(0, 10)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('fails stop on a file-system error and recovers on reopen', async () => {
    const { log, dir, clock } = await openLog();
    await appendMany(log, 3);
    const handle = await open(join(dir, '00000000000000000000.log'), 'r');
    const prototype = Object.getPrototypeOf(handle) as { writev(): Promise<void> };
    await handle.close();
    // An I/O error (not a full disk, which keeps the tablet open: see no-space.test.ts).
    vi.spyOn(prototype, 'writev').mockRejectedValueOnce(Object.assign(new Error('i/o error'), { code: 'EIO' }));
    await expect(log.append(appendInput(payloadOf(9, 5)), { durable: false })).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await expect(log.read(0, 10)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig(), clock);
    expectPayloadsOfSeeds(
      (await readAll(reopened)).map((batch) => batch.payload),
      range(3),
    );
    await reopened.close();
  });
});

describe('LogTablet.setRetention', () => {
  it('applies a shortened TTL to an open log on the next enforcement', async () => {
    const clock = new ManualTimers();
    const log = await LogTablet.open(await makeTempDir(), testConfig({ segmentBytes: 200, retentionMs: -1 }), clock);
    try {
      for (let i = 0; i < 6; i++) {
        await log.append(appendInput(new Uint8Array(120).fill(i)), { durable: true });
        clock.advance(1_000);
      }
      expect((await log.enforceRetention()).deletedSegments).toBe(0);
      log.setRetention({ retentionMs: 2_500, retentionBytes: -1 });
      expect(log.retention).toEqual({ retentionMs: 2_500, retentionBytes: -1 });
      expect((await log.enforceRetention()).deletedSegments).toBeGreaterThan(0);
      expect(log.logStartOffset).toBeGreaterThan(0);
    } finally {
      await log.close();
    }
  });
});

describe('LogTablet with magic 1 batches', () => {
  it('reads a log written before leader epochs and appends magic 2 batches after it', async () => {
    const dir = await makeTempDir();
    const v1 = (i: number) => ({
      baseOffset: 2 * i,
      attributes: 0,
      recordCount: 2,
      commitTimestampMs: 500 + i,
      schemaId: 1,
      writerId: 42,
      batchSequence: i,
      leaderEpoch: 0,
    });
    await writeFile(join(dir, '00000000000000000000.log'), Buffer.concat(range(5).map((i) => encodeV1Batch(v1(i), payloadOf(i, 30 + i)))));
    const clock = new ManualTimers();
    const log = await LogTablet.open(dir, testConfig(), clock);
    expect(log.logEndOffset).toBe(10);
    expect(log.checkSequence(42, 4)).toMatchObject({ kind: 'duplicate', batch: { baseOffset: 8 } });
    await log.append(appendInput(payloadOf(9, 20), { writerId: 42, batchSequence: 5 }), { durable: false, leaderEpoch: 3 });
    await log.close();
    const reopened = await LogTablet.open(dir, testConfig(), clock);
    const batches = await readAll(reopened);
    expect(batches.map((batch) => [batch.baseOffset, batch.commitTimestampMs])).toEqual([...range(5).map((i) => [2 * i, 500 + i]), [10, clock.now()]]);
    batches.slice(0, 5).forEach((batch, i) => expect(Buffer.from(batch.payload).equals(Buffer.from(payloadOf(i, 30 + i)))).toBe(true));
    await reopened.close();
  });
});
