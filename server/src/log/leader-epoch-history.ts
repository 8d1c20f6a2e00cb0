/** One leader epoch of a log: the epoch and the base offset of its first batch. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

/** Kafka's answer when the log knows no epoch to answer with (OffsetForLeaderEpoch's UNDEFINED). */
const UNDEFINED_EPOCH = -1;
const UNDEFINED_EPOCH_OFFSET = -1;

type AssignOutcome = 'unchanged' | 'added' | 'stale';

/**
 * The leader epochs of a log in order, each with the base offset of its first batch (Kafka's
 * leader-epoch cache). It is what the batches between the log start and the log end say: every
 * change below keeps it so, and the loader rebuilds it from the batch headers on open.
 *
 * Epochs and start offsets both increase strictly. An epoch that holds no offset (only empty
 * batches, which occupy none) is replaced by the next epoch starting at the same offset: the
 * history answers offset questions, and that epoch has no offsets to answer for.
 */
export class LeaderEpochHistory {
  #entries: EpochEntry[];

  constructor(entries: readonly EpochEntry[] = []) {
    this.#entries = entries.map((entry) => ({ ...entry }));
  }

  get entries(): readonly EpochEntry[] {
    return this.#entries;
  }

  /** The epoch of the newest batch, or null for a log without batches. */
  get latestEpoch(): number | null {
    return this.#entries.at(-1)?.epoch ?? null;
  }

  /**
   * Accounts a batch of `epoch` at `baseOffset`, appended at the log end. 'stale' (nothing changed)
   * for an epoch older than the latest: a batch of a deposed leader, which the caller refuses.
   */
  assign(epoch: number, baseOffset: number): AssignOutcome {
    const latest = this.#entries.at(-1);
    if (latest !== undefined && epoch === latest.epoch) return 'unchanged';
    if (latest !== undefined && epoch < latest.epoch) return 'stale';
    if (latest !== undefined && latest.startOffset >= baseOffset) this.#entries.pop();
    this.#entries.push({ epoch, startOffset: baseOffset });
    return 'added';
  }

  /** What `assign` would answer, without changing anything. */
  wouldAssign(epoch: number): AssignOutcome {
    const latest = this.latestEpoch;
    if (latest === null || epoch > latest) return 'added';
    return epoch === latest ? 'unchanged' : 'stale';
  }

  /** The log was cut at `endOffset`: epochs starting there or later are gone. */
  truncateFromEnd(endOffset: number): void {
    this.#entries = this.#entries.filter((entry) => entry.startOffset < endOffset);
  }

  /**
   * Retention removed the batches before the log's first remaining batch, of `firstEpoch` at
   * `startOffset` (null: no batch remains). Older epochs go; that epoch now starts there.
   */
  truncateFromStart(startOffset: number, firstEpoch: number | null): void {
    if (firstEpoch === null) {
      this.#entries = [];
      return;
    }
    this.#entries = this.#entries.filter((entry) => entry.epoch >= firstEpoch);
    const first = this.#entries[0];
    if (first?.epoch === firstEpoch) first.startOffset = startOffset;
    // Unless that epoch holds no offset and a later one starting at the same offset replaced it.
    else if (first === undefined || first.startOffset > startOffset) this.#entries.unshift({ epoch: firstEpoch, startOffset });
    // An epoch now starting where the next one does holds no offset: replaced, as in `assign`.
    this.#entries = this.#entries.filter((entry, i, all) => i + 1 === all.length || all[i + 1]!.startOffset > entry.startOffset);
  }

  clear(): void {
    this.#entries = [];
  }

  /**
   * Kafka's OffsetForLeaderEpoch on this log: for `epoch`, the largest epoch <= it that the log
   * holds, and where that epoch ends: the start offset of the next higher epoch, or `logEndOffset`
   * when it is the latest. A follower truncates its log to that end offset (when below its own end)
   * before fetching, which removes whatever it wrote in an epoch the leader does not share.
   * - `epoch` below every epoch held (retention removed them): `{ epoch, endOffset: start of the
   *   earliest epoch }`, as Kafka answers;
   * - no epoch at all (no batch): `{ epoch: -1, endOffset: -1 }` (UNDEFINED).
   */
  endOffsetFor(epoch: number, logEndOffset: number): { epoch: number; endOffset: number } {
    const entries = this.#entries;
    if (entries.length === 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const higher = entries.findIndex((entry) => entry.epoch > epoch);
    if (higher === 0) return { epoch, endOffset: entries[0]!.startOffset };
    if (higher < 0) return { epoch: entries.at(-1)!.epoch, endOffset: logEndOffset };
    return { epoch: entries[higher - 1]!.epoch, endOffset: entries[higher]!.startOffset };
  }

  equals(other: readonly EpochEntry[]): boolean {
    return (
      other.length === this.#entries.length &&
      other.every((entry, i) => entry.epoch === this.#entries[i]!.epoch && entry.startOffset === this.#entries[i]!.startOffset)
    );
  }
}
