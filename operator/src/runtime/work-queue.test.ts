import { describe, expect, it } from 'vitest';
import { ManualTimers } from './manual-timers.ts';
import { WorkQueue } from './work-queue.ts';

describe('WorkQueue', () => {
  it('coalesces repeated adds of one key', async () => {
    const queue = new WorkQueue(new ManualTimers());
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
  });

  it('never hands one key to two workers; re-queues it when it changed while processing', async () => {
    const queue = new WorkQueue(new ManualTimers());
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    expect(queue.length).toBe(0);
    queue.done(key ?? '');
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
  });

  it('wakes a waiting worker on add', async () => {
    const queue = new WorkQueue(new ManualTimers());
    const next = queue.get();
    queue.add('x');
    expect(await next).toBe('x');
  });

  it('addAfter keeps the earliest pending delay', async () => {
    const timers = new ManualTimers();
    const queue = new WorkQueue(timers);
    queue.addAfter('a', 1000);
    queue.addAfter('a', 5000);
    timers.advance(999);
    expect(queue.length).toBe(0);
    timers.advance(1);
    expect(queue.length).toBe(1);
    timers.advance(10_000);
    expect(queue.length).toBe(1);
  });

  it('backs off exponentially per key up to the maximum, and forget resets it', () => {
    const timers = new ManualTimers();
    const queue = new WorkQueue(timers, { baseDelayMs: 100, maxDelayMs: 1000 });
    expect([0, 1, 2, 3, 4, 10].map((failures) => queue.backoffDelayMs(failures))).toEqual([100, 200, 400, 800, 1000, 1000]);
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    expect(queue.failures('a')).toBe(2);
    timers.advance(100);
    expect(queue.length).toBe(1);
    queue.forget('a');
    expect(queue.failures('a')).toBe(0);
  });

  it('releases waiting workers on shutdown and ignores later adds', async () => {
    const queue = new WorkQueue(new ManualTimers());
    const next = queue.get();
    queue.shutdown();
    expect(await next).toBeUndefined();
    queue.add('a');
    expect(queue.length).toBe(0);
  });
});
