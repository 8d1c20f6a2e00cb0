import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchHeader } from './batch-format.ts';
import type { LogConfig } from './config.ts';
import { writeRecoveryPoint } from './checkpoint.ts';
import { RECOVERY_CHECKPOINT_FILE } from './file-names.ts';
import { LogTablet } from './log-tablet.ts';
import {
  appendInput,
  crashImage,
  flipByte,
  makeTempDir,
  ManualTimers,
  payloadOf,
  readAll,
  recordingLogger,
  removeTempDirs,
  segmentFiles,
  testConfig,
} from './test-support.ts';
import type { AppendResult } from './types.ts';

/**
 * Crash and corruption cases, after Kafka's LogLoaderTest: write, damage the files the way a crash
 * or a bad disk would, reopen, and check that what survives is exactly the undamaged prefix.
 */

const config: LogConfig = testConfig({ segmentBytes: 1500, indexIntervalBytes: 200 });
const clock = new ManualTimers();
const WRITER_ID = 7;
const BATCHES = 43;

interface Written {
  /** A closed log (clean shutdown). */
  cleanDir: string;
  /** An image of the same log taken while it was open (crash). */
  crashDir: string;
  results: AppendResult[];
}

let written: Written;

beforeAll(async () => {
  const cleanDir = await makeTempDir();
  const log = await LogTablet.open(cleanDir, config, clock);
  const results: AppendResult[] = [];
  for (let i = 0; i < BATCHES; i++) {
    results.push(await log.append(batchInput(i), { durable: false }));
    clock.advance(7);
  }
  const crashDir = await crashImage(cleanDir);
  await log.close();
  written = { cleanDir, crashDir, results };
});

afterAll(removeTempDirs);

/** Fresh copies per test; the originals stay pristine. */
let scratch: string[] = [];
afterEach(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  scratch = [];
});

async function copyOf(dir: string): Promise<string> {
  const copy = await crashImage(dir);
  scratch.push(copy);
  return copy;
}

function batchInput(i: number) {
  return appendInput(payloadOf(i, 40 + ((i * 53) % 170)), { recordCount: (i % 3) + 1, writerId: WRITER_ID, batchSequence: i });
}

/** The log holds exactly the first `count` written batches, and appends continue after them. */
async function expectPrefix(log: LogTablet, count: number): Promise<void> {
  const batches = await readAll(log);
  expect(batches.length).toBe(count);
  batches.forEach((batch, i) => {
    expect(batch.baseOffset).toBe(written.results[i]!.baseOffset);
    expect(Buffer.from(batch.payload).equals(Buffer.from(batchInput(i).payload)), `payload of batch ${i}`).toBe(true);
  });
  const end = count === 0 ? 0 : written.results[count - 1]!.baseOffset + written.results[count - 1]!.recordCount;
  expect(log.logEndOffset).toBe(end);
}

/** The offset after written batch `index`. */
function batchEnd(index: number): number {
  return written.results[index]!.baseOffset + written.results[index]!.recordCount;
}

/** Every file of a directory with its bytes, to check that an open changed nothing. */
async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const entries = await Promise.all(names.map(async (name) => [name, (await readFile(join(dir, name))).toString('hex')] as const));
  return Object.fromEntries(entries);
}

/** Byte position of every batch in a segment file, from its headers. */
async function batchPositions(path: string): Promise<number[]> {
  const bytes = await readFile(path);
  const positions: number[] = [];
  for (let position = 0; position < bytes.byteLength; ) {
    const decoded = decodeBatchHeader(bytes.subarray(position));
    if (decoded.kind !== 'ok') throw new Error(`Test fixture is not a clean segment at ${position}`);
    positions.push(position);
    position += decoded.header.batchLength;
  }
  return positions;
}

/** Index of the written batch with this base offset. */
function batchIndexAt(baseOffset: number): number {
  const index = written.results.findIndex((result) => result.baseOffset === baseOffset);
  if (index < 0) throw new Error(`No batch at ${baseOffset}`);
  return index;
}

interface LaidOutBatch {
  position: number;
  end: number;
  /** Index among the written batches. */
  index: number;
}

/** Where each batch of the last segment lies. */
async function lastSegmentLayout(dir: string): Promise<{ path: string; size: number; batches: LaidOutBatch[] }> {
  const name = (await segmentFiles(dir)).at(-1)!;
  const path = join(dir, name);
  const first = batchIndexAt(Number(name.slice(0, 20)));
  const size = (await stat(path)).size;
  const positions = await batchPositions(path);
  const batches = positions.map((position, i) => ({ position, end: positions[i + 1] ?? size, index: first + i }));
  return { path, size, batches };
}

describe('recovery on open', () => {
  it('the written fixture spans several segments and reopens whole', async () => {
    expect((await segmentFiles(written.cleanDir)).length).toBeGreaterThan(4);
    for (const dir of [written.cleanDir, written.crashDir]) {
      const log = await LogTablet.open(await copyOf(dir), config, clock);
      await expectPrefix(log, BATCHES);
      await log.close();
    }
  });

  it('a log cut at any byte of its last segment keeps exactly the batches before the cut, unless they reach the checkpoint', async () => {
    const layout = await lastSegmentLayout(written.crashDir);
    const firstIndex = layout.batches[0]!.index;
    /** Offset at which the batches of the last segment before `count` end. */
    const endOfBatches = (count: number): number => (count === 0 ? written.results[firstIndex]!.baseOffset : batchEnd(firstIndex + count - 1));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: layout.size - 1 }), fc.constantFrom(...layout.batches.map((batch) => batch.end))),
        fc.integer({ min: 0, max: layout.batches.length }),
        async (cut, checkpointedBatches) => {
          const dir = await copyOf(written.crashDir);
          const checkpoint = endOfBatches(checkpointedBatches);
          await writeRecoveryPoint(dir, checkpoint, { fsync: false });
          const path = join(dir, (await segmentFiles(dir)).at(-1)!);
          await truncate(path, cut);
          // The batch in which the cut falls is lost; everything before it survives.
          const intact = layout.batches.filter((batch) => batch.end <= cut);
          const kept = firstIndex + intact.length;
          if (endOfBatches(intact.length) < checkpoint) {
            // Checkpointed (acknowledged) batches are gone: refuse to open rather than reuse their offsets.
            const before = await readFile(path);
            await expect(LogTablet.open(dir, config, clock)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
            expect((await readFile(path)).equals(before)).toBe(true);
            return;
          }
          const log = await LogTablet.open(dir, config, clock);
          await expectPrefix(log, kept);
          expect((await stat(path)).size).toBe(intact.at(-1)?.end ?? 0);
          // The log goes on from there: the lost batch can be written again and read back, also after a reopen.
          if (kept === BATCHES) return log.close();
          const again = await log.append(batchInput(kept), { durable: false });
          expect(again.duplicate).toBe(false);
          await log.close();
          const reopened = await LogTablet.open(dir, config, clock);
          await expectPrefix(reopened, kept + 1);
          await reopened.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a corrupt batch below the checkpoint in the active segment fails the open and leaves the files as they are', async () => {
    const dir = await copyOf(written.cleanDir);
    const layout = await lastSegmentLayout(dir);
    const { position, index: damaged } = layout.batches[1]!;
    await flipByte(layout.path, position); // the magic byte: the scan cannot go past this batch
    const before = await snapshotFiles(dir);
    const error = await LogTablet.open(dir, config, clock).then(
      () => expect.fail('open should refuse a log with damaged acknowledged data'),
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'CORRUPT_RECORD' });
    const message = (error as Error).message;
    expect(message).toContain(layout.path);
    expect(message).toContain(`offset ${written.results[damaged]!.baseOffset}`);
    expect(message).toContain(`checkpoint ${batchEnd(BATCHES - 1)}`);
    expect(await snapshotFiles(dir)).toEqual(before);
  });

  it('a flipped byte below the checkpoint of the active segment never costs other batches', async () => {
    const layout = await lastSegmentLayout(written.cleanDir);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: layout.size - 1 }), async (at) => {
        const dir = await copyOf(written.cleanDir);
        await flipByte(layout.path.replace(written.cleanDir, dir), at);
        const before = await snapshotFiles(dir);
        const damaged = layout.batches.find((batch) => batch.position <= at && at < batch.end)!.index;
        const log = await LogTablet.open(dir, config, clock).catch((error: unknown) => {
          // Detected on open (structure, or the CRC of the last batch): refused, nothing touched.
          expect(error).toMatchObject({ code: 'CORRUPT_RECORD' });
          return null;
        });
        if (log === null) {
          expect(await snapshotFiles(dir)).toEqual(before);
          return;
        }
        // Not detected on open (payload of a trusted batch): only that batch is refused, on read.
        expect(log.logEndOffset).toBe(batchEnd(BATCHES - 1));
        await expect(log.read(written.results[damaged]!.baseOffset, 1)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
        if (damaged + 1 < BATCHES) expect(await readAll(log, written.results[damaged + 1]!.baseOffset)).toHaveLength(BATCHES - damaged - 1);
        await log.close();
      }),
      { numRuns: 30 },
    );
  });

  it('a flipped byte in the unflushed tail truncates the log at the damaged batch', async () => {
    const layout = await lastSegmentLayout(written.crashDir);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: layout.size - 1 }), async (at) => {
        const dir = await copyOf(written.crashDir);
        await flipByte(join(dir, (await segmentFiles(dir)).at(-1)!), at);
        const logger = recordingLogger();
        const log = await LogTablet.open(dir, config, clock, logger);
        const damaged = layout.batches.find((batch) => batch.position <= at && at < batch.end)!.index;
        await expectPrefix(log, damaged);
        expect(logger.warnings.map((warning) => warning.msg)).toEqual(['Truncated torn log tail']);
        await log.close();
      }),
      { numRuns: 25 },
    );
  });

  it('without a checkpoint, validates every segment and drops everything after the first bad batch', async () => {
    const dir = await copyOf(written.crashDir);
    await rm(join(dir, RECOVERY_CHECKPOINT_FILE));
    const names = await segmentFiles(dir);
    const victim = join(dir, names[1]!);
    const positions = await batchPositions(victim);
    await flipByte(victim, positions[1]! + 60);
    const log = await LogTablet.open(dir, config, clock);
    await expectPrefix(log, batchIndexAt(Number(names[1]!.slice(0, 20))) + 1);
    expect(await segmentFiles(dir)).toEqual(names.slice(0, 2));
    await log.close();
  });

  it('a corrupt batch in a closed segment is refused on read, never served, and nothing else is lost', async () => {
    const dir = await copyOf(written.cleanDir);
    const names = await segmentFiles(dir);
    const victim = join(dir, names[1]!);
    const positions = await batchPositions(victim);
    await flipByte(victim, positions[1]! + 70);
    const logger = recordingLogger();
    const log = await LogTablet.open(dir, config, clock, logger);
    expect(logger.warnings).toEqual([]); // payload CRCs of trusted data are checked on read, not on open
    const damaged = batchIndexAt(Number(names[1]!.slice(0, 20))) + 1;
    const damagedOffset = written.results[damaged]!.baseOffset;

    expect(log.logEndOffset).toBe(written.results.at(-1)!.baseOffset + written.results.at(-1)!.recordCount);
    const before = await log.read(0, 1_000_000);
    expect(before.batches.at(-1)!.baseOffset).toBe(written.results[damaged - 1]!.baseOffset);
    await expect(log.read(damagedOffset, 1_000_000)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    await expect(log.read(damagedOffset + written.results[damaged]!.recordCount - 1, 1)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    const after = await readAll(log, written.results[damaged + 1]!.baseOffset);
    expect(after.length).toBe(BATCHES - damaged - 1);
    await log.close();
  });

  it('a corrupt batch in the checkpointed part of the active segment is refused on read', async () => {
    const dir = await copyOf(written.cleanDir);
    const layout = await lastSegmentLayout(dir);
    expect(layout.batches.length).toBeGreaterThan(2);
    const { position, index: damaged } = layout.batches[1]!;
    await flipByte(layout.path, position + 60);
    const log = await LogTablet.open(dir, config, clock);
    await expect(log.read(written.results[damaged]!.baseOffset, 100)).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    expect((await log.read(written.results[damaged - 1]!.baseOffset, 1)).batches).toHaveLength(1);
    expect((await log.read(written.results[damaged + 1]!.baseOffset, 1)).batches).toHaveLength(1);
    await log.close();
  });

  it('rebuilds deleted or garbled index files byte for byte', async () => {
    const dir = await copyOf(written.cleanDir);
    const indexNames = (await readdir(dir)).filter((name) => name.endsWith('.index') || name.endsWith('.timeindex')).sort();
    expect(indexNames.length).toBe(2 * (await segmentFiles(dir)).length);
    const originals = await Promise.all(indexNames.map((name) => readFile(join(dir, name))));
    expect(originals.some((bytes) => bytes.byteLength > 0)).toBe(true);
    await Promise.all(indexNames.map((name, i) => (i % 2 === 0 ? rm(join(dir, name)) : writeFile(join(dir, name), 'garbage!'))));

    const log = await LogTablet.open(dir, config, clock);
    await expectPrefix(log, BATCHES);
    expect(await log.offsetForTimestamp(written.results[25]!.commitTimestampMs)).toBe(written.results[25]!.baseOffset);
    const rebuilt = await Promise.all(indexNames.map((name) => readFile(join(dir, name))));
    rebuilt.forEach((bytes, i) => expect(bytes.equals(originals[i]!), indexNames[i]).toBe(true));
    await log.close();
  });

  it('removes leftover temp files and index files whose log file is gone', async () => {
    const dir = await copyOf(written.cleanDir);
    await writeFile(join(dir, 'recovery-point-checkpoint.tmp'), 'half');
    await writeFile(join(dir, '00000000000099999999.index'), '');
    await writeFile(join(dir, '00000000000099999999.timeindex'), '');
    const logger = recordingLogger();
    const log = await LogTablet.open(dir, config, clock, logger);
    const names = await readdir(dir);
    expect(names.filter((name) => name.includes('99999999') || name.endsWith('.tmp'))).toEqual([]);
    expect(logger.infos.length).toBeGreaterThanOrEqual(3);
    await expectPrefix(log, BATCHES);
    await log.close();
  });

  it('forgets writer sequences of truncated batches, so their retries append again', async () => {
    const dir = await copyOf(written.crashDir);
    const layout = await lastSegmentLayout(dir);
    const { position, index: lost } = layout.batches.at(-1)!;
    await truncate(layout.path, position + 3);
    const log = await LogTablet.open(dir, config, clock);
    const retry = await log.append(batchInput(lost), { durable: false });
    expect(retry).toMatchObject({ baseOffset: written.results[lost]!.baseOffset, duplicate: false });
    expect(await log.append(batchInput(lost - 1), { durable: false })).toMatchObject({ duplicate: true });
    await log.close();
  });
});
