import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountTmpfs, type Tmpfs } from '../../../test/support/tmpfs.ts';
import { LogTablet } from './log-tablet.ts';
import { appendInput, ManualTimers, payloadOf, readAll, testConfig } from './test-support.ts';

/** A log on a real, tiny file system that fills up (a tmpfs: the test needs root). */

let tmpfs: Tmpfs;
beforeAll(() => {
  tmpfs = mountTmpfs(2 * 1024 * 1024);
});
afterAll(() => tmpfs?.unmount());

const config = testConfig({ fsync: true, segmentBytes: 48 * 1024, indexIntervalBytes: 4096 });

function batch(seed: number) {
  return appendInput(payloadOf(seed, 1500 + ((seed * 389) % 2500)), { recordCount: (seed % 4) + 1 });
}

async function expectSeeds(log: LogTablet, seeds: number[]): Promise<void> {
  const payloads = (await readAll(log, log.logStartOffset, 64 * 1024)).map((stored) => Buffer.from(stored.payload));
  expect(payloads.length).toBe(seeds.length);
  payloads.forEach((payload, i) => expect(payload.equals(Buffer.from(batch(seeds[i]!).payload)), `batch ${i} is seed ${seeds[i]}`).toBe(true));
}

describe('LogTablet on a full file system', () => {
  it('refuses appends while the disk is full, keeps serving, takes them again once space is back, and loses nothing', async () => {
    const dir = join(tmpfs.path, 'bucket');
    const log = await LogTablet.open(dir, config, new ManualTimers());
    const acknowledged: number[] = [];
    let seed = 0;
    for (; seed < 20; seed++) {
      await log.append(batch(seed), { durable: true });
      acknowledged.push(seed);
    }

    await tmpfs.fill();
    let refusal: unknown;
    for (; refusal === undefined; seed++) {
      if (seed > 2000) throw new Error('The full tmpfs never refused an append');
      await log.append(batch(seed), { durable: true }).then(
        () => acknowledged.push(seed),
        (error: unknown) => (refusal = error),
      );
    }
    const refusedSeed = seed - 1;
    expect(refusal).toMatchObject({ code: 'NO_SPACE', message: expect.stringMatching(new RegExp(`^Cannot write ${dir}/.*: no space left on device$`)) });
    await expect(log.append(batch(refusedSeed), { durable: true })).rejects.toMatchObject({ code: 'NO_SPACE' });
    await expectSeeds(log, acknowledged);

    await tmpfs.free();
    // Enough to roll segments again, from the refused batch on.
    for (seed = refusedSeed; seed < refusedSeed + 40; seed++) {
      await log.append(batch(seed), { durable: true });
      acknowledged.push(seed);
    }
    await expectSeeds(log, acknowledged);
    await log.close();

    const reopened = await LogTablet.open(dir, config, new ManualTimers());
    await expectSeeds(reopened, acknowledged);
    await reopened.close();
  });
});
