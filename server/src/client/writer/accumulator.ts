import { EncoderPool, type BatchEncoder, type EncoderFactory } from '../codec.ts';
import { targetKey, type BucketTarget } from './row-router.ts';

/**
 * A finished batch: its IPC bytes are final, so every retry resends exactly these bytes. What a
 * batch is depends on the writer: Arrow rows alone (appends), or Arrow rows and one op code per
 * row (upserts and deletes of a primary-key table).
 */
export interface SealedBatch {
  readonly id: number;
  readonly target: BucketTarget;
  readonly bytes: Uint8Array;
  readonly rowCount: number;
  /** The op code of each row, in row order, when the rows were appended with one; else undefined. */
  readonly ops: Uint8Array | undefined;
}

interface OpenBatch {
  readonly encoder: BatchEncoder;
  readonly createdAtMs: number;
  /** What this batch counts against the memory budget now (its estimated size). */
  countedBytes: number;
  /** Op codes of the rows so far (small integers: no allocation per row); empty for plain rows. */
  readonly ops: number[];
}

interface BucketQueue {
  readonly target: BucketTarget;
  /** Sealed batches in append order; the head goes first. */
  readonly sealed: SealedBatch[];
  open: OpenBatch | undefined;
}

export interface AccumulatorOptions {
  newEncoder: EncoderFactory;
  /** A batch is sealed once its estimated size reaches this. */
  batchSizeBytes: number;
  /** An open batch is sealed once it is this old, full or not. */
  lingerMs: number;
}

/**
 * Rows grouped into one queue of batches per (partition, bucket). Pure bookkeeping with no I/O:
 * the write pipeline (write-pipeline.ts) decides when to send. Keeps a running count of buffered bytes (open batches at
 * their estimate, sealed ones at their size) until each batch is released after its send.
 */
export class RecordAccumulator {
  readonly #options: AccumulatorOptions;
  readonly #queues = new Map<string, BucketQueue>();
  readonly #encoders: EncoderPool;
  #bufferedBytes = 0;
  #nextBatchId = 0;

  constructor(options: AccumulatorOptions) {
    this.#options = options;
    this.#encoders = new EncoderPool(options.newEncoder);
  }

  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  /**
   * Appends a row to the target's open batch (opening one at `now` if needed) and seals the batch
   * once full. Throws the encoder's RowError with nothing changed. A writer gives either every row
   * an `op` (its code travels beside the row) or none. Op codes are left out of the byte count:
   * one byte a row against the row's tens.
   */
  append(target: BucketTarget, row: Record<string, unknown>, now: number, op?: number): { sealed: boolean } {
    const queue = this.#queue(target);
    const open = queue.open ?? { encoder: this.#encoders.take(), createdAtMs: now, countedBytes: 0, ops: [] };
    open.encoder.append(row);
    if (op !== undefined) open.ops.push(op);
    queue.open = open;
    const size = open.encoder.byteSize; // computed over all columns: read it once
    this.#bufferedBytes += size - open.countedBytes;
    open.countedBytes = size;
    if (size < this.#options.batchSizeBytes) return { sealed: false };
    this.#seal(queue);
    return { sealed: true };
  }

  /**
   * Seals every open batch whose linger expired at `now`, unless its bucket is `busy` (a batch in
   * flight or sealed batches queued): such a batch keeps filling until the bucket is free, so a
   * slow round trip makes batches bigger instead of queueing many small ones.
   */
  sealExpired(now: number, busy: (target: BucketTarget) => boolean): BucketTarget[] {
    const sealed: BucketTarget[] = [];
    for (const queue of this.#queues.values()) {
      if (queue.open === undefined || queue.sealed.length > 0 || busy(queue.target)) continue;
      if (now - queue.open.createdAtMs >= this.#options.lingerMs) {
        this.#seal(queue);
        sealed.push(queue.target);
      }
    }
    return sealed;
  }

  /** Seals every open batch (flush): afterwards every buffered row is in a sealed batch. */
  sealAll(): BucketTarget[] {
    const sealed: BucketTarget[] = [];
    for (const queue of this.#queues.values()) {
      if (queue.open !== undefined) {
        this.#seal(queue);
        sealed.push(queue.target);
      }
    }
    return sealed;
  }

  /** When the oldest open batch's linger expires, or undefined when no batch is open. */
  nextLingerDeadline(busy: (target: BucketTarget) => boolean): number | undefined {
    let deadline: number | undefined;
    for (const queue of this.#queues.values()) {
      // A busy bucket's open batch is sealed when the bucket frees up, not by the timer.
      if (queue.open === undefined || queue.sealed.length > 0 || busy(queue.target)) continue;
      const expiry = queue.open.createdAtMs + this.#options.lingerMs;
      deadline = deadline === undefined ? expiry : Math.min(deadline, expiry);
    }
    return deadline;
  }

  /**
   * Removes and returns the head sealed batch of every bucket for which `busy` is false: at most
   * one per bucket, so the writer can keep one batch in flight per bucket and order stays intact.
   */
  takeReady(busy: (target: BucketTarget) => boolean): SealedBatch[] {
    const ready: SealedBatch[] = [];
    for (const queue of this.#queues.values()) {
      const head = queue.sealed[0];
      if (head === undefined || busy(queue.target)) continue;
      queue.sealed.shift();
      ready.push(head);
    }
    return ready;
  }

  /** Sealed batches not taken yet. */
  pendingBatches(): SealedBatch[] {
    return [...this.#queues.values()].flatMap((queue) => queue.sealed);
  }

  /** A taken batch was acknowledged or failed for good: its bytes leave the budget. */
  release(batch: SealedBatch): void {
    this.#bufferedBytes -= batch.bytes.byteLength;
    if (this.#bufferedBytes < 0) throw new Error(`Released more bytes than buffered (batch ${batch.id})`);
  }

  #queue(target: BucketTarget): BucketQueue {
    const key = targetKey(target);
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { target, sealed: [], open: undefined };
      this.#queues.set(key, queue);
    }
    return queue;
  }

  #seal(queue: BucketQueue): void {
    const open = queue.open;
    if (open === undefined) return;
    queue.open = undefined;
    const rowCount = open.encoder.rowCount; // read before finish: the encoder may reset
    if (open.ops.length !== 0 && open.ops.length !== rowCount) throw new Error(`Batch of ${rowCount} rows has ${open.ops.length} op codes`);
    const bytes = open.encoder.finish();
    this.#encoders.give(open.encoder);
    this.#bufferedBytes += bytes.byteLength - open.countedBytes;
    const ops = open.ops.length === 0 ? undefined : Uint8Array.from(open.ops);
    queue.sealed.push({ id: this.#nextBatchId++, target: queue.target, bytes, rowCount, ops });
  }
}
