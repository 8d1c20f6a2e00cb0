import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ReusableEncoder, RowError, type ColumnDef } from '../arrow/index.ts';
import { Mutex } from '../common/mutex.ts';
import { NO_WRITER_ID, type LogLogger, type LogTablet } from '../log/index.ts';
import { changelogColumns, changeTypeCode, CHANGE_TYPE_COLUMN_NAME } from '../table/change-type.ts';
import type { KvOp } from '../table/kv-wire.ts';
import type { MergeEngineSpec } from '../table/merge-engine-options.ts';
import { KvError } from './errors.ts';
import { KeyCodec } from './key-codec.ts';
import { KvStore } from './kv-store.ts';
import { mergeEngine, type Change, type MergeEngine } from './merge/merge-engine.ts';
import { recoverStore, type RecoveryResult } from './recovery.ts';
import { listSnapshots, pruneSnapshots, writeSnapshot, type SnapshotFile } from './snapshot-files.ts';
import { ValueCodec } from './value-codec.ts';
import { MergeError, type Row } from './values.ts';

export interface KvTableSpec {
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: readonly string[];
  readonly bucketKey: readonly string[];
  readonly schemaId: number;
  readonly mergeEngine: MergeEngineSpec;
}

export interface KvTabletOptions {
  /** The tablet's own directory: `db/` (RocksDB, rebuilt on open) and `snapshots/`. */
  readonly dir: string;
  /** The bucket's log, which holds this tablet's changelog. */
  readonly log: LogTablet;
  readonly table: KvTableSpec;
  /** Snapshots kept after a new one is written. @default 2 */
  readonly snapshotsRetained?: number;
  readonly logger?: LogLogger;
}

export interface KvWriteBatch {
  readonly rows: readonly Row[];
  readonly ops: readonly KvOp[];
  /** A partial update's columns (the key columns are implied); undefined writes every column. */
  readonly targetColumns?: readonly string[] | undefined;
  /** Idempotent writer id (-1: none) and its batch sequence, kept in the changelog batch header. */
  readonly writerId: number;
  readonly batchSequence: number;
}

export interface KvWriteResult {
  /** Offset of the first changelog record written; the log end when the batch changed nothing. */
  readonly baseOffset: number;
  readonly changeCount: number;
  /** A retry of a batch already applied: nothing was merged again. */
  readonly duplicate: boolean;
}

type TabletState = { kind: 'open' } | { kind: 'closed' } | { kind: 'failed'; error: unknown };

const silentLogger: LogLogger = { warn() {}, info() {} };

/**
 * One bucket's primary-key state: RocksDB rows by key, whose every change is first appended to
 * the bucket's log as changelog (+I, -U/+U, -D with full images) and acknowledged once durable.
 *
 * Writes run one batch at a time per bucket: read the stored rows, merge (pure functions), append
 * the changelog durably, then apply to RocksDB in one atomic batch that records the log offset it
 * reaches. So RocksDB only ever holds acknowledged-durable state, and lookups read it directly.
 * The log is the source of truth: on open RocksDB is rebuilt from the newest snapshot plus the
 * changelog after it; a storage failure makes the tablet fail-stop until it is reopened that way.
 */
export class KvTablet {
  readonly #store: KvStore;
  readonly #log: LogTablet;
  readonly #table: KvTableSpec;
  readonly #keys: KeyCodec;
  readonly #values: ValueCodec;
  readonly #changelogEncoder: ReusableEncoder;
  readonly #snapshotDir: string;
  readonly #snapshotsRetained: number;
  readonly #logger: LogLogger;
  readonly #writeMutex = new Mutex();
  readonly #snapshotMutex = new Mutex();
  #state: TabletState = { kind: 'open' };
  /** Log offsets of the snapshots on disk, newest first. */
  #snapshotOffsets: number[];
  /** What recovery did on open, for logs and tests. */
  readonly recovery: RecoveryResult;

  private constructor(options: KvTabletOptions, store: KvStore, keys: KeyCodec, values: ValueCodec, recovery: RecoveryResult, snapshotOffsets: number[]) {
    this.#store = store;
    this.#log = options.log;
    this.#table = options.table;
    this.#keys = keys;
    this.#values = values;
    this.#changelogEncoder = new ReusableEncoder(changelogColumns(options.table.columns));
    this.#snapshotDir = join(options.dir, 'snapshots');
    this.#snapshotsRetained = options.snapshotsRetained ?? 2;
    this.#logger = options.logger ?? silentLogger;
    this.recovery = recovery;
    this.#snapshotOffsets = snapshotOffsets;
  }

  /** Opens the tablet: a fresh RocksDB filled from the newest snapshot and the changelog after it. */
  static async open(options: KvTabletOptions): Promise<KvTablet> {
    const { table } = options;
    const logger = options.logger ?? silentLogger;
    const keys = new KeyCodec(table.columns, table.primaryKey, table.bucketKey);
    const values = new ValueCodec(table.columns, table.schemaId);
    const dbDir = join(options.dir, 'db');
    // RocksDB is a cache of snapshot + changelog: whatever a crash left in it is discarded.
    await rm(dbDir, { recursive: true, force: true });
    const store = await KvStore.open(dbDir);
    try {
      const snapshotDir = join(options.dir, 'snapshots');
      const recovery = await recoverStore({ store, snapshotDir, log: options.log, keys, values, schemaId: table.schemaId, logger });
      logger.info({ dir: options.dir, ...recovery }, 'KV tablet recovered');
      const snapshots = await listSnapshots(snapshotDir);
      return new KvTablet(
        options,
        store,
        keys,
        values,
        recovery,
        snapshots.map((s) => s.logOffset),
      );
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * Applies a batch of upserts and deletes: all of it, or (on a KvError INVALID_WRITE naming the
   * row) none of it. Resolves once its changelog is durable in the log and applied.
   *
   * Exactly once per (writerId, batchSequence), across restarts too: the sequence is written in the
   * header of the batch's changelog (an empty batch when the merge changed nothing), so the log's
   * writer state, rebuilt from those headers on open, knows every applied batch. It is checked
   * before merging: a retry is answered with its first result, a gap is refused (OUT_OF_ORDER_SEQUENCE).
   */
  async write(batch: KvWriteBatch): Promise<KvWriteResult> {
    this.#ensureUsable();
    if (batch.rows.length !== batch.ops.length) throw new RangeError(`Cannot write: ${batch.rows.length} rows but ${batch.ops.length} ops`);
    return this.#writeMutex.run(async () => {
      this.#ensureUsable();
      const earlier = this.#earlierResult(batch);
      if (earlier !== undefined) return earlier;
      return this.#writeLocked(batch);
    });
  }

  /**
   * The first result of a batch this writer already wrote; throws on a sequence gap. Under the
   * write mutex nothing else appends to this log, so the answer holds until our own append.
   */
  #earlierResult(batch: KvWriteBatch): KvWriteResult | undefined {
    if (batch.writerId === NO_WRITER_ID) return undefined;
    const check = this.#log.checkSequence(batch.writerId, batch.batchSequence);
    if (check.kind === 'append') return undefined;
    if (check.kind === 'duplicate') return { baseOffset: check.batch.baseOffset, changeCount: check.batch.recordCount, duplicate: true };
    throw new KvError(
      'OUT_OF_ORDER_SEQUENCE',
      `Cannot write batch of writer ${batch.writerId}: sequence ${batch.batchSequence}, expected ${check.expectedSequence}`,
    );
  }

  async #writeLocked(batch: KvWriteBatch): Promise<KvWriteResult> {
    const engine = this.#engineFor(batch.targetColumns);
    const { changes, finalValues } = await this.#merge(engine, batch);
    const { writerId, batchSequence } = batch;
    if (changes.length === 0 && writerId === NO_WRITER_ID) return { baseOffset: this.#log.logEndOffset, changeCount: 0, duplicate: false };
    // With no change, an empty batch still records the writer's sequence (it takes no offset).
    const payload = changes.length === 0 ? new Uint8Array(0) : this.#encodeChangelog(changes);
    const appended = await this.#log.append(
      { payload, recordCount: changes.length, schemaId: this.#table.schemaId, writerId, batchSequence },
      { durable: true },
    );
    if (changes.length > 0) await this.#apply(finalValues, appended.baseOffset + appended.recordCount);
    return { baseOffset: appended.baseOffset, changeCount: changes.length, duplicate: false };
  }

  /** The stored row of each key (rows holding at least the primary-key columns); undefined where none. */
  async lookup(keys: readonly Row[]): Promise<(Row | undefined)[]> {
    this.#ensureUsable();
    const encoded = keys.map((key, index) => this.#encode(() => this.#keys.encodeKey(key), index));
    const stored = await this.#guardStorage(() => this.#store.multiGet(encoded));
    return stored.map((bytes) => (bytes === null ? undefined : this.#values.decode(bytes)));
  }

  /** For each bucket-key value, every stored row with it, in key order (at most `limit` per prefix). */
  async prefixLookup(prefixes: readonly Row[], limit = Number.MAX_SAFE_INTEGER): Promise<Row[][]> {
    this.#ensureUsable();
    const encoded = prefixes.map((prefix, index) => this.#encode(() => this.#keys.encodePrefix(prefix), index));
    const results: Row[][] = [];
    for (const prefix of encoded) {
      const stored = await this.#guardStorage(() => this.#store.scanPrefix(prefix, limit));
      results.push(stored.map((bytes) => this.#values.decode(bytes)));
    }
    return results;
  }

  /**
   * Writes a snapshot of the current state (a RocksDB snapshot iterated into a file named by the
   * log offset it covers) and keeps the newest few. Undefined when nothing changed since the last.
   * Writes go on meanwhile: the RocksDB snapshot is a point-in-time view.
   */
  async snapshot(): Promise<SnapshotFile | undefined> {
    this.#ensureUsable();
    return this.#snapshotMutex.run(async () => {
      const view = await this.#guardStorage(() => this.#store.openSnapshot());
      try {
        if (view.appliedOffset === this.snapshotOffset) return undefined;
        const written = await writeSnapshot(this.#snapshotDir, view, this.#table.schemaId);
        await pruneSnapshots(this.#snapshotDir, this.#snapshotsRetained);
        this.#snapshotOffsets = (await listSnapshots(this.#snapshotDir)).map((s) => s.logOffset);
        this.#logger.info({ snapshot: written.path, entries: written.entries, bytes: written.bytes }, 'KV snapshot written');
        return { path: written.path, logOffset: written.logOffset };
      } finally {
        await view.close();
      }
    });
  }

  /** The log offset of the newest snapshot, if any. */
  get snapshotOffset(): number | undefined {
    return this.#snapshotOffsets[0];
  }

  /**
   * The lowest log offset recovery may replay from: that of the oldest snapshot kept, since an
   * older one is the fallback when the newest proves unreadable. Undefined without snapshots (the
   * whole changelog is needed). Log retention keeps every segment from here on.
   */
  get changelogNeededFrom(): number | undefined {
    return this.#snapshotOffsets.at(-1);
  }

  /** Waits for the write under way, then closes RocksDB. The log is the caller's to close. */
  async close(): Promise<void> {
    await this.#writeMutex.run(async () => {
      if (this.#state.kind === 'closed') return;
      this.#state = { kind: 'closed' };
      await this.#snapshotMutex.run(() => this.#store.close());
    });
  }

  #engineFor(targetColumns: readonly string[] | undefined): MergeEngine {
    try {
      return mergeEngine(this.#table.mergeEngine, this.#table, targetColumns);
    } catch (error) {
      if (error instanceof MergeError) throw new KvError('INVALID_WRITE', error.message, { cause: error });
      throw error;
    }
  }

  /** Runs the batch through the engine row by row, later rows seeing earlier rows' results. */
  async #merge(engine: MergeEngine, batch: KvWriteBatch): Promise<{ changes: Change[]; finalValues: Map<string, { key: Buffer; value: Row | undefined }> }> {
    // Each row's entry in `current`: one per distinct key, so later rows see earlier rows' results.
    const current = new Map<string, { key: Buffer; value: Row | undefined }>();
    const distinct: Array<{ key: Buffer; value: Row | undefined }> = [];
    const entries = batch.rows.map((row, index) => {
      const key = this.#encode(() => this.#keys.encodeKey(row), index);
      const id = key.toString('latin1');
      let entry = current.get(id);
      if (entry === undefined) {
        entry = { key, value: undefined };
        current.set(id, entry);
        distinct.push(entry);
      }
      return entry;
    });
    // One multi-get for the whole batch.
    const stored = await this.#guardStorage(() => this.#store.multiGet(distinct.map((entry) => entry.key)));
    distinct.forEach((entry, index) => {
      const bytes = stored[index];
      if (bytes !== null && bytes !== undefined) entry.value = this.#values.decode(bytes);
    });
    const changes: Change[] = [];
    batch.rows.forEach((row, index) => {
      const entry = entries[index]!;
      try {
        const outcome = batch.ops[index] === 'delete' ? engine.delete(entry.value, row) : engine.upsert(entry.value, row);
        entry.value = outcome.value;
        changes.push(...outcome.changes);
      } catch (error) {
        if (error instanceof MergeError) throw new KvError('INVALID_WRITE', `Row ${index}: ${error.message}`, { cause: error, rowIndex: index });
        throw error;
      }
    });
    return { changes, finalValues: current };
  }

  #encodeChangelog(changes: readonly Change[]): Uint8Array {
    try {
      return this.#changelogEncoder.encode(changes.map((change) => ({ ...change.row, [CHANGE_TYPE_COLUMN_NAME]: changeTypeCode(change.type) })));
    } catch (error) {
      // A merged value the column cannot hold (e.g. a too long aggregate) fails the whole batch.
      if (error instanceof RowError) throw new KvError('INVALID_WRITE', `Merged row cannot be stored: ${error.message}`, { cause: error });
      throw error;
    }
  }

  async #apply(finalValues: Map<string, { key: Buffer; value: Row | undefined }>, appliedOffset: number): Promise<void> {
    const puts: Array<readonly [Buffer, Buffer]> = [];
    const deletes: Buffer[] = [];
    for (const { key, value } of finalValues.values()) {
      if (value === undefined) deletes.push(key);
      else puts.push([key, this.#values.encode(value)]);
    }
    await this.#guardStorage(() => this.#store.write({ puts, deletes, appliedOffset }));
  }

  #encode(encode: () => Buffer, index: number): Buffer {
    try {
      return encode();
    } catch (error) {
      if (error instanceof TypeError) throw new KvError('INVALID_WRITE', `Row ${index}: ${error.message}`, { cause: error, rowIndex: index });
      throw error;
    }
  }

  /** RocksDB failed: RocksDB may now lag the log, so stop serving until a reopen recovers it. */
  async #guardStorage<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.#state.kind === 'open') this.#state = { kind: 'failed', error };
      throw new KvError('STORAGE_ERROR', `KV storage failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  #ensureUsable(): void {
    if (this.#state.kind === 'closed') throw new KvError('CLOSED', 'KV tablet closed');
    if (this.#state.kind === 'failed') throw new KvError('STORAGE_ERROR', 'KV tablet failed on storage and must be reopened', { cause: this.#state.error });
  }
}
