/** Results remembered per writer: a writer has at most this many batches in flight. */
const RESULTS_RETAINED = 5;

/**
 * Idempotent KV writes within one server lifetime: a retried (writerId, batchSequence) gets the
 * first answer instead of being merged twice (which would, say, add an aggregation's sum again).
 *
 * Kept here rather than in the log's writer state because a batch the merge engine turns into no
 * change (an ignored first_row update) appends nothing, and the log refuses sequence gaps. The
 * cost: after a restart the memory is gone, so a retry that crosses it is applied again, which
 * changes nothing for last_row, first_row and versioned, but double-counts for aggregation.
 */
export class WriterDedup<T> {
  readonly #writers = new Map<number, Array<{ sequence: number; result: T }>>();

  /** The remembered result of this batch, if it was applied before. */
  find(writerId: number, sequence: number): T | undefined {
    if (writerId < 0) return undefined;
    return this.#writers.get(writerId)?.find((entry) => entry.sequence === sequence)?.result;
  }

  record(writerId: number, sequence: number, result: T): void {
    if (writerId < 0) return;
    let entries = this.#writers.get(writerId);
    if (entries === undefined) {
      entries = [];
      this.#writers.set(writerId, entries);
    }
    entries.push({ sequence, result });
    if (entries.length > RESULTS_RETAINED) entries.shift();
  }
}
