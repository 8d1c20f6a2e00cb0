import { RowBatchEncoder, RowError, type ColumnDef } from '../../arrow/index.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../rpc/generated/fluss/v1/PutKvResponse.ts';
import { KV_OP_CODES, kvWireColumns } from '../../table/kv-wire.ts';
import { columnDefs } from '../../table/table-spec.ts';
import { resolveAcks, resolvePipelineOptions, type Acks, type PipelineOptions } from '../writer/options.ts';
import { RowRouter } from '../writer/row-router.ts';
import { WritePipeline, type WriterEnvironment } from '../writer/write-pipeline.ts';
import type { KvBackend } from './cluster-kv-backend.ts';
import { columnsNamed, pick, type Row } from './key-batches.ts';
import { PutKvTransport } from './put-kv-transport.ts';

export interface UpsertWriterOptions extends PipelineOptions {
  /** A partial update: only these columns are written (the key columns are implied); the others keep their values. */
  targetColumns?: string[];
  /**
   * -1 (all): a write is acknowledged once every in-sync replica has it and lookups see it. 1: once
   * the leader has it durably (lookups see it once it is replicated). 0 is taken as 1. @default -1
   */
  acks?: Acks;
}

export interface UpsertWriterDependencies extends WriterEnvironment {
  backend: KvBackend;
}

export interface UpsertWriterCounters {
  rowsWritten: number;
  rowsAcked: number;
  changesAcked: number;
  batchesFailed: number;
  retries: number;
}

/**
 * Upserts and deletes rows of a primary-key table (Fluss's UpsertWriter). Rows are checked
 * against the table here, then routed by bucket key, batched per bucket with an op code per row
 * and sent as PutKv by the write pipeline (write-pipeline.ts); each bucket has one batch in
 * flight, so the writes of a key are applied in the order they were made. A batch is applied all
 * or nothing: the server refuses one with a bad row (INVALID_ARGUMENT naming the row), and `flush`
 * reports it.
 */
export class UpsertWriter {
  readonly #wireNames: ReadonlySet<string>;
  readonly #keyColumns: ColumnDef[];
  /** NOT NULL non-key columns a full upsert must give (checked here so the row fails alone). */
  readonly #required: ColumnDef[];
  readonly #partialUpdate: boolean;
  readonly #transport: PutKvTransport;
  readonly #pipeline: WritePipeline<PutKvRequest, PutKvResponse__Output>;

  constructor(deps: UpsertWriterDependencies, options: UpsertWriterOptions = {}) {
    const table = deps.backend.table;
    if (table.primaryKey.length === 0)
      throw new FlussError('INVALID_ARGUMENT', `Table ${table.path?.database}.${table.path?.table} has no primary key: use an append writer`);
    const columns = columnDefs(table);
    const target = options.targetColumns;
    const targetColumnIds = target === undefined ? [] : columnsNamed(columns, target).map((c) => c.id);
    const wireColumns = kvWireColumns(columns, table.primaryKey, target);
    this.#wireNames = new Set(wireColumns.map((c) => c.name));
    this.#keyColumns = columnsNamed(columns, table.primaryKey);
    this.#required = target === undefined ? columns.filter((c) => !c.nullable && !table.primaryKey.includes(c.name)) : [];
    this.#partialUpdate = target !== undefined;
    this.#transport = new PutKvTransport(deps.backend, targetColumnIds, resolveAcks(options.acks));
    this.#pipeline = new WritePipeline(
      {
        // Primary-key tables always have a bucket key: the sticky start is never used.
        router: new RowRouter(table, () => 0),
        newEncoder: () => new RowBatchEncoder(wireColumns),
        transport: this.#transport,
        timers: deps.timers,
        random: deps.random,
        newWriterId: deps.newWriterId,
      },
      resolvePipelineOptions(options),
    );
  }

  get counters(): Readonly<UpsertWriterCounters> {
    const { rowsBuffered, rowsAcked, batchesFailed, retries } = this.#pipeline.counters;
    return { rowsWritten: rowsBuffered, rowsAcked, changesAcked: this.#transport.changesAcked, batchesFailed, retries };
  }

  /** Inserts or updates a row (only the target columns for a partial update). RowError if it does not fit. */
  async upsert(row: Row): Promise<void> {
    for (const column of this.#required) {
      const value = row[column.name];
      if (value === null || value === undefined)
        throw new RowError(column.name, `column "${column.name}" is not nullable: got ${value === null ? 'null' : 'no value'}`);
    }
    this.#rejectUnknown(row);
    // The row goes in as given: every key it holds is a wire column, and the encoder reads only those.
    return this.#pipeline.write(row, KV_OP_CODES.upsert);
  }

  /** Deletes the row with this key (other columns are ignored); for a partial update, nulls the target columns. */
  async delete(key: Row): Promise<void> {
    return this.#pipeline.write(pick(key, this.#keyColumns), KV_OP_CODES.delete);
  }

  /** Sends everything buffered and waits for all of it; rejects with the first failure since the last flush. */
  flush(): Promise<void> {
    return this.#pipeline.flush();
  }

  /** Flushes, then refuses further writes. */
  close(): Promise<void> {
    return this.#pipeline.close();
  }

  /** Columns outside a partial update's targets would be silently dropped: refuse them instead. */
  #rejectUnknown(row: Row): void {
    const stray = Object.keys(row).filter((name) => row[name] !== undefined && !this.#wireNames.has(name));
    if (stray.length > 0) {
      const why = this.#partialUpdate ? 'not a target column of this partial update' : 'not a column';
      throw new RowError(stray[0], `column "${stray[0]}" is ${why}`);
    }
  }
}
