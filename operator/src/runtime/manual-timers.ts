// Timers a test advances by hand (the ManualClock of the Fluss tests).
import type { TimerHandle, Timers } from './timers.ts';

export class ManualTimers implements Timers {
  #nowMs: number;
  #pending: Array<{ dueMs: number; callback: () => void; cancelled: boolean }> = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  after(delayMs: number, callback: () => void): TimerHandle {
    const entry = { dueMs: this.#nowMs + delayMs, callback, cancelled: false };
    this.#pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Moves time forward, firing due timers in due order. */
  advance(deltaMs: number): void {
    const targetMs = this.#nowMs + deltaMs;
    for (;;) {
      const due = this.#pending.filter((entry) => !entry.cancelled && entry.dueMs <= targetMs).sort((a, b) => a.dueMs - b.dueMs)[0];
      if (!due) break;
      this.#nowMs = due.dueMs;
      due.cancelled = true;
      due.callback();
    }
    this.#pending = this.#pending.filter((entry) => !entry.cancelled);
    this.#nowMs = targetMs;
  }
}
