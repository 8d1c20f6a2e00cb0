import { readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATERMARK_CHECKPOINT_FILE } from './file-names.ts';
import { LogTablet } from './log-tablet.ts';
import { appendInput, crashImage, makeTempDir, ManualTimers, payloadOf, removeTempDirs, segmentFiles, testConfig } from './test-support.ts';

afterEach(removeTempDirs);

const config = testConfig({ segmentBytes: 500 });

async function openReplicated(dir?: string, clock = new ManualTimers()): Promise<{ log: LogTablet; dir: string; clock: ManualTimers }> {
  const path = dir ?? (await makeTempDir());
  return { log: await LogTablet.open(path, config, clock, undefined, { replicated: true }), dir: path, clock };
}

async function appendMany(log: LogTablet, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await log.append(appendInput(payloadOf(i, 60), { recordCount: 2 }), { durable: true });
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
};

describe('high watermark of a replicated log', () => {
  it('moves only by setHighWatermark: never backwards, never past the log end', async () => {
    const { log } = await openReplicated();
    await appendMany(log, 3);
    expect([log.logEndOffset, log.highWatermark]).toEqual([6, 0]);
    expect((await log.read(0, 1000)).highWatermark).toBe(0);
    log.setHighWatermark(4);
    log.setHighWatermark(2); // an older answer arriving late: ignored
    expect(log.highWatermark).toBe(4);
    expect(() => log.setHighWatermark(7)).toThrow(RangeError);
    expect(() => log.setHighWatermark(1.5)).toThrow(RangeError);
    expect((await log.read(0, 1000)).highWatermark).toBe(4);
    await log.close();
  });

  it('wakes consumer long polls on the high watermark and follower long polls on the log end', async () => {
    const { log } = await openReplicated();
    const consumer = log.waitForAppend(0, 60_000);
    const follower = log.waitForAppend(0, 60_000, undefined, { until: 'logEnd' });
    await appendMany(log, 1);
    expect(await settled(follower)).toBe(true);
    expect(await settled(consumer)).toBe(false);
    log.setHighWatermark(1);
    expect(await settled(consumer)).toBe(true);
    await log.close();
  });

  it('is checkpointed at flush and close and restarts from there, clamped to the log end', async () => {
    const { log, dir, clock } = await openReplicated();
    await appendMany(log, 10);
    log.setHighWatermark(8);
    await log.flush();
    await appendMany(log, 2); // past the recovery checkpoint: a crash may tear them
    log.setHighWatermark(24);
    const image = await crashImage(dir); // holds the flushed high watermark
    await log.close();
    const reopened = await openReplicated(dir, clock);
    expect(reopened.log.highWatermark).toBe(24);
    await reopened.log.close();
    const crashed = await openReplicated(await crashImage(image), clock);
    expect(crashed.log.highWatermark).toBe(8);
    await crashed.log.close();
    // A torn tail below a checkpointed high watermark: the high watermark cannot pass the log end.
    await writeFile(join(image, HIGH_WATERMARK_CHECKPOINT_FILE), await readFile(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE)));
    const last = join(image, (await segmentFiles(image)).at(-1)!);
    await truncate(last, (await stat(last)).size - 1);
    const torn = await openReplicated(image, clock);
    expect(torn.log.logEndOffset).toBe(22);
    expect(torn.log.highWatermark).toBe(22);
    await torn.log.close();
  });

  it('a checkpoint cut or damaged at any byte restarts from the log start or from its value, never elsewhere', async () => {
    const { log, dir, clock } = await openReplicated();
    await appendMany(log, 10);
    log.setHighWatermark(14);
    await log.close();
    const good = await readFile(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE));
    const damages: Buffer[] = [];
    for (let cut = 0; cut < good.byteLength; cut++) damages.push(good.subarray(0, cut));
    for (let at = 0; at < good.byteLength; at++) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 0x01;
      damages.push(flipped);
    }
    for (const damage of damages) {
      await writeFile(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE), damage);
      const reopened = await openReplicated(dir, clock);
      expect([0, 14]).toContain(reopened.log.highWatermark);
      await reopened.log.close();
    }
    await rm(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE));
    const missing = await openReplicated(dir, clock);
    expect(missing.log.highWatermark).toBe(0);
    await missing.log.close();
  });

  it('follows truncation down and restarts at the new start after truncateFully', async () => {
    const { log, dir, clock } = await openReplicated();
    await appendMany(log, 10);
    log.setHighWatermark(16);
    await log.truncateTo(10);
    expect(log.highWatermark).toBe(10);
    await log.truncateFully(500);
    expect(log.highWatermark).toBe(500);
    await log.close();
    const reopened = await openReplicated(dir, clock);
    expect([reopened.log.logStartOffset, reopened.log.highWatermark]).toEqual([500, 500]);
    await reopened.log.close();
  });

  it('retention never deletes past the high watermark', async () => {
    const { log } = await openReplicated();
    log.setRetention({ retentionMs: -1, retentionBytes: 0 });
    await appendMany(log, 20);
    expect(await log.enforceRetention()).toEqual({ deletedSegments: 0 });
    log.setHighWatermark(20);
    expect((await log.enforceRetention()).deletedSegments).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeLessThanOrEqual(20);
    await log.close();
  });
});

describe('high watermark of a log opened as a single replica (the default)', () => {
  it('is the durable end, cannot be set and writes no checkpoint', async () => {
    const dir = await makeTempDir();
    const log = await LogTablet.open(dir, testConfig({ fsync: true }), new ManualTimers());
    await log.append(appendInput(payloadOf(1, 10)), { durable: true });
    await log.append(appendInput(payloadOf(2, 10)), { durable: false });
    expect([log.replicated, log.highWatermark, log.logEndOffset]).toEqual([false, 1, 2]);
    expect(() => log.setHighWatermark(1)).toThrow(TypeError);
    await log.close();
    await expect(stat(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
