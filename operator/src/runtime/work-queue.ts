// A keyed work queue in the shape of client-go's workqueue: `dirty` holds keys waiting to be
// processed, `processing` the keys a worker holds. A key is never handed to two workers at once;
// a key added while it is being processed is handed out again once the worker calls done().
// Many events for one key coalesce into one reconcile.
import type { TimerHandle, Timers } from './timers.ts';

export interface BackoffOptions {
  /** @default 500 */
  baseDelayMs?: number;
  /** @default 60_000 */
  maxDelayMs?: number;
}

export class WorkQueue {
  readonly #timers: Timers;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #delayed = new Map<string, { dueMs: number; timer: TimerHandle }>();
  readonly #waiters: Array<(key: string | undefined) => void> = [];
  #shuttingDown = false;

  constructor(timers: Timers, options: BackoffOptions = {}) {
    this.#timers = timers;
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  get length(): number {
    return this.#queue.length;
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
    } else {
      this.#queue.push(key);
    }
  }

  /** Adds the key after a delay; an earlier pending delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const dueMs = this.#timers.now() + delayMs;
    const pending = this.#delayed.get(key);
    if (pending && pending.dueMs <= dueMs) return;
    pending?.timer.cancel();
    const timer = this.#timers.after(delayMs, () => {
      this.#delayed.delete(key);
      this.add(key);
    });
    this.#delayed.set(key, { dueMs, timer });
  }

  /** Re-adds a failed key with exponential backoff per key. */
  addRateLimited(key: string): void {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    this.addAfter(key, this.backoffDelayMs(failures));
  }

  backoffDelayMs(failures: number): number {
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.min(failures, 30));
  }

  /** Clears the failure count after a success. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The next key, or undefined once the queue shuts down. */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#queue.shift();
    if (key !== undefined) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  done(key: string): void {
    this.#processing.delete(key);
    if (!this.#dirty.has(key) || this.#shuttingDown) return;
    // Changed while being processed: hand it out again.
    this.#dirty.delete(key);
    this.add(key);
  }

  shutdown(): void {
    this.#shuttingDown = true;
    for (const { timer } of this.#delayed.values()) timer.cancel();
    this.#delayed.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}
