/** What a batch is sent with so the server applies it once, however often it is retried. */
export interface WriterSequence {
  readonly writerId: number;
  readonly sequence: number;
}

/**
 * Idempotence state of a writer, per (partition id, bucket): a writer id and the sequence of the
 * next batch (from 0, up by one per acknowledged batch). The server acknowledges a retried
 * (writer id, sequence) once, so retries never apply a batch twice.
 */
export class BucketSequences {
  readonly #newWriterId: () => number;
  readonly #states = new Map<string, { writerId: number; next: number }>();

  constructor(newWriterId: () => number) {
    this.#newWriterId = newWriterId;
  }

  #state(partitionId: number, bucket: number): { writerId: number; next: number } {
    const key = `${partitionId}/${bucket}`;
    let state = this.#states.get(key);
    if (state === undefined) {
      state = { writerId: this.#newWriterId(), next: 0 };
      this.#states.set(key, state);
    }
    return state;
  }

  /** The (writer id, sequence) the bucket's next batch is sent with, on every attempt. */
  next(partitionId: number, bucket: number): WriterSequence {
    const state = this.#state(partitionId, bucket);
    return { writerId: state.writerId, sequence: state.next };
  }

  /** The batch sent with `next` was acknowledged. */
  acknowledged(partitionId: number, bucket: number): void {
    this.#state(partitionId, bucket).next++;
  }

  /**
   * The batch failed for good: it may or may not have been applied (retries ran out on timeouts),
   * so neither reusing nor skipping its sequence is safe; the bucket starts over as a new writer.
   */
  failed(partitionId: number, bucket: number): void {
    const state = this.#state(partitionId, bucket);
    state.writerId = this.#newWriterId();
    state.next = 0;
  }
}
