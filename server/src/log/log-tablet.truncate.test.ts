import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecoveryPoint, writeRecoveryPoint } from './checkpoint.ts';
import { TRUNCATION_PLAN_FILE } from './file-names.ts';
import { LogTablet } from './log-tablet.ts';
import { deleteSegmentFiles } from './segment.ts';
import {
  crashImage,
  makeTempDir,
  ManualTimers,
  payloadOf,
  readAll,
  recordingLogger,
  removeTempDirs,
  segmentFiles,
  testConfig,
  appendInput,
} from './test-support.ts';
import { writeTruncationPlan } from './truncation-plan.ts';
import type { AppendResult } from './types.ts';

const config = testConfig({ segmentBytes: 700, indexIntervalBytes: 100 });
const clock = new ManualTimers();
const WRITER_ID = 9;
const BATCHES = 24;
/** Leader epoch of batch i: three epochs, so truncations cut the history too. */
const epochOf = (i: number): number => (i < 8 ? 1 : i < 16 ? 3 : 6);

const input = (i: number) => appendInput(payloadOf(i, 60 + ((i * 31) % 90)), { recordCount: (i % 3) + 1, writerId: WRITER_ID, batchSequence: i });

let fixture: { dir: string; results: AppendResult[] };

beforeAll(async () => {
  const dir = await makeTempDir();
  const log = await LogTablet.open(dir, config, clock);
  const results: AppendResult[] = [];
  for (let i = 0; i < BATCHES; i++) {
    results.push(await log.append(input(i), { durable: true, leaderEpoch: epochOf(i) }));
    clock.advance(3);
  }
  await log.close();
  fixture = { dir, results };
});

afterAll(removeTempDirs);

const baseOf = (i: number): number => (i < BATCHES ? fixture.results[i]!.baseOffset : endOf(BATCHES - 1));
const endOf = (i: number): number => fixture.results[i]!.baseOffset + fixture.results[i]!.recordCount;

/** The history of the first `count` batches. */
function historyOf(count: number): { epoch: number; startOffset: number }[] {
  const history: { epoch: number; startOffset: number }[] = [];
  for (let i = 0; i < count; i++) if (history.at(-1)?.epoch !== epochOf(i)) history.push({ epoch: epochOf(i), startOffset: baseOf(i) });
  return history;
}

/** The log holds exactly the first `count` batches, with their epochs and writer sequences. */
async function expectPrefix(log: LogTablet, count: number): Promise<void> {
  const batches = await readAll(log);
  expect(batches.map((batch) => batch.baseOffset)).toEqual(fixture.results.slice(0, count).map((result) => result.baseOffset));
  batches.forEach((batch, i) => expect(Buffer.from(batch.payload).equals(Buffer.from(input(i).payload))).toBe(true));
  expect(log.logEndOffset).toBe(baseOf(count));
  expect(log.epochHistory).toEqual(historyOf(count));
  if (count > 0) expect(log.checkSequence(WRITER_ID, count - 1)).toMatchObject({ kind: 'duplicate', batch: { baseOffset: baseOf(count - 1) } });
  expect(log.checkSequence(WRITER_ID, count)).toEqual({ kind: 'append' });
}

async function openCopy(): Promise<{ log: LogTablet; dir: string }> {
  const dir = await crashImage(fixture.dir);
  return { log: await LogTablet.open(dir, config, clock), dir };
}

describe('LogTablet.truncateTo', () => {
  it('cuts at every batch boundary across segments; appends go on from there, also after a reopen', async () => {
    expect((await segmentFiles(fixture.dir)).length).toBeGreaterThan(3);
    for (const keep of [0, 1, 5, 8, 13, 16, 20, 23, 24]) {
      const { log, dir } = await openCopy();
      await log.truncateTo(baseOf(keep));
      await expectPrefix(log, keep);
      expect(await readdir(dir)).not.toContain(TRUNCATION_PLAN_FILE);
      expect(await readRecoveryPoint(dir)).toBeLessThanOrEqual(baseOf(keep));
      if (keep < BATCHES) {
        // The truncated writer batch is new again: the writer state was rebuilt from what remains.
        expect(await log.append(input(keep), { durable: true, leaderEpoch: epochOf(keep) })).toMatchObject({ baseOffset: baseOf(keep), duplicate: false });
      }
      await log.close();
      const reopened = await LogTablet.open(dir, config, clock);
      await expectPrefix(reopened, Math.min(keep + 1, BATCHES));
      await reopened.close();
    }
  });

  it('refuses an offset inside a batch or outside the log, changing nothing', async () => {
    const { log } = await openCopy();
    const inside = fixture.results.findIndex((result) => result.recordCount > 1);
    await expect(log.truncateTo(baseOf(inside) + 1)).rejects.toMatchObject({
      code: 'OFFSET_OUT_OF_RANGE',
      message: expect.stringContaining(`inside the batch [${baseOf(inside)}, ${endOf(inside)})`),
    });
    await expect(log.truncateTo(baseOf(BATCHES) + 1)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await expect(log.truncateTo(-1)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await expectPrefix(log, BATCHES);
    await log.close();
  });

  it('drops empty batches at the offset, and the writer sequences they held', async () => {
    const dir = await makeTempDir();
    const log = await LogTablet.open(dir, config, clock);
    await log.append(appendInput(payloadOf(1, 10), { writerId: 4, batchSequence: 0 }), { durable: false });
    await log.append(appendInput(new Uint8Array(0), { recordCount: 0, writerId: 4, batchSequence: 1 }), { durable: false, leaderEpoch: 2 });
    expect(log.epochHistory).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 1 },
    ]);
    await log.truncateTo(1);
    expect(log.checkSequence(4, 1)).toEqual({ kind: 'append' });
    expect(log.epochHistory).toEqual([{ epoch: 0, startOffset: 0 }]);
    await log.close();
  });
});

describe('LogTablet.truncateFully', () => {
  for (const where of ['below', 'past'] as const) {
    it(`empties the log and restarts it at an offset ${where} its end`, async () => {
      const { log, dir } = await openCopy();
      const start = where === 'below' ? baseOf(10) : baseOf(BATCHES) + 1000;
      await log.truncateFully(start);
      expect([log.logStartOffset, log.logEndOffset, log.latestEpoch]).toEqual([start, start, null]);
      expect(await segmentFiles(dir)).toHaveLength(1);
      expect(log.checkSequence(WRITER_ID, 0)).toEqual({ kind: 'append' });
      expect(await log.append(input(0), { durable: true, leaderEpoch: 8 })).toMatchObject({ baseOffset: start });
      await log.close();
      const reopened = await LogTablet.open(dir, config, clock);
      expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([start, start + 1]);
      expect(reopened.epochHistory).toEqual([{ epoch: 8, startOffset: start }]);
      await reopened.close();
    });
  }
});

/**
 * Crashes inside a truncation, after Kafka's LogLoaderTest style: the disk as each step of the
 * truncation left it, reopened. Recovery must finish the truncation, never bring a truncated batch
 * back and never take a kept one.
 */
describe('a crash during a truncation', () => {
  const KEEP = 9;

  /** The untruncated log with the steps before the first cut done: checkpoint lowered, plan written. */
  async function planned(kind: 'to' | 'fully', offset: number): Promise<string> {
    const dir = await crashImage(fixture.dir);
    await writeRecoveryPoint(dir, offset, { fsync: false });
    await writeTruncationPlan(dir, { kind, offset }, { fsync: false });
    return dir;
  }

  it('before the plan: the log is whole (the lowered checkpoint only costs more checking)', async () => {
    const dir = await crashImage(fixture.dir);
    await writeRecoveryPoint(dir, baseOf(KEEP), { fsync: false });
    const log = await LogTablet.open(dir, config, clock);
    await expectPrefix(log, BATCHES);
    await log.close();
  });

  it('after any number of later segments were deleted, newest first: finished', async () => {
    const names = await segmentFiles(fixture.dir);
    const later = names.map((name) => Number(name.slice(0, 20))).filter((base) => base > baseOf(KEEP));
    expect(later.length).toBeGreaterThan(1);
    for (let deleted = 0; deleted <= later.length; deleted++) {
      const dir = await planned('to', baseOf(KEEP));
      for (const base of later.slice(later.length - deleted)) await deleteSegmentFiles(dir, base);
      const logger = recordingLogger();
      const log = await LogTablet.open(dir, config, clock, logger);
      await expectPrefix(log, KEEP);
      expect(logger.warnings.map((warning) => warning.msg)).toContain('Finished a truncation interrupted by a crash');
      expect(await readdir(dir)).not.toContain(TRUNCATION_PLAN_FILE);
      await log.close();
    }
  });

  it('with the holding segment cut at any byte past the cut: finished', async () => {
    const dir0 = await planned('to', baseOf(KEEP));
    const names = await segmentFiles(dir0);
    const holding = names.filter((name) => Number(name.slice(0, 20)) <= baseOf(KEEP)).at(-1)!;
    const size = (await stat(join(dir0, holding))).size;
    const truncatedDir = await crashImage(fixture.dir);
    const reference = await LogTablet.open(truncatedDir, config, clock);
    await reference.truncateTo(baseOf(KEEP));
    await reference.close();
    const cutAt = (await stat(join(truncatedDir, holding))).size;
    for (let cut = cutAt; cut <= size; cut += 7) {
      const dir = await planned('to', baseOf(KEEP));
      for (const name of names.filter((name) => name > holding)) await deleteSegmentFiles(dir, Number(name.slice(0, 20)));
      await truncate(join(dir, holding), cut);
      const log = await LogTablet.open(dir, config, clock);
      await expectPrefix(log, KEEP);
      await log.close();
    }
  });

  it('a recovery checkpoint left above the cut (the plan got there first) is lowered, not taken for lost data', async () => {
    const dir = await crashImage(fixture.dir);
    await writeTruncationPlan(dir, { kind: 'to', offset: baseOf(KEEP) }, { fsync: false });
    for (const name of (await segmentFiles(dir)).filter((name) => Number(name.slice(0, 20)) > baseOf(KEEP)))
      await deleteSegmentFiles(dir, Number(name.slice(0, 20)));
    expect(await readRecoveryPoint(dir)).toBe(baseOf(BATCHES));
    const log = await LogTablet.open(dir, config, clock);
    await expectPrefix(log, KEEP);
    await log.close();
  });

  it('a plan cut or damaged at any byte: the log is whole or truncated, and opens', async () => {
    const source = await planned('to', baseOf(KEEP));
    const plan = await readFile(join(source, TRUNCATION_PLAN_FILE));
    const damages: Buffer[] = [];
    for (let cut = 0; cut < plan.byteLength; cut++) damages.push(plan.subarray(0, cut));
    for (let at = 0; at < plan.byteLength; at++) {
      const flipped = Buffer.from(plan);
      flipped[at]! ^= 0x04;
      damages.push(flipped);
    }
    for (const damage of damages) {
      const dir = await crashImage(source);
      await writeFile(join(dir, TRUNCATION_PLAN_FILE), damage);
      const log = await LogTablet.open(dir, config, clock);
      expect([baseOf(KEEP), baseOf(BATCHES)]).toContain(log.logEndOffset);
      await expectPrefix(log, log.logEndOffset === baseOf(KEEP) ? KEEP : BATCHES);
      await log.close();
    }
  });

  it('during truncateFully, after any number of segments were deleted: an empty log at the new start', async () => {
    const names = await segmentFiles(fixture.dir);
    for (let deleted = 0; deleted <= names.length; deleted++) {
      const dir = await planned('fully', 5000);
      for (const name of names.slice(names.length - deleted)) await deleteSegmentFiles(dir, Number(name.slice(0, 20)));
      const log = await LogTablet.open(dir, config, clock);
      expect([log.logStartOffset, log.logEndOffset, log.latestEpoch]).toEqual([5000, 5000, null]);
      expect(await segmentFiles(dir)).toEqual(['00000000000000005000.log']);
      await log.close();
    }
  });
});
