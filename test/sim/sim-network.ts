import { FlussError } from '../../server/src/rpc/errors.ts';
import type { SimClock } from './sim-clock.ts';

/**
 * The wires between simulated nodes (the coordinator, tablet servers, clients). A call is two
 * messages, the request and its answer, each delayed by a seeded amount of simulated time (so
 * messages overtake each other) and each possibly lost: to a random drop, to a partition (a cut
 * link between two nodes, checked when the message leaves and when it arrives), or to a crash of
 * either end. A node runs one process at a time (`start`, `stop`); a message reaches only the
 * process that ran when it was sent, and an answer only the process that asked, as a TCP
 * connection would. A caller whose answer does not come gets DEADLINE_EXCEEDED after its timeout,
 * as a gRPC client would.
 */
export interface NetworkFaults {
  /** Chance that one message is lost. */
  dropRate: number;
  /** Each message takes 0..maxDelayMs; with chance slowRate, up to slowDelayMs instead. */
  maxDelayMs: number;
  slowRate: number;
  slowDelayMs: number;
}

export const NO_FAULTS: NetworkFaults = { dropRate: 0, maxDelayMs: 5, slowRate: 0, slowDelayMs: 0 };

export class SimNetwork {
  readonly #clock: SimClock;
  readonly #random: () => number;
  readonly #cuts = new Set<string>();
  /** The process each node runs now (absent: down). */
  readonly #processes = new Map<string, string>();
  readonly #starts = new Map<string, number>();
  faults: NetworkFaults = NO_FAULTS;

  constructor(clock: SimClock, random: () => number) {
    this.#clock = clock;
    this.#random = random;
  }

  #link(a: string, b: string): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  cut(a: string, b: string): void {
    this.#cuts.add(this.#link(a, b));
  }

  isCut(a: string, b: string): boolean {
    return this.#cuts.has(this.#link(a, b));
  }

  healAll(): void {
    this.#cuts.clear();
  }

  get cuts(): string[] {
    return [...this.#cuts].sort();
  }

  /** A new process on `node` (its first start, or a restart): the owner of its timers and messages. */
  start(node: string): string {
    const count = (this.#starts.get(node) ?? 0) + 1;
    this.#starts.set(node, count);
    const owner = `${node}#${count}`;
    this.#processes.set(node, owner);
    return owner;
  }

  /** The node's process is gone: nothing reaches it, nothing it sent is answered, its timers die. */
  stop(node: string): void {
    const owner = this.#processes.get(node);
    if (owner !== undefined) this.#clock.kill(owner);
    this.#processes.delete(node);
  }

  /** Every process stops (the end of a run). */
  stopAll(): void {
    for (const node of [...this.#processes.keys()]) this.stop(node);
  }

  processOf(node: string): string | undefined {
    return this.#processes.get(node);
  }

  #delay(): number {
    const { maxDelayMs, slowRate, slowDelayMs } = this.faults;
    return Math.floor(this.#random() < slowRate ? this.#random() * slowDelayMs : this.#random() * maxDelayMs);
  }

  #lost(from: string, to: string): boolean {
    return this.isCut(from, to) || this.#random() < this.faults.dropRate;
  }

  /**
   * `from` calls `to`: `serve` runs at `to` when the request arrives (if the process it was sent
   * to still runs there); its result travels back.
   */
  call<T>(from: string, to: string, timeoutMs: number, serve: () => Promise<T>): Promise<T> {
    const caller = this.#processes.get(from);
    const callee = this.#processes.get(to);
    if (caller === undefined) return new Promise<T>(() => undefined); // a dead process calls nothing
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (outcome: () => void): void => {
        if (done) return;
        done = true;
        cancelTimeout();
        outcome();
      };
      const cancelTimeout = this.#clock.schedule(
        caller,
        () => finish(() => reject(new FlussError('DEADLINE_EXCEEDED', `no answer from ${to} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      if (callee === undefined || this.#lost(from, to)) return;
      this.#clock.schedule(
        callee,
        () => {
          if (this.isCut(from, to)) return;
          serve().then(
            (value) => this.#answer(callee, caller, from, to, () => finish(() => resolve(value))),
            (error: unknown) => this.#answer(callee, caller, from, to, () => finish(() => reject(error))),
          );
        },
        this.#delay(),
      );
    });
  }

  #answer(callee: string, caller: string, from: string, to: string, deliver: () => void): void {
    // Served by a process that has crashed since: its answer was never sent.
    if (this.#processes.get(to) !== callee || this.#lost(to, from)) return;
    this.#clock.schedule(
      caller,
      () => {
        if (!this.isCut(from, to)) deliver();
      },
      this.#delay(),
    );
  }
}
