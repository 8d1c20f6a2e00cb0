import { batchEndOffset, NO_WRITER_ID } from './batch-format.ts';

/**
 * Batches remembered per writer. A writer has at most this many batches in flight, so a retry is
 * always of one of them (Kafka keeps 5 for the same reason).
 */
export const WRITER_BATCHES_RETAINED = 5;
const SEQUENCE_MAX = 0x7fff_ffff;

export interface WriterBatch {
  batchSequence: number;
  baseOffset: number;
  recordCount: number;
  commitTimestampMs: number;
}

export type SequenceCheck =
  | { kind: 'append' }
  /** A retry of a batch already in the log: answer with the original result. */
  | { kind: 'duplicate'; batch: WriterBatch }
  | { kind: 'out_of_order'; expectedSequence: number };

/**
 * Per idempotent writer, its last few appended batches. Appends check a sequence here before
 * writing and record it after; on open the state is rebuilt by replaying batch headers in log
 * order, and retention drops batches that left the log, so the state after a restart equals the
 * state before it.
 */
export class WriterStateManager {
  /** Oldest first; at most WRITER_BATCHES_RETAINED per writer, never empty. */
  readonly #writers = new Map<number, WriterBatch[]>();

  get writerCount(): number {
    return this.#writers.size;
  }

  check(writerId: number, batchSequence: number): SequenceCheck {
    const batches = this.#writers.get(writerId);
    // An unknown writer is new, or its batches all left the log: any sequence may start it.
    if (batches === undefined) return { kind: 'append' };
    const duplicate = batches.find((batch) => batch.batchSequence === batchSequence);
    if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    const expectedSequence = nextSequence(batches[batches.length - 1]!.batchSequence);
    if (batchSequence === expectedSequence) return { kind: 'append' };
    return { kind: 'out_of_order', expectedSequence };
  }

  /** Records an appended batch (after `check` said append, or while replaying the log). */
  record(writerId: number, batch: WriterBatch): void {
    const batches = this.#writers.get(writerId);
    if (batches === undefined) {
      this.#writers.set(writerId, [batch]);
      return;
    }
    batches.push(batch);
    if (batches.length > WRITER_BATCHES_RETAINED) batches.shift();
  }

  /** Replays a stored batch's header (open, truncation): records it if it has a writer. */
  replay(header: WriterBatch & { writerId: number }): void {
    if (header.writerId === NO_WRITER_ID) return;
    const { batchSequence, baseOffset, recordCount, commitTimestampMs } = header;
    this.record(header.writerId, { batchSequence, baseOffset, recordCount, commitTimestampMs });
  }

  /** Forgets batches below the log start (deleted by retention), and writers left with none. */
  removeBefore(logStartOffset: number): void {
    for (const [writerId, batches] of this.#writers) {
      const kept = batches.filter((batch) => batchEndOffset(batch) > logStartOffset);
      if (kept.length === 0) this.#writers.delete(writerId);
      else this.#writers.set(writerId, kept);
    }
  }
}

/** Sequences wrap from 2^31-1 to 0, so a long-lived writer never runs out. */
export function nextSequence(batchSequence: number): number {
  return batchSequence === SEQUENCE_MAX ? 0 : batchSequence + 1;
}
