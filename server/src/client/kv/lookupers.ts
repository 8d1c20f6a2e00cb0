import { decodeRows, ReusableEncoder, RowBatchEncoder, type ColumnDef } from '../../arrow/index.ts';
import { FlussError } from '../../rpc/errors.ts';
import { columnDefs } from '../../table/table-spec.ts';
import { DEFAULT_RETRY_OPTIONS, withRetries, type RetryOptions } from '../retry.ts';
import type { Timers } from '../timers.ts';
import type { KvBackend } from './cluster-kv-backend.ts';
import { RowRouter } from '../writer/row-router.ts';
import { atRow, columnsNamed, encodeColumns, groupByBucket, pick, type BucketGroup, type Row } from './key-batches.ts';

export interface LookuperOptions extends Partial<RetryOptions> {
  /** Deadline of each Lookup call. @default 30000 */
  requestTimeoutMs?: number;
}

interface Pending<T> {
  readonly key: Row;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Shared machinery of point and prefix lookups: keys grouped by bucket, one request per bucket
 * (sent concurrently), answers put back in the caller's order. Single `lookup` calls made in the
 * same tick are batched the same way.
 */
abstract class BucketedLookup<T> {
  protected readonly backend: KvBackend;
  protected readonly columns: ColumnDef[];
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #retry: RetryOptions;
  readonly #timeoutMs: number;
  #queue: Array<Pending<T>> = [];
  #keyEncoder: ReusableEncoder | undefined;

  constructor(backend: KvBackend, timers: Timers, random: () => number, options: LookuperOptions) {
    if (backend.table.primaryKey.length === 0)
      throw new FlussError('INVALID_ARGUMENT', `Table ${backend.table.path?.database}.${backend.table.path?.table} has no primary key: lookups need one`);
    this.backend = backend;
    this.columns = columnDefs(backend.table);
    this.#timers = timers;
    this.#random = random;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#retry = {
      retries: options.retries ?? DEFAULT_RETRY_OPTIONS.retries,
      retryBackoffMs: options.retryBackoffMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMs,
      retryBackoffMaxMs: options.retryBackoffMaxMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMaxMs,
    };
  }

  /** One key; calls in the same tick travel together. Rejects with RowError for a malformed key. */
  lookup(key: Row): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#queue.length === 0) queueMicrotask(() => this.#drain());
      this.#queue.push({ key, resolve, reject });
    });
  }

  /** Many keys at once: answers in the same order. Rejects (sending nothing) if any key is malformed. */
  async lookupAll(keys: readonly Row[]): Promise<T[]> {
    const groups = groupByBucket(this.backend.table, keys);
    const requests = groups.map((group) => ({ group, ipc: this.encode(group) }));
    const results = new Array<T>(keys.length);
    await Promise.all(
      requests.map(async ({ group, ipc }) => {
        const answers = await this.#send(group, ipc);
        group.indexes.forEach((index, i) => (results[index] = answers[i]!));
      }),
    );
    return results;
  }

  #drain(): void {
    const queue = this.#queue;
    this.#queue = [];
    // Malformed keys fail alone; the rest go out together. One encoder and one router check them all
    // (a failed append leaves the encoder as it was), rather than an Arrow batch and a router per key.
    // A key alone needs no check: lookupAll fails for it alone.
    const check = queue.length === 1 ? () => undefined : this.#keyChecker();
    const valid = queue.filter((pending) => {
      try {
        check(pending.key);
        return true;
      } catch (error) {
        pending.reject(error);
        return false;
      }
    });
    if (valid.length === 0) return;
    this.lookupAll(valid.map((p) => p.key)).then(
      (answers) => valid.forEach((pending, i) => pending.resolve(answers[i]!)),
      (error: unknown) => valid.forEach((pending) => pending.reject(error)),
    );
  }

  /** Throws the RowError that encoding or routing this key alone would throw. */
  #keyChecker(): (key: Row) => void {
    const columns = this.keyColumns();
    const encoder = new RowBatchEncoder(columns);
    const router = new RowRouter(this.backend.table, () => 0);
    return (key) => {
      atRow(0, () => encoder.append(pick(key, columns)));
      atRow(0, () => router.route(key));
    };
  }

  async #send(group: BucketGroup, ipc: Uint8Array): Promise<T[]> {
    const partitionId = await this.backend.partitionId(group.target.partition, false);
    if (partitionId === undefined) return group.rows.map(() => this.missing());
    return withRetries((attempt) => this.request(partitionId, group.target.bucket, ipc, attempt, this.#timeoutMs), {
      policy: this.#retry,
      sleep: (ms) => this.#timers.sleep(ms),
      random: this.#random,
    });
  }

  /** The key columns a lookup key gives, in wire order. */
  protected abstract keyColumns(): ColumnDef[];
  protected encode(group: BucketGroup): Uint8Array {
    const columns = this.keyColumns();
    this.#keyEncoder ??= new ReusableEncoder(columns);
    return encodeColumns(this.#keyEncoder, columns, group.rows, group.indexes);
  }
  protected abstract request(partitionId: number, bucket: number, ipc: Uint8Array, attempt: number, timeoutMs: number): Promise<T[]>;
  /** The answer for a key of a partition that does not exist. */
  protected abstract missing(): T;
}

/** Point lookups by primary key (Fluss's Lookuper): the row, or undefined. */
export class Lookuper extends BucketedLookup<Row | undefined> {
  protected keyColumns(): ColumnDef[] {
    return columnsNamed(this.columns, this.backend.table.primaryKey);
  }

  protected async request(partitionId: number, bucket: number, ipc: Uint8Array, attempt: number, timeoutMs: number): Promise<Array<Row | undefined>> {
    const { tableId } = this.backend.table;
    const response = await this.backend.lookup({ tableId, partitionId, bucket, keysArrowIpc: ipc }, attempt, timeoutMs);
    const rows = response.rowsArrowIpc.length === 0 ? [] : decodeRows(response.rowsArrowIpc);
    let next = 0;
    return response.found.map((found) => (found ? rows[next++] : undefined));
  }

  protected missing(): undefined {
    return undefined;
  }
}

/**
 * Lookups by bucket key (Fluss's PrefixLookuper): every row whose bucket key (a prefix of the
 * primary key) has the given values, in key order. Partitioned tables need the partition keys too.
 */
export class PrefixLookuper extends BucketedLookup<Row[]> {
  protected keyColumns(): ColumnDef[] {
    return columnsNamed(this.columns, this.backend.table.bucketKey);
  }

  protected async request(partitionId: number, bucket: number, ipc: Uint8Array, attempt: number, timeoutMs: number): Promise<Row[][]> {
    const { tableId } = this.backend.table;
    const response = await this.backend.prefixLookup({ tableId, partitionId, bucket, prefixesArrowIpc: ipc }, attempt, timeoutMs);
    const rows = response.rowsArrowIpc.length === 0 ? [] : decodeRows(response.rowsArrowIpc);
    let next = 0;
    return response.rowCounts.map((count) => rows.slice(next, (next += count)));
  }

  protected missing(): Row[] {
    return [];
  }
}
