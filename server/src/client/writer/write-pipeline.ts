import { FlussError } from '../../rpc/errors.ts';
import type { EncoderFactory } from '../codec.ts';
import { withRetries, type RetryDependencies } from '../retry.ts';
import type { Timers } from '../timers.ts';
import { RecordAccumulator, type SealedBatch } from './accumulator.ts';
import type { BatchAcknowledgement, BatchTransport } from './batch-transport.ts';
import { BucketSequences } from './bucket-sequences.ts';
import type { ResolvedPipelineOptions } from './options.ts';
import { targetKey, type BucketTarget, type RowRouter } from './row-router.ts';

/**
 * Batches a bucket may have in flight at once. One keeps a bucket's rows in order on the server
 * with no more bookkeeping. Allowing more would also need sequences handed out at send time
 * (BucketSequences gives the next one only once the previous batch is acknowledged) and the
 * server holding several pending sequences per writer.
 */
const MAX_IN_FLIGHT_PER_BUCKET = 1;

/** What every writer is given by its Table: time, chance and writer ids (tests pass fakes). */
export interface WriterEnvironment {
  timers: Timers;
  /** [0, 1): backoff jitter (and the append writer's sticky start buckets). */
  random: () => number;
  /** Ids that tell this writer's batches apart on the servers (idempotence). */
  newWriterId: () => number;
}

export interface PipelineDependencies<Request, Response extends BatchAcknowledgement> extends WriterEnvironment {
  /** Where each row goes; told when a batch is sealed (sticky bucketing moves on). */
  router: RowRouter;
  /** Encoders of what a batch holds (Arrow rows of the table, or of the PutKv wire columns). */
  newEncoder: EncoderFactory;
  transport: BatchTransport<Request, Response>;
}

export interface PipelineCounters {
  /** Rows accepted by `write` (buffered). */
  rowsBuffered: number;
  rowsAcked: number;
  bytesAcked: number;
  batchesAcked: number;
  /** Batches the server already held (a retry after a lost answer). */
  batchesDuplicate: number;
  rowsFailed: number;
  batchesFailed: number;
  retries: number;
}

interface FlushWaiter {
  readonly batches: Set<SealedBatch>;
  readonly resolve: () => void;
}

/**
 * The one pipeline behind the append and the upsert writer: rows in, batches to the bucket
 * leaders, acknowledgements back. What a batch holds and how it is sent are the writer's
 * (`newEncoder`, op codes, `transport`); the rest is here.
 *
 * A batch goes through these states:
 * - **open**: in the accumulator, taking its bucket's rows. It is sealed when it reaches
 *   `batchSizeBytes`, when it is `lingerMs` old and its bucket is idle (a busy bucket's batch keeps
 *   filling: slow round trips make batches bigger rather than many), when the buffer is full, or
 *   on flush.
 * - **sealed**: bytes final, queued behind its bucket's earlier batches.
 * - **in flight**: taken once its bucket has fewer than MAX_IN_FLIGHT_PER_BUCKET batches in flight;
 *   sent with the bucket's (writer id, sequence) and retried with backoff on retriable errors,
 *   always as the same request.
 * - **settled**: acknowledged, or failed for good (only its own rows are lost; the error is kept
 *   for the next flush and the bucket continues as a new writer). Its bytes leave the budget,
 *   waiting writes and flushes wake up, and the bucket's next batch is sent.
 *
 * One timer runs at a time, for the oldest open batch of an idle bucket.
 */
export class WritePipeline<Request, Response extends BatchAcknowledgement> {
  readonly #router: RowRouter;
  readonly #transport: BatchTransport<Request, Response>;
  readonly #timers: Timers;
  readonly #options: ResolvedPipelineOptions;
  readonly #retry: RetryDependencies;
  readonly #accumulator: RecordAccumulator;
  readonly #sequences: BucketSequences;
  /** Batches taken from the accumulator and not yet settled. */
  readonly #inFlight = new Set<SealedBatch>();
  /** How many of them each bucket has, by target key. */
  readonly #inFlightPerBucket = new Map<string, number>();
  readonly #isBusy = (target: BucketTarget): boolean => (this.#inFlightPerBucket.get(targetKey(target)) ?? 0) >= MAX_IN_FLIGHT_PER_BUCKET;
  readonly #flushWaiters = new Set<FlushWaiter>();
  #roomWaiters: Array<() => void> = [];
  #cancelLinger: (() => void) | undefined;
  #lingerDeadline: number | undefined;
  #error: unknown;
  #closed = false;
  readonly #counters: PipelineCounters = {
    rowsBuffered: 0,
    rowsAcked: 0,
    bytesAcked: 0,
    batchesAcked: 0,
    batchesDuplicate: 0,
    rowsFailed: 0,
    batchesFailed: 0,
    retries: 0,
  };

  constructor(deps: PipelineDependencies<Request, Response>, options: ResolvedPipelineOptions) {
    this.#router = deps.router;
    this.#transport = deps.transport;
    this.#timers = deps.timers;
    this.#options = options;
    this.#sequences = new BucketSequences(deps.newWriterId);
    this.#accumulator = new RecordAccumulator({
      newEncoder: deps.newEncoder,
      batchSizeBytes: options.batchSizeBytes,
      lingerMs: options.lingerMs,
    });
    this.#retry = {
      policy: options.retry,
      sleep: (ms) => deps.timers.sleep(ms),
      random: deps.random,
      onRetry: () => this.#counters.retries++,
    };
  }

  get counters(): Readonly<PipelineCounters> {
    return { ...this.#counters };
  }

  /** Bytes buffered or in flight (what `bufferMemoryBytes` bounds). */
  get bufferedBytes(): number {
    return this.#accumulator.bufferedBytes;
  }

  /**
   * Buffers one row (with its op code, for writers whose batches carry one). Waits first while the
   * buffer is full (backpressure). Rejects with the router's or encoder's RowError when the row
   * does not fit (nothing is buffered then). Resolving means buffered, not acknowledged.
   */
  async write(row: Record<string, unknown>, op?: number): Promise<void> {
    this.#checkOpen();
    while (this.#accumulator.bufferedBytes >= this.#options.bufferMemoryBytes) {
      // Send what is buffered now rather than after the linger: only acknowledgements free room.
      this.#sealAll();
      this.#pump();
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
      this.#checkOpen();
    }
    const target = this.#router.route(row);
    const { sealed } = this.#accumulator.append(target, row, this.#timers.now(), op);
    this.#counters.rowsBuffered++;
    if (sealed) {
      this.#router.onBatchSealed(target);
      this.#pump();
    } else if (this.#cancelLinger === undefined) {
      // An armed timer is due no later than this batch's linger (it is for an older batch), and
      // re-arms on firing: only arm when none is.
      this.#armLinger();
    }
  }

  /**
   * Sends everything buffered and waits until all of it is acknowledged or failed for good.
   * Rejects with the first permanent error since the previous flush.
   */
  async flush(): Promise<void> {
    this.#sealAll();
    const batches = new Set([...this.#accumulator.pendingBatches(), ...this.#inFlight]);
    if (batches.size > 0) {
      const settled = new Promise<void>((resolve) => this.#flushWaiters.add({ batches, resolve }));
      this.#pump();
      await settled;
    }
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
  }

  /** Flushes, then refuses further writes; writes waiting for room fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      this.#cancelLinger?.();
      for (const wake of this.#roomWaiters.splice(0)) wake();
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new FlussError('FAILED_PRECONDITION', 'The writer is closed');
  }

  #sealAll(): void {
    for (const target of this.#accumulator.sealAll()) this.#router.onBatchSealed(target);
  }

  /** Seals what lingered long enough and starts a send for every idle bucket with a sealed batch. */
  #pump(): void {
    for (const target of this.#accumulator.sealExpired(this.#timers.now(), this.#isBusy)) this.#router.onBatchSealed(target);
    for (const batch of this.#accumulator.takeReady(this.#isBusy)) {
      this.#inFlight.add(batch);
      const key = targetKey(batch.target);
      this.#inFlightPerBucket.set(key, (this.#inFlightPerBucket.get(key) ?? 0) + 1);
      void this.#send(batch);
    }
    this.#armLinger();
  }

  /** Keeps one timer, for the oldest open batch's linger deadline. */
  #armLinger(): void {
    const deadline = this.#accumulator.nextLingerDeadline(this.#isBusy);
    if (deadline === this.#lingerDeadline) return;
    this.#cancelLinger?.();
    this.#cancelLinger = undefined;
    this.#lingerDeadline = deadline;
    if (deadline === undefined) return;
    const delay = Math.max(0, deadline - this.#timers.now());
    this.#cancelLinger = this.#timers.schedule(() => {
      this.#cancelLinger = undefined;
      this.#lingerDeadline = undefined;
      this.#pump();
    }, delay);
  }

  async #send(batch: SealedBatch): Promise<void> {
    try {
      const response = await this.#deliver(batch);
      this.#counters.rowsAcked += batch.rowCount;
      this.#counters.bytesAcked += batch.bytes.byteLength;
      this.#counters.batchesAcked++;
      if (response.duplicate) this.#counters.batchesDuplicate++;
      this.#transport.acknowledged?.(response);
    } catch (error) {
      this.#counters.rowsFailed += batch.rowCount;
      this.#counters.batchesFailed++;
      this.#error ??= error;
    } finally {
      this.#settle(batch);
    }
  }

  /** Sends the batch under its bucket's next sequence, retrying; the sequence moves on either way. */
  async #deliver(batch: SealedBatch): Promise<Response> {
    const transport = this.#transport;
    const partitionId = await withRetries(() => transport.partitionId(batch.target.partition), this.#retry);
    const { bucket } = batch.target;
    const request = transport.request(batch, partitionId, this.#sequences.next(partitionId, bucket));
    try {
      const response = await withRetries((attempt) => transport.send(request, attempt, this.#options.requestTimeoutMs), this.#retry);
      this.#sequences.acknowledged(partitionId, bucket);
      return response;
    } catch (error) {
      this.#sequences.failed(partitionId, bucket);
      throw error;
    }
  }

  /** A batch is done (acked or failed): free its bytes, wake writers and flushes, send the next. */
  #settle(batch: SealedBatch): void {
    this.#inFlight.delete(batch);
    const key = targetKey(batch.target);
    const left = this.#inFlightPerBucket.get(key)! - 1;
    if (left === 0) this.#inFlightPerBucket.delete(key);
    else this.#inFlightPerBucket.set(key, left);
    this.#accumulator.release(batch);
    if (this.#accumulator.bufferedBytes < this.#options.bufferMemoryBytes) {
      for (const wake of this.#roomWaiters.splice(0)) wake();
    }
    for (const waiter of this.#flushWaiters) {
      waiter.batches.delete(batch);
      if (waiter.batches.size === 0) {
        this.#flushWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    this.#pump();
  }
}
