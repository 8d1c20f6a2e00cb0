import { describe, expect, it } from 'vitest';
import { ByteRateThrottle } from './byte-rate-throttle.ts';

/** A clock that sleeping moves forward, recording each sleep. */
function fakeTimers() {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('ByteRateThrottle', () => {
  it('waits what the bytes cost at the rate, less the time already passed', async () => {
    const timers = fakeTimers();
    const throttle = new ByteRateThrottle(timers);
    throttle.setRate(1_000);
    await throttle.paceAfter(500);
    expect(timers.sleeps).toEqual([500]);
    timers.advance(200);
    await throttle.paceAfter(500);
    expect(timers.sleeps).toEqual([500, 500]);
    timers.advance(2_000);
    await throttle.paceAfter(100);
    expect(timers.sleeps).toEqual([500, 500, 100]);
  });

  it('does not limit at rate 0', async () => {
    const timers = fakeTimers();
    const throttle = new ByteRateThrottle(timers);
    await throttle.paceAfter(10_000_000);
    throttle.setRate(1_000);
    throttle.setRate(0);
    await throttle.paceAfter(10_000_000);
    expect(timers.sleeps).toEqual([]);
  });
});
