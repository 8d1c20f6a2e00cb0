import { afterAll, describe, expect, it } from 'vitest';
import { isLogError } from './errors.ts';
import { LogTablet } from './log-tablet.ts';
import { appendInput, makeTempDir, ManualTimers, payloadOf, removeTempDirs, testConfig } from './test-support.ts';

// What a KV tablet relies on to follow its changelog: observers told of progress and truncations,
// appends conditional on the log end, and reads no truncation overlaps.

const clock = new ManualTimers();
afterAll(removeTempDirs);

async function openLog(replicated = false): Promise<LogTablet> {
  return LogTablet.open(await makeTempDir(), testConfig(), clock, undefined, { replicated });
}

const batch = (i: number, records = 2) => appendInput(payloadOf(i, 40), { recordCount: records });

describe('LogTablet observers', () => {
  it('hear of appends, high watermark moves and truncations (with the offset), until they stop observing', async () => {
    const log = await openLog(true);
    const heard: string[] = [];
    const stop = log.observe({
      progressed: () => heard.push(`progress ${log.logEndOffset}/${log.highWatermark}`),
      truncated: (o) => heard.push(`truncated ${o}`),
    });
    await log.append(batch(0), { durable: true });
    await log.append(batch(1), { durable: true });
    log.setHighWatermark(2);
    await log.truncateTo(2);
    expect(heard).toEqual(['progress 2/0', 'progress 4/0', 'progress 4/2', 'truncated 2']);
    // truncated is told after the log has changed: the observer sees the new end.
    stop();
    await log.append(batch(2), { durable: true });
    await log.truncateFully(10);
    expect(heard).toHaveLength(4);
    await log.close();
  });

  it('hear of an emptied log with the offset it restarts at', async () => {
    const log = await openLog(true);
    await log.append(batch(0), { durable: true });
    const truncations: Array<[number, number]> = [];
    log.observe({ truncated: (offset) => truncations.push([offset, log.logStartOffset]) });
    await log.truncateFully(40);
    expect(truncations).toEqual([[40, 40]]);
    await log.close();
  });
});

describe('LogTablet.append at an offset', () => {
  it('appends while the log ends there, and refuses with END_MOVED (nothing written) once it moved', async () => {
    const log = await openLog();
    const first = await log.append(batch(0), { durable: true, atOffset: 0 });
    expect(first.baseOffset).toBe(0);
    const refused = await log.append(batch(1), { durable: true, atOffset: 0 }).catch((error: unknown) => error);
    expect(isLogError(refused, 'END_MOVED')).toBe(true);
    expect((refused as Error).message).toMatch(/Cannot append at offset 0: the log ends at 2/);
    expect(log.logEndOffset).toBe(2);
    await log.truncateTo(0);
    expect((await log.append(batch(2), { durable: true, atOffset: 0 })).baseOffset).toBe(0);
    await log.close();
  });
});

describe('LogTablet.read exclusive', () => {
  it('reads the same batches as a plain read, and a truncation asked meanwhile waits for it', async () => {
    const log = await openLog();
    for (let i = 0; i < 5; i++) await log.append(batch(i), { durable: true });
    const plain = await log.read(0, 1 << 20);
    const order: string[] = [];
    const reading = log.read(0, 1 << 20, { exclusive: true }).then((read) => {
      order.push('read');
      return read;
    });
    const truncating = log.truncateTo(4).then(() => order.push('truncated'));
    const [exclusive] = await Promise.all([reading, truncating]);
    expect(order).toEqual(['read', 'truncated']);
    expect(exclusive.batches.map((b) => b.baseOffset)).toEqual(plain.batches.map((b) => b.baseOffset));
    expect(exclusive.batches).toHaveLength(5);
    // After the truncation, an exclusive read at the old end is out of range like any read.
    await expect(log.read(8, 1 << 20, { exclusive: true })).rejects.toThrow(/Cannot read offset 8: log holds \[0, 4\]/);
    await log.close();
  });
});
