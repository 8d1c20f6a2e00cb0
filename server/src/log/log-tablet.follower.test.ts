import { stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogTablet } from './log-tablet.ts';
import { appendInput, crashImage, makeTempDir, ManualTimers, payloadOf, readAll, removeTempDirs, segmentFiles, testConfig } from './test-support.ts';

afterEach(removeTempDirs);

const config = testConfig({ segmentBytes: 800, indexIntervalBytes: 120 });

async function openLog(clock = new ManualTimers()): Promise<{ log: LogTablet; dir: string; clock: ManualTimers }> {
  const dir = await makeTempDir();
  return { log: await LogTablet.open(dir, config, clock), dir, clock };
}

/** A leader log with two writers, empty batches, three epochs and several segments. */
async function leaderLog(batches = 30): Promise<{ log: LogTablet; dir: string; clock: ManualTimers }> {
  const opened = await openLog();
  const sequences = [0, 0];
  for (let i = 0; i < batches; i++) {
    const leaderEpoch = i < 10 ? 0 : i < 20 ? 2 : 5;
    const writer = i % 3;
    const empty = writer < 2 && i % 7 === 6;
    const fields = writer === 2 ? {} : { writerId: 100 + writer, batchSequence: sequences[writer]!++ };
    await opened.log.append(appendInput(empty ? new Uint8Array(0) : payloadOf(i, 40 + ((i * 29) % 120)), { recordCount: empty ? 0 : (i % 4) + 1, ...fields }), {
      durable: false,
      leaderEpoch,
    });
    opened.clock.advance(5);
  }
  return opened;
}

/** Every stored batch byte for byte, empty ones included. */
async function rawLog(log: LogTablet): Promise<Buffer> {
  return Buffer.concat((await log.readRaw(log.logStartOffset, 1 << 30)).batches);
}

/** Fetches from the leader until the follower has all of it, `maxBytes` per fetch. */
async function catchUp(leader: LogTablet, follower: LogTablet, maxBytes: number): Promise<number> {
  let fetches = 0;
  for (;;) {
    const { batches } = await leader.readRaw(follower.logEndOffset, maxBytes);
    const { appendedBatches } = await follower.appendAsFollower(batches, { durable: true });
    fetches++;
    if (appendedBatches === 0 && follower.logEndOffset === leader.logEndOffset) return fetches;
  }
}

async function expectSameLog(leader: LogTablet, follower: LogTablet): Promise<void> {
  expect(follower.logEndOffset).toBe(leader.logEndOffset);
  expect((await rawLog(follower)).equals(await rawLog(leader))).toBe(true);
  expect(await readAll(follower)).toEqual(await readAll(leader));
  expect(follower.epochHistory).toEqual(leader.epochHistory);
  for (const writerId of [100, 101]) {
    for (let sequence = 0; sequence < 12; sequence++) expect(follower.checkSequence(writerId, sequence)).toEqual(leader.checkSequence(writerId, sequence));
  }
}

describe('LogTablet.readRaw', () => {
  it('hands out stored batches byte for byte, empty ones included, within maxBytes and upToOffset', async () => {
    const { log } = await leaderLog();
    const all = (await log.readRaw(0, 1 << 30)).batches;
    expect(all.length).toBe(30);
    const one = await log.readRaw(0, 1);
    expect(one.batches).toHaveLength(1);
    expect(one).toMatchObject({ logStartOffset: 0, logEndOffset: log.logEndOffset, highWatermark: log.highWatermark });
    const firstEnd = (await log.read(0, 1)).batches[0]!.recordCount;
    expect((await log.readRaw(0, 1 << 30, firstEnd - 1)).batches).toHaveLength(0);
    expect((await log.readRaw(0, 1 << 30, firstEnd)).batches).toHaveLength(1);
    await expect(log.readRaw(log.logEndOffset + 1, 10)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    expect((await log.readRaw(log.logEndOffset, 10)).batches).toEqual([]);
    await log.close();
  });
});

describe('LogTablet.appendAsFollower', () => {
  for (const maxBytes of [1, 300, 1 << 20]) {
    it(`copies the leader's log exactly, fetching ${maxBytes} bytes at a time, across reopen`, async () => {
      const leader = await leaderLog();
      const follower = await openLog(new ManualTimers(5_000_000)); // another clock: timestamps are the leader's
      await catchUp(leader.log, follower.log, maxBytes);
      expect((await segmentFiles(follower.dir)).length).toBeGreaterThan(2);
      await expectSameLog(leader.log, follower.log);
      await follower.log.close();
      const reopened = await LogTablet.open(follower.dir, config, follower.clock);
      await expectSameLog(leader.log, reopened);
      await reopened.close();
      await leader.log.close();
    });
  }

  it('refuses a first batch away from the log end, bad bytes and an older epoch, appending nothing', async () => {
    const leader = await leaderLog(25);
    const { log: follower } = await openLog();
    const all = (await leader.log.readRaw(0, 1 << 30)).batches;
    await expect(follower.appendAsFollower(all.slice(1, 3), { durable: false })).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
    await expect(follower.appendAsFollower([all[0]!, all[2]!], { durable: false })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    const flipped = Buffer.from(all[1]!);
    flipped[flipped.byteLength - 1]! ^= 1;
    await expect(follower.appendAsFollower([all[0]!, flipped], { durable: false })).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    await expect(follower.appendAsFollower([all[0]!.subarray(0, 30)], { durable: false })).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    expect(follower.logEndOffset).toBe(0);
    await follower.appendAsFollower(all.slice(0, 22), { durable: false }); // up to epoch 5
    const older = await openLog();
    await older.log.appendAsFollower(all.slice(0, 22), { durable: false });
    await older.log.truncateTo(follower.logEndOffset);
    await expect(follower.append(appendInput(payloadOf(1, 5)), { durable: false, leaderEpoch: 2 })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await follower.close();
    await older.log.close();
    await leader.log.close();
  });

  it('after a leader change: the diverged tail goes by endOffsetForEpoch and truncateTo, then the logs agree', async () => {
    const leader = await leaderLog(20); // epochs 0 and 2
    const { log: follower } = await openLog();
    await catchUp(leader.log, follower, 1 << 20);
    // The old leader (now follower) wrote two more batches in epoch 2 that nobody copied...
    await follower.append(appendInput(payloadOf(77, 50)), { durable: false, leaderEpoch: 2 });
    await follower.append(appendInput(payloadOf(78, 50)), { durable: false, leaderEpoch: 2 });
    // ...while the new leader took over in epoch 5.
    for (let i = 0; i < 4; i++) await leader.log.append(appendInput(payloadOf(200 + i, 60)), { durable: false, leaderEpoch: 5 });
    const { endOffset } = leader.log.endOffsetForEpoch(follower.latestEpoch!);
    expect(endOffset).toBeLessThan(follower.logEndOffset);
    await follower.truncateTo(Math.min(endOffset, follower.logEndOffset));
    await catchUp(leader.log, follower, 500);
    await expectSameLog(leader.log, follower);
    await follower.close();
    await leader.log.close();
  });

  it('a follower far behind restarts empty at the leader log start and follows from there', async () => {
    const leader = await leaderLog(30);
    leader.log.setRetention({ retentionMs: -1, retentionBytes: 900 });
    await leader.log.enforceRetention();
    expect(leader.log.logStartOffset).toBeGreaterThan(0);
    const { log: follower } = await openLog();
    await follower.truncateFully(leader.log.logStartOffset);
    await catchUp(leader.log, follower, 700);
    expect((await rawLog(follower)).equals(await rawLog(leader.log))).toBe(true);
    expect(follower.epochHistory).toEqual(leader.log.epochHistory);
    await follower.close();
    await leader.log.close();
  });

  it('a crash tearing its last segment at any byte recovers a prefix of the leader, and catching up makes it whole', async () => {
    const leader = await leaderLog(30);
    const follower = await openLog();
    await catchUp(leader.log, follower.log, 1 << 20);
    const image = await crashImage(follower.dir);
    await follower.log.close();
    const last = join(image, (await segmentFiles(image)).at(-1)!);
    const size = (await stat(last)).size;
    const whole = await rawLog(leader.log);
    for (let cut = 0; cut < size; cut += 11) {
      const dir = await crashImage(image);
      const path = join(dir, (await segmentFiles(dir)).at(-1)!);
      await truncate(path, cut);
      const reopened = await LogTablet.open(dir, config, follower.clock);
      const prefix = await rawLog(reopened);
      expect(whole.subarray(0, prefix.byteLength).equals(prefix)).toBe(true);
      await catchUp(leader.log, reopened, 400);
      await expectSameLog(leader.log, reopened);
      await reopened.close();
    }
    await leader.log.close();
  });

  it('wakes a follower long poll on the log end, a consumer long poll on the high watermark', async () => {
    const { log } = await openLog();
    const follower = log.waitForAppend(0, 60_000, undefined, { until: 'logEnd' });
    const consumer = log.waitForAppend(0, 60_000);
    await log.append(appendInput(payloadOf(1, 10)), { durable: false });
    await Promise.all([follower, consumer]);
    await log.close();
  });
});
