/** What one fsync covers: the file to sync and the log end offset its completed writes reach. */
export interface SyncTarget {
  endOffset: number;
  sync(): Promise<void>;
}

/**
 * Coalesces fsyncs of concurrent durable appends. At most one fsync runs at a time; a caller whose
 * write finished while it ran waits for the next one, which then covers every write finished by
 * the time it starts. So N appends arriving together cost about two fsyncs, not N.
 */
export class GroupCommit {
  readonly #capture: () => SyncTarget;
  #durableOffset: number;
  #running: Promise<void> | null = null;
  /** Counts truncations: a wait for an offset the log no longer reaches ends with one. */
  #truncations = 0;

  /**
   * @param durableOffset offset below which the log is already on disk
   * @param capture called when an fsync starts: the active file and the end of completed writes
   */
  constructor(durableOffset: number, capture: () => SyncTarget) {
    this.#durableOffset = durableOffset;
    this.#capture = capture;
  }

  /** Offset below which every batch has been fsynced. */
  get durableOffset(): number {
    return this.#durableOffset;
  }

  /** Records data made durable elsewhere (a rolled segment's final fsync). */
  markDurable(offset: number): void {
    this.#durableOffset = Math.max(this.#durableOffset, offset);
  }

  /**
   * The log was cut at `offset` (truncation): what was durable above it is gone. The log synced
   * everything before cutting, so a caller still waiting for an offset above the cut had its data
   * on disk; its wait simply ends.
   */
  truncateTo(offset: number): void {
    this.#durableOffset = Math.min(this.#durableOffset, offset);
    this.#truncations++;
  }

  /** Resolves once everything below `offset` (already written) has been fsynced, or the log was cut below it. */
  async syncTo(offset: number): Promise<void> {
    const truncations = this.#truncations;
    // Two rounds at most: one that started before our write finished, then one that started after.
    for (let round = 0; this.#durableOffset < offset && this.#truncations === truncations; round++) {
      if (round === 2) throw new RangeError(`Cannot sync to offset ${offset}: past the written end ${this.#durableOffset}`);
      this.#running ??= this.#syncOnce().finally(() => {
        this.#running = null;
      });
      await this.#running;
    }
  }

  /**
   * Resolves once an fsync that started after this call has completed. For a write that does not
   * move the log end (an empty batch), which `syncTo` cannot tell apart from what is already durable.
   */
  async syncWritten(): Promise<void> {
    // A round under way may have captured its target before our write finished: let it end first.
    if (this.#running !== null) await this.#running.catch(() => undefined);
    this.#running ??= this.#syncOnce().finally(() => {
      this.#running = null;
    });
    await this.#running;
  }

  async #syncOnce(): Promise<void> {
    const truncations = this.#truncations;
    const target = this.#capture();
    await target.sync();
    // A truncation meanwhile may have cut below what this round captured: its end means nothing now.
    if (this.#truncations === truncations) this.markDurable(target.endOffset);
  }
}
