import { describe, expect, it } from 'vitest';
import { ManualTimers, repeat } from './timers.ts';

describe('ManualTimers', () => {
  it('fires due timers in due order, with the clock at their time, and skips cancelled ones', () => {
    const timers = new ManualTimers(100);
    const fired: Array<[string, number]> = [];
    timers.schedule(() => fired.push(['b', timers.now()]), 20);
    timers.schedule(() => fired.push(['a', timers.now()]), 10);
    const cancel = timers.schedule(() => fired.push(['never', timers.now()]), 15);
    cancel();
    timers.advance(15);
    expect(fired).toEqual([['a', 110]]);
    expect(timers.now()).toBe(115);
    timers.advance(100);
    expect(fired).toEqual([
      ['a', 110],
      ['b', 120],
    ]);
    expect(timers.pendingCount).toBe(0);
  });

  it('sleep resolves once time has moved past it', async () => {
    const timers = new ManualTimers();
    let done = false;
    const sleeping = timers.sleep(50).then(() => (done = true));
    timers.advance(49);
    await Promise.resolve();
    expect(done).toBe(false);
    timers.advance(1);
    await sleeping;
    expect(done).toBe(true);
  });
});

describe('repeat', () => {
  it('runs the task every interval, never overlapping, going on after a failure, until stopped', async () => {
    const timers = new ManualTimers();
    const runs: number[] = [];
    const errors: unknown[] = [];
    let finish: (() => void) | undefined;
    const stop = repeat(
      timers,
      10,
      () =>
        new Promise<void>((resolve, reject) => {
          runs.push(timers.now());
          if (runs.length === 2) reject(new Error('boom'));
          else finish = resolve;
        }),
      (error) => errors.push(error),
    );
    timers.advance(10);
    expect(runs).toEqual([10]);
    // The first run is still going: no second run however much time passes.
    timers.advance(50);
    expect(runs).toEqual([10]);
    finish!();
    await new Promise((r) => setImmediate(r));
    timers.advance(10);
    expect(runs).toEqual([10, 70]);
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual([new Error('boom')]);
    timers.advance(10);
    expect(runs).toEqual([10, 70, 80]);
    stop();
    finish!();
    await new Promise((r) => setImmediate(r));
    timers.advance(100);
    expect(runs).toEqual([10, 70, 80]);
  });
});
