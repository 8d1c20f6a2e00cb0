import { readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatLeaderEpochFile } from './leader-epoch-file.ts';
import { LEADER_EPOCH_CHECKPOINT_FILE } from './file-names.ts';
import { LogTablet } from './log-tablet.ts';
import { appendInput, crashImage, makeTempDir, ManualTimers, payloadOf, recordingLogger, removeTempDirs, segmentFiles, testConfig } from './test-support.ts';

afterEach(removeTempDirs);

const config = testConfig({ segmentBytes: 600 });

/** Appends batches of 2 records, one per epoch listed; returns the log and its directory. */
async function logWithEpochs(epochs: number[], clock = new ManualTimers()): Promise<{ log: LogTablet; dir: string; clock: ManualTimers }> {
  const dir = await makeTempDir();
  const log = await LogTablet.open(dir, config, clock);
  for (const [i, leaderEpoch] of epochs.entries()) {
    await log.append(appendInput(payloadOf(i, 80), { recordCount: 2 }), { durable: false, leaderEpoch });
  }
  return { log, dir, clock };
}

const EPOCHS = [0, 0, 1, 1, 1, 4, 4, 7, 7, 7, 7, 9];
const HISTORY = [
  { epoch: 0, startOffset: 0 },
  { epoch: 1, startOffset: 4 },
  { epoch: 4, startOffset: 10 },
  { epoch: 7, startOffset: 14 },
  { epoch: 9, startOffset: 22 },
];

describe('LogTablet leader epochs', () => {
  it('keeps the epoch history of its batches and answers OffsetForLeaderEpoch, across reopen and crash', async () => {
    const { log, dir, clock } = await logWithEpochs(EPOCHS);
    expect((await segmentFiles(dir)).length).toBeGreaterThan(2);
    const image = await crashImage(dir);
    await log.close();
    for (const path of [dir, image]) {
      const reopened = await LogTablet.open(path, config, clock);
      expect(reopened.epochHistory).toEqual(HISTORY);
      expect(reopened.latestEpoch).toBe(9);
      expect(reopened.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 10 });
      expect(reopened.endOffsetForEpoch(5)).toEqual({ epoch: 4, endOffset: 14 });
      expect(reopened.endOffsetForEpoch(9)).toEqual({ epoch: 9, endOffset: 24 });
      expect(await readFile(join(path, LEADER_EPOCH_CHECKPOINT_FILE), 'utf8')).toBe(formatLeaderEpochFile(HISTORY));
      await reopened.close();
    }
  });

  it('a new log has no epoch', async () => {
    const { log } = await logWithEpochs([]);
    expect(log.latestEpoch).toBeNull();
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: -1, endOffset: -1 });
    await log.close();
  });

  it('refuses a batch of an older epoch than the latest, appending nothing', async () => {
    const { log } = await logWithEpochs([3]);
    await expect(log.append(appendInput(payloadOf(1, 10)), { durable: false, leaderEpoch: 2 })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(log.append(appendInput(payloadOf(1, 10)), { durable: false, leaderEpoch: -1 })).rejects.toThrow(RangeError);
    expect(log.logEndOffset).toBe(2);
    await log.close();
  });

  it('rebuilds a missing, cut, damaged or stale epoch file from the batches', async () => {
    const { log, dir, clock } = await logWithEpochs(EPOCHS);
    await log.close();
    const path = join(dir, LEADER_EPOCH_CHECKPOINT_FILE);
    const good = await readFile(path);
    const damages: Buffer[] = [];
    for (let cut = 0; cut < good.byteLength; cut++) damages.push(good.subarray(0, cut));
    for (let at = 0; at < good.byteLength; at++) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 0x10;
      damages.push(flipped);
    }
    // Written before its first batch, which a crash then lost.
    damages.push(Buffer.from(formatLeaderEpochFile([...HISTORY, { epoch: 12, startOffset: 24 }])));
    for (const damage of [null, ...damages]) {
      if (damage === null) await rm(path);
      else await writeFile(path, damage);
      const reopened = await LogTablet.open(dir, config, clock);
      expect(reopened.epochHistory).toEqual(HISTORY);
      expect((await readFile(path)).equals(good)).toBe(true);
      await reopened.close();
    }
  });

  it('loses the epochs of a torn tail with the tail', async () => {
    const { log, dir, clock } = await logWithEpochs(EPOCHS);
    const image = await crashImage(dir);
    await log.close();
    const last = join(image, (await segmentFiles(image)).at(-1)!);
    await truncate(last, (await stat(last)).size - 1); // the epoch-9 batch is torn
    const logger = recordingLogger();
    const reopened = await LogTablet.open(image, config, clock, logger);
    expect(reopened.epochHistory).toEqual(HISTORY.slice(0, -1));
    expect(reopened.endOffsetForEpoch(9)).toEqual({ epoch: 7, endOffset: 22 });
    await reopened.close();
  });

  it('retention moves the first epoch to the new log start, as a rebuild would', async () => {
    const { log, dir, clock } = await logWithEpochs(EPOCHS);
    log.setRetention({ retentionMs: -1, retentionBytes: 700 });
    expect((await log.enforceRetention()).deletedSegments).toBeGreaterThan(0);
    const start = log.logStartOffset;
    expect(start).toBeGreaterThan(4);
    const history = log.epochHistory;
    expect(history[0]!.startOffset).toBe(start);
    expect(history).toEqual([{ epoch: history[0]!.epoch, startOffset: start }, ...HISTORY.filter((entry) => entry.startOffset > start)]);
    await log.close();
    const reopened = await LogTablet.open(dir, config, clock);
    expect(reopened.epochHistory).toEqual(history);
    await reopened.close();
  });
});
