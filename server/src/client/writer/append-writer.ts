import type { ProduceRequest } from '../../rpc/generated/fluss/v1/ProduceRequest.ts';
import type { ProduceResponse__Output } from '../../rpc/generated/fluss/v1/ProduceResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { EncoderFactory } from '../codec.ts';
import { withRetries } from '../retry.ts';
import type { Timers } from '../timers.ts';
import { RecordAccumulator, type SealedBatch } from './accumulator.ts';
import { BucketSequences } from './bucket-sequences.ts';
import { resolveWriterOptions, type AppendWriterOptions, type ResolvedWriterOptions } from './options.ts';
import { RowRouter, targetKey, type BucketTarget } from './row-router.ts';

/** What the writer needs from the cluster; the Table wires the real one, tests a fake. */
export interface WriterBackend {
  readonly table: TableInfo__Output;
  /** The wire id of a partition by name (-1 for none), creating the partition when missing. */
  partitionId(partition: string | undefined): Promise<number>;
  /**
   * Sends one Produce to the bucket's leader. `attempt` > 0 means a retry: refresh metadata first,
   * since the leader may have moved.
   */
  produce(request: ProduceRequest, attempt: number, timeoutMs: number): Promise<ProduceResponse__Output>;
}

export interface WriterDependencies {
  backend: WriterBackend;
  newEncoder: EncoderFactory;
  timers: Timers;
  /** [0, 1): sticky start buckets and backoff jitter. */
  random: () => number;
  /** Ids that tell this writer's batches apart on the servers (idempotence). */
  newWriterId: () => number;
}

export interface WriterCounters {
  /** Rows accepted by `append` (buffered). */
  rowsAppended: number;
  rowsAcked: number;
  bytesAcked: number;
  batchesAcked: number;
  /** Batches the server had already appended (a retry after a lost answer). */
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
 * Appends rows to a log table. Rows are routed to (partition, bucket), encoded into one Arrow
 * batch per bucket, and sent when a batch is full, has lingered, or on flush. Each bucket has at
 * most one batch in flight, so rows of a bucket are appended in order; a failed send is retried
 * with the same bytes and the same batch sequence, so the server appends it once.
 */
export class AppendWriter {
  readonly #deps: WriterDependencies;
  readonly #options: ResolvedWriterOptions;
  readonly #accumulator: RecordAccumulator;
  readonly #router: RowRouter;
  /** Batches taken from the accumulator and not yet settled, by target key. */
  readonly #inFlight = new Map<string, SealedBatch>();
  readonly #sequences: BucketSequences;
  readonly #flushWaiters = new Set<FlushWaiter>();
  #roomWaiters: Array<() => void> = [];
  #cancelLinger: (() => void) | undefined;
  #lingerDeadline: number | undefined;
  #error: unknown;
  #closed = false;
  readonly #counters: WriterCounters = {
    rowsAppended: 0, rowsAcked: 0, bytesAcked: 0, batchesAcked: 0,
    batchesDuplicate: 0, rowsFailed: 0, batchesFailed: 0, retries: 0,
  };

  constructor(deps: WriterDependencies, options: AppendWriterOptions = {}) {
    this.#deps = deps;
    this.#sequences = new BucketSequences(deps.newWriterId);
    this.#options = resolveWriterOptions(options);
    this.#accumulator = new RecordAccumulator({
      newEncoder: deps.newEncoder,
      batchSizeBytes: this.#options.batchSizeBytes,
      lingerMs: this.#options.lingerMs,
    });
    const buckets = deps.backend.table.buckets;
    this.#router = new RowRouter(deps.backend.table, () => Math.floor(deps.random() * buckets));
  }

  get counters(): Readonly<WriterCounters> {
    return { ...this.#counters };
  }

  /** Bytes buffered or in flight (what `bufferMemoryBytes` bounds). */
  get bufferedBytes(): number {
    return this.#accumulator.bufferedBytes;
  }

  /**
   * Buffers one row. Waits first while the buffer is full (backpressure). Rejects with a RowError
   * when the row does not fit the schema (nothing is buffered then). Resolving means buffered, not
   * acknowledged: call `flush` for that.
   */
  async append(row: Record<string, unknown>): Promise<void> {
    this.#checkOpen();
    while (this.#accumulator.bufferedBytes >= this.#options.bufferMemoryBytes) {
      // Send what is buffered now rather than after the linger: only acknowledgements free room.
      for (const target of this.#accumulator.sealAll()) this.#router.onBatchSealed(target);
      this.#pump();
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
      this.#checkOpen();
    }
    const target = this.#router.route(row);
    const { sealed } = this.#accumulator.append(target, row, this.#deps.timers.now());
    this.#counters.rowsAppended++;
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
   * Rejects with the first permanent error since the previous flush (the failed rows are lost;
   * rows of other batches are unaffected).
   */
  async flush(): Promise<void> {
    for (const target of this.#accumulator.sealAll()) this.#router.onBatchSealed(target);
    const batches = new Set([...this.#accumulator.pendingBatches(), ...this.#inFlight.values()]);
    if (batches.size > 0) {
      const settled = new Promise<void>((resolve) => this.#flushWaiters.add({ batches, resolve }));
      this.#pump();
      await settled;
    }
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
  }

  /** Flushes, then refuses further appends. The connection stays open. */
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

  /** Seals what lingered long enough and starts a send for every idle bucket with a sealed batch. */
  #pump(): void {
    const busy = (target: BucketTarget): boolean => this.#isBusy(target);
    for (const target of this.#accumulator.sealExpired(this.#deps.timers.now(), busy)) this.#router.onBatchSealed(target);
    const ready = this.#accumulator.takeReady(busy);
    for (const batch of ready) {
      this.#inFlight.set(targetKey(batch.target), batch);
      void this.#send(batch);
    }
    this.#armLinger();
  }

  #isBusy(target: BucketTarget): boolean {
    return this.#inFlight.has(targetKey(target));
  }

  /** Keeps one timer, for the oldest open batch's linger deadline. */
  #armLinger(): void {
    const deadline = this.#accumulator.nextLingerDeadline((target) => this.#isBusy(target));
    if (deadline === this.#lingerDeadline) return;
    this.#cancelLinger?.();
    this.#cancelLinger = undefined;
    this.#lingerDeadline = deadline;
    if (deadline === undefined) return;
    const delay = Math.max(0, deadline - this.#deps.timers.now());
    this.#cancelLinger = this.#deps.timers.schedule(() => {
      this.#cancelLinger = undefined;
      this.#lingerDeadline = undefined;
      this.#pump();
    }, delay);
  }

  async #send(batch: SealedBatch): Promise<void> {
    try {
      const response = await this.#produce(batch);
      this.#counters.rowsAcked += batch.rowCount;
      this.#counters.bytesAcked += batch.bytes.byteLength;
      this.#counters.batchesAcked++;
      if (response.duplicate) this.#counters.batchesDuplicate++;
    } catch (error) {
      this.#counters.rowsFailed += batch.rowCount;
      this.#counters.batchesFailed++;
      this.#error ??= error;
    } finally {
      this.#settle(batch);
    }
  }

  async #produce(batch: SealedBatch): Promise<ProduceResponse__Output> {
    const { backend } = this.#deps;
    const partitionId = await withRetries(() => backend.partitionId(batch.target.partition), this.#retryDependencies());
    const { bucket } = batch.target;
    const sequence = this.#sequences.next(partitionId, bucket);
    const request: ProduceRequest = {
      tableId: backend.table.tableId,
      partitionId,
      bucket: batch.target.bucket,
      schemaId: backend.table.schema?.schemaId ?? 0,
      acks: this.#options.acks,
      arrowIpc: batch.bytes,
      writerId: this.#options.idempotence ? sequence.writerId : -1,
      batchSequence: this.#options.idempotence ? sequence.sequence : 0,
    };
    try {
      const response = await withRetries(
        (attempt) => backend.produce(request, attempt, this.#options.requestTimeoutMs),
        this.#retryDependencies(),
      );
      this.#sequences.acknowledged(partitionId, bucket);
      return response;
    } catch (error) {
      this.#sequences.failed(partitionId, bucket);
      throw error;
    }
  }

  #retryDependencies(): Parameters<typeof withRetries>[1] {
    return {
      policy: this.#options.retry,
      sleep: (ms) => this.#deps.timers.sleep(ms),
      random: this.#deps.random,
      onRetry: () => this.#counters.retries++,
    };
  }

  /** A batch is done (acked or failed): free its bytes, wake appenders and flushes, send the next. */
  #settle(batch: SealedBatch): void {
    this.#inFlight.delete(targetKey(batch.target));
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

export type { BucketTarget };
