/**
 * Time as a seam, for the servers and the client alike: nothing below the entry points calls
 * Date.now, setTimeout or setInterval directly, so tests drive time by hand (ManualTimers) and a
 * whole cluster can run on one injected clock.
 */

/** Reading the time only (timestamps, ages, expiry checks). */
export interface Clock {
  now(): number;
}

export interface Timers extends Clock {
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
}

/** setTimeout fires at once for longer delays: longer waits are cut to this. */
const TIMER_DELAY_MS_MAX = 0x7fff_ffff;

export const systemTimers: Timers = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const handle = setTimeout(callback, Math.min(ms, TIMER_DELAY_MS_MAX));
    return () => clearTimeout(handle);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, TIMER_DELAY_MS_MAX))),
};

/**
 * Runs `task` every `intervalMs`, the next run scheduled when the previous one has finished (runs
 * never overlap, unlike setInterval). A failing run goes to `onError` and the next one still comes.
 * Returns a function that stops it.
 */
export function repeat(timers: Timers, intervalMs: number, task: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let cancel: (() => void) | undefined;
  let stopped = false;
  const next = (): void => {
    if (stopped) return;
    cancel = timers.schedule(() => {
      task().catch(onError).finally(next);
    }, intervalMs);
  };
  next();
  return () => {
    stopped = true;
    cancel?.();
  };
}

/** Timers a test moves by hand: `advance` fires what falls due, in due order, and moves the clock. */
export class ManualTimers implements Timers {
  #now: number;
  #pending: Array<{ at: number; seq: number; callback: () => void; cancelled: boolean }> = [];
  #seq = 0;

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Sets the clock (also backwards, as a stepped wall clock does) without firing timers. */
  set(ms: number): void {
    this.#now = ms;
  }

  schedule(callback: () => void, ms: number): () => void {
    const entry = { at: this.#now + ms, seq: this.#seq++, callback, cancelled: false };
    this.#pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(resolve, ms));
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pendingCount(): number {
    return this.#pending.filter((entry) => !entry.cancelled).length;
  }

  /** Moves time forward by `ms`, firing due timers (also those they schedule) in due order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      this.#pending = this.#pending.filter((entry) => !entry.cancelled);
      const due = this.#pending.filter((entry) => entry.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      due.cancelled = true;
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = target;
  }
}
