// One controller = informers that feed keys into a work queue + workers that reconcile keys.
// Reconcilers are level-triggered: they get a key, read the world, and converge; the result
// says when to look again.
import type { Logger } from 'pino';
import type { OperatorMetrics } from './metrics.ts';
import type { Timers } from './timers.ts';
import { WorkQueue } from './work-queue.ts';

export type ReconcileResult =
  | { kind: 'done' }
  /** Not an error: look again later (waiting for pods, polling the coordinator). */
  | { kind: 'requeueAfter'; delayMs: number }
  /** An error worth backing off on; the message lands in logs (and conditions, by the reconciler). */
  | { kind: 'retry'; error: unknown };

export const done: ReconcileResult = { kind: 'done' };
export const requeueAfter = (delayMs: number): ReconcileResult => ({ kind: 'requeueAfter', delayMs });

export type Reconcile = (key: string, signal: AbortSignal) => Promise<ReconcileResult>;

export interface ControllerOptions {
  name: string;
  reconcile: Reconcile;
  /** @default 2 */
  workers?: number;
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #reconcile: Reconcile;
  readonly #workers: number;
  readonly #log: Logger;
  readonly #metrics: OperatorMetrics;
  readonly #stop = new AbortController();
  #running: Promise<void>[] = [];

  constructor(options: ControllerOptions, timers: Timers, log: Logger, metrics: OperatorMetrics) {
    this.name = options.name;
    this.queue = new WorkQueue(timers);
    this.#reconcile = options.reconcile;
    this.#workers = options.workers ?? 2;
    this.#log = log.child({ controller: options.name });
    this.#metrics = metrics;
  }

  enqueue(key: string): void {
    this.queue.add(key);
    this.#metrics.queueDepth.set({ controller: this.name }, this.queue.length);
  }

  start(): void {
    for (let index = 0; index < this.#workers; index++) this.#running.push(this.#work());
  }

  /** Stops taking keys and waits for in-flight reconciles to finish. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.queue.shutdown();
    await Promise.all(this.#running);
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.#metrics.queueDepth.set({ controller: this.name }, this.queue.length);
      const stopTimer = this.#metrics.reconcileSeconds.startTimer({ controller: this.name });
      let result: ReconcileResult;
      try {
        result = await this.#reconcile(key, this.#stop.signal);
      } catch (error) {
        result = { kind: 'retry', error };
      } finally {
        stopTimer();
      }
      this.#handle(key, result);
      this.queue.done(key);
    }
  }

  #handle(key: string, result: ReconcileResult): void {
    this.#metrics.reconcileTotal.inc({ controller: this.name, result: result.kind });
    switch (result.kind) {
      case 'done':
        this.queue.forget(key);
        return;
      case 'requeueAfter':
        this.queue.forget(key);
        this.queue.addAfter(key, result.delayMs);
        return;
      case 'retry':
        this.#log.warn({ key, err: result.error, failures: this.queue.failures(key) + 1 }, 'reconcile failed; retrying with backoff');
        this.queue.addRateLimited(key);
        return;
    }
  }
}
