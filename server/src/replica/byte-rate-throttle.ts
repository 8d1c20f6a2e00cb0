import type { Timers } from '../common/timers.ts';

/**
 * Paces bytes to a rate (a replication throttle, Kafka's follower.replication.throttled.rate): each
 * `paceAfter(bytes)` books the bytes onto a timeline at the rate and waits until the timeline
 * catches up with now. Rate 0: no limit. Whoever shares one throttle shares its rate.
 */
export class ByteRateThrottle {
  readonly #timers: Pick<Timers, 'now' | 'sleep'>;
  #bytesPerSec = 0;
  /** When the bytes booked so far are paid for at the rate. */
  #paidUntilMs = 0;

  constructor(timers: Pick<Timers, 'now' | 'sleep'>) {
    this.#timers = timers;
  }

  get bytesPerSec(): number {
    return this.#bytesPerSec;
  }

  setRate(bytesPerSec: number): void {
    this.#bytesPerSec = Math.max(0, bytesPerSec);
  }

  /** Books `bytes` just received and waits as long as the rate says they cost beyond the time already passed. */
  async paceAfter(bytes: number): Promise<void> {
    if (this.#bytesPerSec <= 0 || bytes <= 0) return;
    const now = this.#timers.now();
    this.#paidUntilMs = Math.max(this.#paidUntilMs, now) + (bytes * 1000) / this.#bytesPerSec;
    const wait = this.#paidUntilMs - now;
    if (wait > 0) await this.#timers.sleep(wait);
  }
}
