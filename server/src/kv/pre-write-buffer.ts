/** One key's change in a batch: its new encoded row, or undefined where the key was deleted. */
export interface KeyChange {
  readonly key: Buffer;
  readonly value: Buffer | undefined;
}

/** The KV effect of one changelog batch at [baseOffset, endOffset): each key's value after it. */
export interface BufferedBatch {
  readonly baseOffset: number;
  readonly endOffset: number;
  /** By `keyId` of the key. */
  readonly changes: ReadonlyMap<string, KeyChange>;
}

/** The map key of an encoded primary key. */
export function keyId(key: Buffer): string {
  return key.toString('latin1');
}

/**
 * The KV effect of the changelog a KV tablet holds in its log but has not applied to RocksDB: the
 * batches at [startOffset, endOffset), in log order, where startOffset is what RocksDB has applied.
 * RocksDB gets a batch only once the high watermark passes it (`committed`, then `release`), so it
 * never holds a change a failover could take back; meanwhile a write merges against the buffer's
 * newest value of each key (`latest`), so the changelog it appends continues the log's own. A log
 * truncation drops the batches beyond it (`truncateTo`).
 */
export class PreWriteBuffer {
  #batches: BufferedBatch[] = [];
  /** Per key, its newest change in the buffer and the end of the batch it is in. */
  #latest = new Map<string, { change: KeyChange; endOffset: number }>();
  #startOffset: number;
  #endOffset: number;

  /** An empty buffer after what RocksDB has applied. */
  constructor(startOffset: number) {
    this.#startOffset = startOffset;
    this.#endOffset = startOffset;
  }

  /** The log offset RocksDB has applied up to: the buffer's first batch starts here. */
  get startOffset(): number {
    return this.#startOffset;
  }

  /** The end of the last batch buffered (startOffset when empty): the next batch starts here. */
  get endOffset(): number {
    return this.#endOffset;
  }

  get batchCount(): number {
    return this.#batches.length;
  }

  /** Adds the next batch of the log; it must start where the buffer ends and hold records (RangeError otherwise). */
  add(batch: BufferedBatch): void {
    if (batch.baseOffset !== this.#endOffset || batch.endOffset <= batch.baseOffset) {
      throw new RangeError(`Cannot buffer batch [${batch.baseOffset}, ${batch.endOffset}): the buffer ends at ${this.#endOffset}`);
    }
    this.#batches.push(batch);
    this.#index(batch);
    this.#endOffset = batch.endOffset;
  }

  /** The key's newest buffered change (a value, or a delete); undefined when no buffered batch has it. */
  latest(id: string): KeyChange | undefined {
    return this.#latest.get(id)?.change;
  }

  /** The leading batches that end at or before `offset` (the high watermark): those RocksDB may apply. */
  committed(offset: number): BufferedBatch[] {
    let count = 0;
    while (count < this.#batches.length && this.#batches[count]!.endOffset <= offset) count++;
    return this.#batches.slice(0, count);
  }

  /** Drops the leading batches up to `endOffset` (the end of one of them), now applied to RocksDB. */
  release(endOffset: number): void {
    let count = 0;
    while (count < this.#batches.length && this.#batches[count]!.endOffset <= endOffset) count++;
    if (count === 0 || this.#batches[count - 1]!.endOffset !== endOffset) {
      throw new RangeError(`Cannot release up to ${endOffset}: no buffered batch ends there`);
    }
    for (const batch of this.#batches.splice(0, count)) {
      for (const id of batch.changes.keys()) {
        // The key's newest change may be in a later batch, still buffered.
        const newest = this.#latest.get(id);
        if (newest !== undefined && newest.endOffset <= endOffset) this.#latest.delete(id);
      }
    }
    this.#startOffset = endOffset;
  }

  /**
   * The log lost every batch at `offset` and after: the buffer drops those it holds. A truncation
   * below startOffset would take back what RocksDB applied (RangeError: the tablet must recover).
   */
  truncateTo(offset: number): void {
    if (offset < this.#startOffset) {
      throw new RangeError(`Cannot truncate the buffer to ${offset}: offsets up to ${this.#startOffset} are applied already`);
    }
    if (offset >= this.#endOffset) return;
    this.#batches = this.#batches.filter((batch) => batch.endOffset <= offset);
    this.#endOffset = this.#batches.at(-1)?.endOffset ?? this.#startOffset;
    this.#latest.clear();
    for (const batch of this.#batches) this.#index(batch);
  }

  #index(batch: BufferedBatch): void {
    for (const [id, change] of batch.changes) this.#latest.set(id, { change, endOffset: batch.endOffset });
  }
}

/** The changes of consecutive batches as one: each key's change from the last batch that has it. */
export function combinedChanges(batches: readonly BufferedBatch[]): KeyChange[] {
  if (batches.length === 1) return [...batches[0]!.changes.values()];
  const combined = new Map<string, KeyChange>();
  for (const batch of batches) for (const [id, change] of batch.changes) combined.set(id, change);
  return [...combined.values()];
}
