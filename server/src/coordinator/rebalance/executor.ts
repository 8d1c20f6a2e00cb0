import type { Logger } from 'pino';
import { Mutex } from '../../common/mutex.ts';
import { repeat, type Timers } from '../../common/timers.ts';
import type { Catalog } from '../catalog.ts';
import type { PushBucketStates } from '../bucket-state-push.ts';
import { isRebalanceRunning } from './rebalance-record.ts';

/**
 * Drives the running rebalance (rebalance-record.ts): every `stepIntervalMs`, and at once when
 * kicked (a rebalance started or was cancelled, an ISR changed), it takes the moves' next steps
 * through the catalog, which persists them, then pushes the changed buckets to their servers.
 * Everything it needs is in the coordinator's metadata, so a restarted coordinator resumes where
 * the last one stopped; rounds never overlap.
 */
export class RebalanceExecutor {
  readonly #catalog: Catalog;
  readonly #push: PushBucketStates;
  readonly #logger: Logger;
  readonly #mutex = new Mutex();
  readonly #stop: () => void;

  constructor(options: { catalog: Catalog; push: PushBucketStates; logger: Logger; timers: Timers; stepIntervalMs: number }) {
    this.#catalog = options.catalog;
    this.#push = options.push;
    this.#logger = options.logger;
    this.#stop = repeat(
      options.timers,
      options.stepIntervalMs,
      () => this.step(),
      (error) => this.#logger.error({ err: error }, 'rebalance step failed'),
    );
  }

  /** Takes one round of steps now (serialized with the timer's). */
  async step(): Promise<void> {
    if (!isRebalanceRunning(this.#catalog.rebalance)) return;
    await this.#mutex.run(async () => {
      const before = this.#catalog.rebalance;
      const changed = await this.#catalog.advanceRebalance();
      await this.#push(changed);
      const after = this.#catalog.rebalance;
      if (after !== undefined && after.state !== before?.state) {
        const counts = Object.groupBy(after.moves, (m) => m.status);
        this.#logger.info(
          { rebalance: after.id, state: after.state, moves: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v?.length])) },
          'rebalance finished',
        );
      }
    });
  }

  /** Cancels the running rebalance (Catalog.cancelRebalance), serialized with the rounds; pushes what changed. */
  async cancel(id?: string): Promise<void> {
    await this.#mutex.run(async () => {
      await this.#push(await this.#catalog.cancelRebalance(id));
    });
  }

  /** Kicks a round without waiting for it; its failure is logged. */
  kick(): void {
    this.step().catch((error: unknown) => this.#logger.error({ err: error }, 'rebalance step failed'));
  }

  stop(): void {
    this.#stop();
  }
}
