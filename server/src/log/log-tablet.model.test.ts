import { stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_HEADER_BYTES, encodeBatchHeader } from './batch-format.ts';
import { LeaderEpochHistory } from './leader-epoch-history.ts';
import { readRecoveryPoint } from './checkpoint.ts';
import { LogTablet } from './log-tablet.ts';
import { appendInput, crashImage, makeTempDir, ManualTimers, payloadOf, removeTempDirs, segmentFiles, testConfig } from './test-support.ts';

/**
 * Model-based test: random sequences of appends (plain and idempotent, the latter also empty:
 * recordCount 0, a sequence without records), retries, reads, timestamp lookups, clock moves,
 * retention, clean reopens, crashes, torn tails, truncations, follower appends (stored batches
 * with their own offsets, timestamps, epochs and sequences) and epoch lookups, checked against an
 * in-memory array of batches.
 */

const config = testConfig({ segmentBytes: 1500, indexIntervalBytes: 100, segmentMs: 1000, retentionBytes: 4000 });
const WRITER_ID = 3;

interface ModelBatch {
  baseOffset: number;
  recordCount: number;
  seed: number;
  payloadBytes: number;
  commitTimestampMs: number;
  /** Set for idempotent-writer batches. */
  batchSequence: number | null;
  leaderEpoch: number;
}

interface Model {
  batches: ModelBatch[];
  startOffset: number;
  endOffset: number;
  nextSeed: number;
  /** The current leader's epoch: leader appends use it, follower appends may raise it. */
  epoch: number;
}

interface Real {
  log: LogTablet;
  dir: string;
  clock: ManualTimers;
}

const batchBytes = (batch: ModelBatch): number => BATCH_HEADER_BYTES + batch.payloadBytes;
const writerBatches = (model: Model): ModelBatch[] => model.batches.filter((batch) => batch.batchSequence !== null).slice(-5);

function nextSequence(model: Model): number {
  const last = writerBatches(model).at(-1);
  return last === undefined ? 0 : last.batchSequence! + 1;
}

function command(label: string, run: (model: Model, real: Real) => Promise<void>, check: (model: Model) => boolean = () => true): fc.AsyncCommand<Model, Real> {
  return { check: (model) => check(model as Model), run, toString: () => label };
}

function append(payloadBytes: number, recordCount: number, idempotent: boolean): fc.AsyncCommand<Model, Real> {
  return command(`append(${payloadBytes}B x${recordCount}${idempotent ? ', writer' : ''})`, async (model, real) => {
    const seed = model.nextSeed++;
    const batchSequence = idempotent ? nextSequence(model) : null;
    const input = appendInput(payloadOf(seed, payloadBytes), {
      recordCount,
      ...(batchSequence === null ? {} : { writerId: WRITER_ID, batchSequence }),
    });
    const result = await real.log.append(input, { durable: true, leaderEpoch: model.epoch });
    expect(result).toEqual({ baseOffset: model.endOffset, recordCount, commitTimestampMs: real.clock.now(), duplicate: false });
    model.batches.push({
      baseOffset: result.baseOffset,
      recordCount,
      seed,
      payloadBytes,
      commitTimestampMs: result.commitTimestampMs,
      batchSequence,
      leaderEpoch: model.epoch,
    });
    model.endOffset += recordCount;
    expect(real.log.logEndOffset).toBe(model.endOffset);
  });
}

/** Re-sends one of the writer's retained batches: answered from the writer state, nothing appended. */
function retry(pick: number): fc.AsyncCommand<Model, Real> {
  return command(
    `retry(${pick})`,
    async (model, real) => {
      const window = writerBatches(model);
      const original = window[pick % window.length]!;
      const input = appendInput(payloadOf(original.seed, original.payloadBytes), {
        recordCount: original.recordCount,
        writerId: WRITER_ID,
        batchSequence: original.batchSequence!,
      });
      const result = await real.log.append(input, { durable: false });
      const { baseOffset, recordCount, commitTimestampMs } = original;
      expect(result).toEqual({ baseOffset, recordCount, commitTimestampMs, duplicate: true });
      expect(real.log.logEndOffset).toBe(model.endOffset);
    },
    (model) => writerBatches(model).length > 0,
  );
}

/**
 * How many batches from `from` a greedy read within maxBytes returns (always the first), empty
 * batches skipped but their bytes counted when `countEmpty`.
 */
function greedyCount(from: readonly ModelBatch[], maxBytes: number, countEmpty: boolean): number {
  let taken = 0;
  let bytes = 0;
  for (const batch of from) {
    const size = batch.recordCount > 0 || countEmpty ? batchBytes(batch) : 0;
    if (taken > 0 && bytes + size > maxBytes) break;
    bytes += size;
    if (batch.recordCount > 0) taken++;
  }
  return taken;
}

/**
 * Reads at a point in [start, end]: whole batches from the one holding it, greedily within
 * maxBytes, without empty batches. Those take bytes of the budget when a read passes over them
 * inside a segment, but not when a segment starts with them: the count lies between both bounds.
 */
function read(where: number, maxBytes: number): fc.AsyncCommand<Model, Real> {
  return command(`read(${where.toFixed(2)}, ${maxBytes})`, async (model, real) => {
    const offset = model.startOffset + Math.floor(where * (model.endOffset - model.startOffset + 1));
    const { batches, logStartOffset, highWatermark } = await real.log.read(offset, maxBytes);
    expect(logStartOffset).toBe(model.startOffset);
    expect(highWatermark).toBe(model.endOffset);
    const first = model.batches.findIndex((batch) => batch.baseOffset + batch.recordCount > offset);
    const following = first < 0 ? [] : model.batches.slice(first);
    expect(batches.length).toBeGreaterThanOrEqual(greedyCount(following, maxBytes, true));
    expect(batches.length).toBeLessThanOrEqual(greedyCount(following, maxBytes, false));
    const expected = following.filter((batch) => batch.recordCount > 0).slice(0, batches.length);
    expect(batches.map((batch) => [batch.baseOffset, batch.recordCount, batch.commitTimestampMs])).toEqual(
      expected.map((batch) => [batch.baseOffset, batch.recordCount, batch.commitTimestampMs]),
    );
    batches.forEach((batch, i) => {
      const { seed, payloadBytes } = expected[i]!;
      expect(Buffer.from(batch.payload).equals(Buffer.from(payloadOf(seed, payloadBytes)))).toBe(true);
    });
  });
}

function offsetForTimestamp(deltaMs: number): fc.AsyncCommand<Model, Real> {
  return command(`offsetForTimestamp(+${deltaMs})`, async (model, real) => {
    const timestampMs = (model.batches[0]?.commitTimestampMs ?? real.clock.now()) + deltaMs;
    const expected = model.batches.find((batch) => batch.commitTimestampMs >= timestampMs)?.baseOffset ?? model.endOffset;
    expect(await real.log.offsetForTimestamp(timestampMs)).toBe(expected);
  });
}

/** Moves time forward only: with a monotonic clock every commit timestamp is the clock's reading. */
function advanceClock(ms: number): fc.AsyncCommand<Model, Real> {
  return command(`advanceClock(${ms})`, async (_model, real) => real.clock.advance(ms));
}

/** Which segments go is the policy's business (tested alone); the model checks the cut is clean. */
const retention = command('enforceRetention', async (model, real) => {
  await real.log.enforceRetention();
  const start = real.log.logStartOffset;
  expect(start).toBeGreaterThanOrEqual(model.startOffset);
  expect(start === model.endOffset || model.batches.some((batch) => batch.baseOffset === start)).toBe(true);
  model.batches = model.batches.filter((batch) => batch.baseOffset >= start);
  model.startOffset = start;
});

/** A clean close and open, or a crash (an image of the live directory) and open: nothing is lost. */
function reopen(crash: boolean): fc.AsyncCommand<Model, Real> {
  return command(crash ? 'crashAndReopen' : 'reopen', async (model, real) => {
    const dir = crash ? await crashImage(real.dir) : real.dir;
    await real.log.close();
    real.dir = dir;
    real.log = await LogTablet.open(dir, config, real.clock);
    expect([real.log.logStartOffset, real.log.logEndOffset]).toEqual([model.startOffset, model.endOffset]);
  });
}

/**
 * A crash that tore the last segment: cut its file somewhere past the recovery checkpoint (what the
 * checkpoint covers had reached the disk), reopen, lose the batches from the cut on.
 */
function tornTail(where: number): fc.AsyncCommand<Model, Real> {
  return command(`tornTail(${where.toFixed(2)})`, async (model, real) => {
    const dir = await crashImage(real.dir);
    await real.log.close();
    const name = (await segmentFiles(dir)).at(-1)!;
    const path = join(dir, name);
    const size = (await stat(path)).size;
    const segmentBase = Number(name.slice(0, 20));
    // The last segment holds the trailing batches that fill its file: not every batch from its base
    // offset, as an empty batch at that offset may close the segment before.
    let inLast = 0;
    for (let bytes = 0; bytes < size; inLast++) bytes += batchBytes(model.batches[model.batches.length - 1 - inLast]!);
    const kept = model.batches.slice(0, model.batches.length - inLast);
    const checkpoint = (await readRecoveryPoint(dir)) ?? 0;
    let checkpointedBytes = 0;
    let position = 0;
    for (const batch of model.batches.slice(kept.length)) {
      position += batchBytes(batch);
      if (batch.recordCount > 0 && batch.baseOffset + batch.recordCount <= checkpoint) checkpointedBytes = position;
    }
    const cut = checkpointedBytes + Math.floor(where * (size - checkpointedBytes));
    await truncate(path, cut);
    let end = 0;
    for (const batch of model.batches.slice(kept.length)) {
      end += batchBytes(batch);
      if (end > cut) break;
      kept.push(batch);
    }
    model.batches = kept;
    const last = model.batches.at(-1);
    model.endOffset = last === undefined ? Math.max(model.startOffset, segmentBase) : last.baseOffset + last.recordCount;
    real.dir = dir;
    real.log = await LogTablet.open(dir, config, real.clock);
    expect([real.log.logStartOffset, real.log.logEndOffset]).toEqual([model.startOffset, model.endOffset]);
  });
}

/**
 * A follower's truncation: at a batch boundary picked among the model's base offsets and its ends,
 * every batch from there on goes (empty ones at the offset too); the writer state follows.
 */
function truncateTo(where: number): fc.AsyncCommand<Model, Real> {
  return command(`truncateTo(${where.toFixed(2)})`, async (model, real) => {
    const boundaries = [model.startOffset, ...model.batches.map((batch) => batch.baseOffset), model.endOffset];
    const offset = boundaries[Math.floor(where * boundaries.length) % boundaries.length]!;
    await real.log.truncateTo(offset);
    model.batches = model.batches.filter((batch) => batch.baseOffset < offset);
    model.endOffset = offset;
    expect([real.log.logStartOffset, real.log.logEndOffset]).toEqual([model.startOffset, model.endOffset]);
    const last = writerBatches(model).at(-1);
    if (last !== undefined)
      expect(real.log.checkSequence(WRITER_ID, last.batchSequence!)).toMatchObject({ kind: 'duplicate', batch: { baseOffset: last.baseOffset } });
    expect(real.log.checkSequence(WRITER_ID, nextSequence(model))).toEqual({ kind: 'append' });
  });
}

/**
 * A follower's append of a stored batch as its leader wrote it: offset, timestamp (a little in the
 * past, never before the last batch), epoch (maybe a newer leader's) and writer sequence kept.
 */
function followerAppend(payloadBytes: number, recordCount: number, idempotent: boolean, epochBump: number, backMs: number): fc.AsyncCommand<Model, Real> {
  return command(`followerAppend(${payloadBytes}B x${recordCount}${idempotent ? ', writer' : ''}, epoch +${epochBump}, -${backMs}ms)`, async (model, real) => {
    const seed = model.nextSeed++;
    const payload = payloadOf(seed, payloadBytes);
    const batchSequence = idempotent ? nextSequence(model) : null;
    const commitTimestampMs = Math.max(model.batches.at(-1)?.commitTimestampMs ?? 0, real.clock.now() - backMs);
    model.epoch += epochBump;
    const fields = {
      baseOffset: model.endOffset,
      attributes: 0,
      recordCount,
      commitTimestampMs,
      schemaId: 1,
      writerId: idempotent ? WRITER_ID : -1,
      batchSequence: batchSequence ?? -1,
      leaderEpoch: model.epoch,
    };
    const raw = Buffer.concat([encodeBatchHeader(fields, payload), payload]);
    expect(await real.log.appendAsFollower([raw], { durable: true })).toEqual({ appendedBatches: 1, logEndOffset: model.endOffset + recordCount });
    model.batches.push({ baseOffset: model.endOffset, recordCount, seed, payloadBytes, commitTimestampMs, batchSequence, leaderEpoch: model.epoch });
    model.endOffset += recordCount;
  });
}

/** The epoch history and OffsetForLeaderEpoch answers follow from the batches' epochs. */
function epochs(asked: number): fc.AsyncCommand<Model, Real> {
  return command(`epochs(${asked})`, async (model, real) => {
    const expected = new LeaderEpochHistory();
    for (const batch of model.batches) expected.assign(batch.leaderEpoch, batch.baseOffset);
    expect(real.log.epochHistory).toEqual(expected.entries);
    const answer = real.log.endOffsetForEpoch(asked);
    if (model.batches.length === 0) {
      expect(answer).toEqual({ epoch: -1, endOffset: -1 });
      return;
    }
    const firstHigher = model.batches.find((batch) => batch.leaderEpoch > asked);
    expect(answer.endOffset).toBe(firstHigher?.baseOffset ?? model.endOffset);
  });
}

// Only an idempotent writer's batch may be empty (recordCount 0).
const appendArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5 }), fc.boolean())
  .map(([bytes, count, idempotent]) => append(bytes, idempotent ? count : Math.max(count, 1), idempotent));

const commands = [
  // Listed several times: fc.commands picks uniformly, and logs need content for the rest to matter.
  appendArbitrary,
  appendArbitrary,
  appendArbitrary,
  appendArbitrary,
  fc.nat().map(retry),
  fc.nat().map(retry),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2000 })).map(([where, maxBytes]) => read(where, maxBytes)),
  fc.integer({ min: -10, max: 3000 }).map(offsetForTimestamp),
  fc.integer({ min: 1, max: 1500 }).map(advanceClock),
  fc.constant(retention),
  fc.boolean().map(reopen),
  fc.double({ min: 0, max: 1, noNaN: true }).map(tornTail),
  fc.double({ min: 0, max: 1, noNaN: true }).map(truncateTo),
  fc
    .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.constantFrom(0, 0, 1, 2), fc.integer({ min: 0, max: 50 }))
    .map(([bytes, count, idempotent, bump, backMs]) => followerAppend(bytes, idempotent ? count : Math.max(count, 1), idempotent, bump, backMs)),
  fc.integer({ min: 0, max: 8 }).map(epochs),
];

afterEach(removeTempDirs);

describe('LogTablet model', () => {
  it('behaves like an array of batches under appends, retries, reads, rolls, retention, reopens and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (sequence) => {
        const dir = await makeTempDir();
        const clock = new ManualTimers();
        const real: Real = { log: await LogTablet.open(dir, config, clock), dir, clock };
        try {
          await fc.asyncModelRun(() => ({ model: { batches: [], startOffset: 0, endOffset: 0, nextSeed: 0, epoch: 0 }, real }), sequence);
        } finally {
          await real.log.close();
          await removeTempDirs();
        }
      }),
      { numRuns: 30 },
    );
  });
});
