import { RowBatchEncoder, RowError, type ColumnDef } from '../../arrow/index.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import { KV_OP_CODES, kvWireColumns, type KvOp } from '../../table/kv-wire.ts';
import { columnDefs } from '../../table/table-spec.ts';
import { EncoderPool } from '../codec.ts';
import { DEFAULT_RETRY_OPTIONS, withRetries, type RetryOptions } from '../retry.ts';
import type { Timers } from '../timers.ts';
import { BucketSequences } from '../writer/bucket-sequences.ts';
import { RowRouter, targetKey, type BucketTarget } from '../writer/row-router.ts';
import type { KvBackend } from './cluster-kv-backend.ts';
import { columnsNamed, pick, type Row } from './key-batches.ts';

export interface UpsertWriterOptions extends Partial<RetryOptions> {
  /** A partial update: only these columns are written (the key columns are implied); the others keep their values. */
  targetColumns?: string[];
  /** A bucket's batch is sent once its encoded size reaches this. @default 1048576 (1 MiB) */
  batchSizeBytes?: number;
  /** A batch that is not full is sent this long after its first row. @default 5 */
  lingerMs?: number;
  /** Bytes of sealed batches not yet acknowledged; writes wait while the writer holds this much. @default 67108864 */
  bufferMemoryBytes?: number;
  /** Deadline of each PutKv call. @default 30000 */
  requestTimeoutMs?: number;
}

export interface UpsertWriterDependencies {
  backend: KvBackend;
  timers: Timers;
  random: () => number;
  newWriterId: () => number;
}

export interface UpsertWriterCounters {
  rowsWritten: number;
  rowsAcked: number;
  changesAcked: number;
  batchesFailed: number;
  retries: number;
}

interface OpenBatch {
  readonly target: BucketTarget;
  readonly encoder: RowBatchEncoder;
  readonly ops: number[];
}

interface SealedBatch {
  readonly target: BucketTarget;
  readonly ipc: Uint8Array;
  readonly ops: Uint8Array;
}

/**
 * Upserts and deletes rows of a primary-key table (Fluss's UpsertWriter). Rows are routed by
 * bucket key, batched per bucket and sent as PutKv; each bucket has one batch in flight, so the
 * writes of a key are applied in the order they were made. A batch is applied all or nothing:
 * the server refuses one with a bad row (INVALID_ARGUMENT naming the row), and `flush` reports it.
 */
export class UpsertWriter {
  readonly #deps: UpsertWriterDependencies;
  readonly #columns: ColumnDef[];
  readonly #wireColumns: ColumnDef[];
  readonly #wireNames: ReadonlySet<string>;
  readonly #keyColumns: ColumnDef[];
  /** NOT NULL non-key columns a full upsert must give (checked here so the row fails alone). */
  readonly #required: ColumnDef[];
  readonly #targetColumnIds: number[];
  readonly #router: RowRouter;
  readonly #options: Required<Omit<UpsertWriterOptions, 'targetColumns' | keyof RetryOptions>>;
  readonly #retry: RetryOptions;
  readonly #open = new Map<string, OpenBatch>();
  readonly #encoders: EncoderPool<RowBatchEncoder>;
  /** Per bucket, the tail of its send chain: one batch in flight, in order. */
  readonly #chains = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #sequences: BucketSequences;
  #roomWaiters: Array<() => void> = [];
  #bufferedBytes = 0;
  #cancelLinger: (() => void) | undefined;
  #error: unknown;
  #closed = false;
  readonly #counters: UpsertWriterCounters = { rowsWritten: 0, rowsAcked: 0, changesAcked: 0, batchesFailed: 0, retries: 0 };

  constructor(deps: UpsertWriterDependencies, options: UpsertWriterOptions = {}) {
    const table = deps.backend.table;
    if (table.primaryKey.length === 0) throw new FlussError('INVALID_ARGUMENT', `Table ${table.path?.database}.${table.path?.table} has no primary key: use an append writer`);
    this.#deps = deps;
    this.#sequences = new BucketSequences(deps.newWriterId);
    this.#columns = columnDefs(table);
    const target = options.targetColumns;
    if (target !== undefined) columnsNamed(this.#columns, target);
    this.#wireColumns = kvWireColumns(this.#columns, table.primaryKey, target);
    const wireColumns = this.#wireColumns;
    this.#encoders = new EncoderPool(() => new RowBatchEncoder(wireColumns));
    this.#wireNames = new Set(this.#wireColumns.map((c) => c.name));
    this.#keyColumns = columnsNamed(this.#columns, table.primaryKey);
    this.#required = target === undefined ? this.#columns.filter((c) => !c.nullable && !table.primaryKey.includes(c.name)) : [];
    this.#targetColumnIds = target === undefined ? [] : columnsNamed(this.#columns, target).map((c) => c.id);
    this.#router = new RowRouter(table, () => 0);
    this.#options = {
      batchSizeBytes: options.batchSizeBytes ?? 1024 * 1024,
      lingerMs: options.lingerMs ?? 5,
      bufferMemoryBytes: options.bufferMemoryBytes ?? 64 * 1024 * 1024,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    };
    this.#retry = {
      retries: options.retries ?? DEFAULT_RETRY_OPTIONS.retries,
      retryBackoffMs: options.retryBackoffMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMs,
      retryBackoffMaxMs: options.retryBackoffMaxMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMaxMs,
    };
  }

  get counters(): Readonly<UpsertWriterCounters> {
    return { ...this.#counters };
  }

  /** Inserts or updates a row (only the target columns for a partial update). RowError if it does not fit. */
  async upsert(row: Row): Promise<void> {
    for (const column of this.#required) {
      const value = row[column.name];
      if (value === null || value === undefined) throw new RowError(column.name, `column "${column.name}" is not nullable: got ${value === null ? 'null' : 'no value'}`);
    }
    return this.#write('upsert', row);
  }

  /** Deletes the row with this key (other columns are ignored); for a partial update, nulls the target columns. */
  async delete(key: Row): Promise<void> {
    return this.#write('delete', pick(key, this.#keyColumns));
  }

  /** Sends everything buffered and waits for all of it; rejects with the first failure since the last flush. */
  async flush(): Promise<void> {
    for (const key of [...this.#open.keys()]) this.#seal(key);
    await Promise.all([...this.#inFlight]);
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      this.#cancelLinger?.();
    }
  }

  async #write(op: KvOp, row: Row): Promise<void> {
    if (this.#closed) throw new FlussError('FAILED_PRECONDITION', 'The writer is closed');
    while (this.#bufferedBytes >= this.#options.bufferMemoryBytes) await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    this.#rejectUnknown(row, op);
    const target = this.#router.route(row);
    const key = targetKey(target);
    let batch = this.#open.get(key);
    const opened = batch === undefined;
    batch ??= { target, encoder: this.#encoders.take(), ops: [] };
    // Throws RowError and leaves the batch as it was. The row goes in as given: every key it holds
    // is a wire column (#rejectUnknown), and the encoder reads only those.
    batch.encoder.append(row);
    if (opened) this.#open.set(key, batch);
    batch.ops.push(KV_OP_CODES[op]);
    this.#counters.rowsWritten++;
    if (batch.encoder.byteSize >= this.#options.batchSizeBytes) this.#seal(key);
    else this.#cancelLinger ??= this.#deps.timers.schedule(() => this.#onLinger(), this.#options.lingerMs);
  }

  /** Columns outside a partial update's targets would be silently dropped: refuse them instead. */
  #rejectUnknown(row: Row, op: KvOp): void {
    if (op === 'delete') return;
    const stray = Object.keys(row).filter((name) => row[name] !== undefined && !this.#wireNames.has(name));
    if (stray.length > 0) {
      const why = this.#targetColumnIds.length > 0 ? 'not a target column of this partial update' : 'not a column';
      throw new RowError(stray[0], `column "${stray[0]}" is ${why}`);
    }
  }

  #onLinger(): void {
    this.#cancelLinger = undefined;
    // A bucket with a batch on its way keeps filling its open batch, sealed once the bucket frees
    // up: a slow round trip makes batches bigger instead of queueing many small ones.
    for (const key of [...this.#open.keys()]) if (!this.#chains.has(key)) this.#seal(key);
  }

  #seal(key: string): void {
    const batch = this.#open.get(key);
    if (batch === undefined) return;
    this.#open.delete(key);
    const sealed: SealedBatch = { target: batch.target, ipc: batch.encoder.finish(), ops: Uint8Array.from(batch.ops) };
    this.#encoders.give(batch.encoder);
    this.#bufferedBytes += sealed.ipc.byteLength;
    const send = (this.#chains.get(key) ?? Promise.resolve()).then(() => this.#send(sealed));
    this.#chains.set(key, send);
    this.#inFlight.add(send);
    void send.finally(() => {
      this.#inFlight.delete(send);
      if (this.#chains.get(key) !== send) return;
      this.#chains.delete(key);
      if (this.#open.has(key)) this.#seal(key);
    });
  }

  async #send(batch: SealedBatch): Promise<void> {
    const { backend } = this.#deps;
    try {
      const partitionId = (await backend.partitionId(batch.target.partition, true))!;
      const { bucket } = batch.target;
      const sequence = this.#sequences.next(partitionId, bucket);
      const request: PutKvRequest = {
        tableId: backend.table.tableId,
        partitionId,
        bucket: batch.target.bucket,
        schemaId: backend.table.schema?.schemaId ?? 0,
        arrowIpc: batch.ipc,
        ops: batch.ops,
        targetColumnIds: this.#targetColumnIds,
        writerId: sequence.writerId,
        batchSequence: sequence.sequence,
      };
      try {
        const response = await withRetries((attempt) => backend.putKv(request, attempt, this.#options.requestTimeoutMs), {
          policy: this.#retry,
          sleep: (ms) => this.#deps.timers.sleep(ms),
          random: this.#deps.random,
          onRetry: () => this.#counters.retries++,
        });
        this.#sequences.acknowledged(partitionId, bucket);
        this.#counters.rowsAcked += batch.ops.length;
        this.#counters.changesAcked += response.changeCount;
      } catch (error) {
        this.#sequences.failed(partitionId, bucket);
        throw error;
      }
    } catch (error) {
      this.#counters.batchesFailed++;
      this.#error ??= error;
    } finally {
      this.#bufferedBytes -= batch.ipc.byteLength;
      for (const wake of this.#roomWaiters.splice(0)) wake();
    }
  }
}
