import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogTablet } from './log-tablet.ts';
import {
  appendInput,
  fileHandlePrototype,
  makeTempDir,
  ManualTimers,
  noSpaceLeft,
  payloadOf,
  readAll,
  removeTempDirs,
  segmentFiles,
  testConfig,
} from './test-support.ts';

/**
 * A full disk refusing writes, injected at node's FileHandle: the log refuses the append with
 * NO_SPACE, keeps serving, and takes the same append once space is back. Against a real full
 * file system: disk-full.test.ts.
 */

afterEach(async () => {
  vi.restoreAllMocks();
  await removeTempDirs();
});

const config = testConfig({ segmentBytes: 700, indexIntervalBytes: 100 });

type Writev = (this: FileHandle, buffers: Uint8Array[], position?: number) => Promise<{ bytesWritten: number }>;

/**
 * Makes the `failAt`-th writev from now (0-based) fail with ENOSPC after writing the first
 * `partialBytes` of its data for real, as a file system does when it fills up mid-write.
 */
async function failWritev(failAt: number, partialBytes = 0): Promise<void> {
  const prototype = (await fileHandlePrototype()) as unknown as { writev: Writev };
  const realWritev = prototype.writev;
  let calls = 0;
  vi.spyOn(prototype, 'writev').mockImplementation(async function (this: FileHandle, buffers, position) {
    if (calls++ !== failAt) return realWritev.call(this, buffers, position);
    const partial = Buffer.concat(buffers).subarray(0, partialBytes);
    if (partial.byteLength > 0) await realWritev.call(this, [partial], position);
    throw noSpaceLeft('write');
  });
}

function batch(seed: number) {
  return appendInput(payloadOf(seed, 60 + ((seed * 41) % 150)), { recordCount: (seed % 3) + 1 });
}

/** The log holds exactly the batches of these seeds, in order. */
async function expectSeeds(log: LogTablet, seeds: number[]): Promise<void> {
  const payloads = (await readAll(log)).map((stored) => Buffer.from(stored.payload));
  expect(payloads).toEqual(seeds.map((seed) => Buffer.from(batch(seed).payload)));
}

describe('LogTablet on a full disk', () => {
  it('cuts a half-written batch off, refuses it with NO_SPACE naming the file, and takes it when space is back', async () => {
    const dir = await makeTempDir();
    const log = await LogTablet.open(dir, config, new ManualTimers());
    for (const seed of [0, 1]) await log.append(batch(seed), { durable: true });
    const path = join(dir, (await segmentFiles(dir)).at(-1)!);
    const sizeBefore = (await stat(path)).size;

    await failWritev(0, 30);
    const refused = log.append(batch(2), { durable: true });
    await expect(refused).rejects.toMatchObject({ code: 'NO_SPACE' });
    await expect(refused).rejects.toThrow(`Cannot write ${path}: no space left on device`);
    expect((await stat(path)).size).toBe(sizeBefore);
    await expectSeeds(log, [0, 1]);

    const again = await log.append(batch(2), { durable: true });
    expect(again.baseOffset).toBe(batch(0).recordCount + batch(1).recordCount);
    await log.close();
    const reopened = await LogTablet.open(dir, config, new ManualTimers());
    await expectSeeds(reopened, [0, 1, 2]);
    await reopened.close();
  });

  it('whichever write of appends and rolls the disk refuses, the log keeps exactly the acknowledged batches', async () => {
    // Every writev of 12 appends (segment data, index and checkpoint files of the rolls) fails once in
    // turn, until one past the last: that run sees no refusal.
    let refusals = 1;
    for (let failAt = 0; refusals > 0; failAt++) {
      const dir = await makeTempDir();
      const log = await LogTablet.open(dir, config, new ManualTimers());
      await failWritev(failAt, 10);
      const acknowledged: number[] = [];
      refusals = 0;
      for (let seed = 0; seed < 12; seed++) {
        const appended = await log.append(batch(seed), { durable: true }).catch((error: unknown) => {
          expect(error, `writev ${failAt}`).toMatchObject({ code: 'NO_SPACE' });
          refusals++;
          return null;
        });
        if (appended !== null) acknowledged.push(seed);
      }
      expect(refusals, `writev ${failAt}`).toBeLessThanOrEqual(1);
      vi.restoreAllMocks();
      await expectSeeds(log, acknowledged);
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(failAt, 'writevs of 12 appends').toBeLessThan(100);
      const last = await log.append(batch(99), { durable: true });
      expect(last.duplicate).toBe(false);
      await log.close();
      const reopened = await LogTablet.open(dir, config, new ManualTimers());
      await expectSeeds(reopened, [...acknowledged, 99]);
      await reopened.close();
    }
  });

  it('an fsync refused for lack of space stops the log (its pages may be gone), naming the cause', async () => {
    const dir = await makeTempDir();
    const log = await LogTablet.open(dir, testConfig({ fsync: true }), new ManualTimers());
    await log.append(batch(0), { durable: true });
    const prototype = await fileHandlePrototype();
    vi.spyOn(prototype, 'datasync').mockRejectedValueOnce(noSpaceLeft('fdatasync'));
    await expect(log.append(batch(1), { durable: true })).rejects.toMatchObject({ code: 'STORAGE_ERROR', message: expect.stringContaining('no space left') });
    await expect(log.read(0, 100)).rejects.toMatchObject({ code: 'STORAGE_ERROR' });
    await log.close().catch(() => undefined);
  });
});
