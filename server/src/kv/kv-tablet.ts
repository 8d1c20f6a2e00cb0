import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ReusableEncoder, RowError, type ColumnDef } from '../arrow/index.ts';
import { Mutex } from '../common/mutex.ts';
import { isLogError, NO_WRITER_ID, type LogLogger, type LogTablet } from '../log/index.ts';
import { changelogColumns, changeTypeCode, CHANGE_TYPE_COLUMN_NAME } from '../table/change-type.ts';
import type { KvOp } from '../table/kv-wire.ts';
import type { MergeEngineSpec } from '../table/merge-engine-options.ts';
import { changelogChanges } from './changelog-changes.ts';
import { KvError } from './errors.ts';
import { KeyCodec } from './key-codec.ts';
import { KvStore } from './kv-store.ts';
import { mergeEngine, type Change, type MergeEngine } from './merge/merge-engine.ts';
import { combinedChanges, keyId, PreWriteBuffer, type KeyChange } from './pre-write-buffer.ts';
import { recoverStore, type RecoveryResult } from './recovery.ts';
import { listSnapshots, pruneSnapshots, snapshotDirOf, writeSnapshot, type SnapshotFile } from './snapshot-files.ts';
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
  /** The leader epoch the changelog batch is stamped with (a replicated table's leader's). @default 0 */
  readonly leaderEpoch?: number;
}

export interface KvWriteResult {
  /** Offset of the first changelog record written; the log end when the batch changed nothing. */
  readonly baseOffset: number;
  readonly changeCount: number;
  /** A retry of a batch already applied: nothing was merged again. */
  readonly duplicate: boolean;
}

type TabletState = { kind: 'open' } | { kind: 'closed' } | { kind: 'failed'; error: unknown };

interface AppliedWaiter {
  readonly offset: number;
  resolve(): void;
  reject(error: unknown): void;
}

const silentLogger: LogLogger = { warn() {}, info() {} };
/** Bytes of changelog read per log read when the buffer catches up with the log. */
const TAIL_READ_BYTES = 4 * 1024 * 1024;

/**
 * One bucket's primary-key state: RocksDB rows by key, whose every change is first appended to
 * the bucket's log as changelog (+I, -U/+U, -D with full images).
 *
 * RocksDB holds the changelog up to the log's high watermark only, so a lookup never returns a
 * value a failover could take back. What the log holds above it is kept in a pre-write buffer
 * (pre-write-buffer.ts) and applied, in one atomic RocksDB batch that records the log offset it
 * reaches, once the high watermark passes it. The tablet follows its log (LogTablet.observe):
 *  - writes (a leader's) run one batch at a time: read each key's newest value (the buffer's,
 *    else RocksDB's), merge (pure functions), append the changelog durably, buffer its effect;
 *  - batches the log got otherwise (a follower's copies of its leader's) are read back into the
 *    buffer, so a follower keeps its RocksDB warm up to the high watermark it learns;
 *  - a truncation drops the buffer beyond it (RocksDB, at most at the high watermark, is never
 *    above a truncation).
 * For a single replica the high watermark is the durable log end: a write resolves once applied.
 * The log is the source of truth: on open RocksDB is rebuilt from the newest snapshot plus the
 * changelog after it up to the high watermark; a storage failure makes the tablet fail-stop until
 * it is reopened that way.
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
  readonly #buffer: PreWriteBuffer;
  /** The highest high watermark applied from: no truncation may go below it. */
  #committedSeen: number;
  /** Counts the log's truncations: a log read or append that one overlapped is not buffered. */
  #truncations = 0;
  /** The applier run under way (one at a time), and whether the log moved since it started. */
  #applying: Promise<void> | undefined;
  #applyAgain = false;
  readonly #appliedWaiters = new Set<AppliedWaiter>();
  readonly #stopObserving: () => void;
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
    this.#snapshotDir = snapshotDirOf(options.dir);
    this.#snapshotsRetained = options.snapshotsRetained ?? 2;
    this.#logger = options.logger ?? silentLogger;
    this.recovery = recovery;
    this.#snapshotOffsets = snapshotOffsets;
    this.#buffer = new PreWriteBuffer(recovery.appliedOffset);
    this.#committedSeen = recovery.appliedOffset;
    this.#stopObserving = this.#log.observe({ progressed: () => this.#kickApplier(), truncated: (offset) => this.#onTruncated(offset) });
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
      const snapshotDir = snapshotDirOf(options.dir);
      const recovery = await recoverStore({
        store,
        snapshotDir,
        log: options.log,
        keys,
        values,
        schemaId: table.schemaId,
        logger,
        replayUpTo: options.log.highWatermark,
      });
      logger.info({ dir: options.dir, ...recovery }, 'KV tablet recovered');
      const snapshots = await listSnapshots(snapshotDir);
      const tablet = new KvTablet(
        options,
        store,
        keys,
        values,
        recovery,
        snapshots.map((s) => s.logOffset),
      );
      tablet.#kickApplier();
      return tablet;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * Writes a batch of upserts and deletes: all of it, or (on a KvError INVALID_WRITE naming the
   * row) none of it. Resolves once its changelog is durable in the log; RocksDB applies it once the
   * high watermark passes it (`waitApplied`), which for a single replica this waits for too.
   *
   * Exactly once per (writerId, batchSequence), across restarts too: the sequence is written in the
   * header of the batch's changelog (an empty batch when the merge changed nothing), so the log's
   * writer state, rebuilt from those headers on open, knows every applied batch. It is checked
   * before merging: a retry is answered with its first result, a gap is refused (OUT_OF_ORDER_SEQUENCE).
   */
  async write(batch: KvWriteBatch): Promise<KvWriteResult> {
    this.#ensureUsable();
    if (batch.rows.length !== batch.ops.length) throw new RangeError(`Cannot write: ${batch.rows.length} rows but ${batch.ops.length} ops`);
    const result = await this.#writeMutex.run(async () => {
      this.#ensureUsable();
      const earlier = this.#earlierResult(batch);
      if (earlier !== undefined) return earlier;
      return this.#writeLocked(batch);
    });
    if (!this.#log.replicated) await this.waitApplied(result.baseOffset + result.changeCount);
    return result;
  }

  /**
   * Resolves once RocksDB holds the changelog up to `offset` (the high watermark has passed it, so
   * lookups see it); rejects when the tablet fails or closes first.
   */
  waitApplied(offset: number): Promise<void> {
    this.#ensureUsable();
    if (this.#buffer.startOffset >= offset) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: AppliedWaiter = {
        offset,
        resolve: () => {
          this.#appliedWaiters.delete(waiter);
          resolve();
        },
        reject: (error) => {
          this.#appliedWaiters.delete(waiter);
          reject(error);
        },
      };
      this.#appliedWaiters.add(waiter);
      this.#kickApplier();
    });
  }

  /** The log offset RocksDB holds the changelog up to (at most the high watermark): what lookups see. */
  get appliedOffset(): number {
    return this.#buffer.startOffset;
  }

  /** Changelog batches in the log above what RocksDB holds, kept in memory until the high watermark passes them. */
  get bufferedBatches(): number {
    return this.#buffer.batchCount;
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
    // The merge reads each key's newest value: the buffer must hold everything the log has.
    await this.#bufferLogTail(Number.MAX_SAFE_INTEGER);
    const at = this.#buffer.endOffset;
    const truncations = this.#truncations;
    const { changes, finalValues } = await this.#merge(engine, batch);
    const { writerId, batchSequence } = batch;
    if (changes.length === 0 && writerId === NO_WRITER_ID) return { baseOffset: at, changeCount: 0, duplicate: false };
    // With no change, an empty batch still records the writer's sequence (it takes no offset).
    const payload = changes.length === 0 ? new Uint8Array(0) : this.#encodeChangelog(changes);
    // Only where the merge read the log's state: a truncation meanwhile (this replica stopped
    // leading) refuses the append (END_MOVED) rather than writing a changelog of another state.
    const appended = await this.#log.append(
      { payload, recordCount: changes.length, schemaId: this.#table.schemaId, writerId, batchSequence },
      { durable: true, leaderEpoch: batch.leaderEpoch ?? 0, atOffset: at },
    );
    // A truncation since the append may have removed it: then the log, read back, says what is left.
    if (changes.length > 0 && truncations === this.#truncations) {
      this.#buffer.add({ baseOffset: appended.baseOffset, endOffset: appended.baseOffset + appended.recordCount, changes: this.#encodeValues(finalValues) });
    }
    this.#kickApplier();
    return { baseOffset: appended.baseOffset, changeCount: changes.length, duplicate: false };
  }

  /**
   * The stored row of each key (rows holding at least the primary-key columns); undefined where
   * none. RocksDB's rows: the changelog up to the high watermark, nothing above it.
   */
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

  /** The snapshot files on disk, newest first (what the remote KV snapshots upload). */
  snapshotFiles(): Promise<SnapshotFile[]> {
    return listSnapshots(this.#snapshotDir);
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

  /**
   * Waits for the write and the RocksDB batch under way, then closes RocksDB; what is buffered
   * stays in the log only. The log is the caller's to close.
   */
  async close(): Promise<void> {
    const wasClosed = await this.#writeMutex.run(async () => {
      const closed = this.#state.kind === 'closed';
      this.#state = { kind: 'closed' };
      return closed;
    });
    if (wasClosed) return;
    this.#stopObserving();
    await this.#applying;
    this.#rejectAppliedWaiters(new KvError('CLOSED', 'KV tablet closed'));
    await this.#snapshotMutex.run(() => this.#store.close());
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
    // The newest value of a key is the buffer's, else RocksDB's (one multi-get for the rest). The
    // buffer is read first: the applier moves a batch to RocksDB before it leaves the buffer.
    const buffered = distinct.map((entry) => this.#buffer.latest(keyId(entry.key)));
    const unbuffered = distinct.filter((_, index) => buffered[index] === undefined);
    const stored = await this.#guardStorage(() => this.#store.multiGet(unbuffered.map((entry) => entry.key)));
    let next = 0;
    distinct.forEach((entry, index) => {
      const bytes = buffered[index] === undefined ? stored[next++] : buffered[index].value;
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

  /** A merge's final value of each key, as the buffer keeps it. */
  #encodeValues(finalValues: Map<string, { key: Buffer; value: Row | undefined }>): Map<string, KeyChange> {
    const changes = new Map<string, KeyChange>();
    for (const [id, { key, value }] of finalValues) changes.set(id, { key, value: value === undefined ? undefined : this.#values.encode(value) });
    return changes;
  }

  /**
   * Buffers the log's batches after the buffer's end, up to `upTo` (whole batches, so maybe past
   * it), reading at most `maxReads` times; true when it stopped short of `upTo`. Runs under the
   * write mutex (no write appends meanwhile); its reads are exclusive of truncations, and one that
   * a truncation followed before it was buffered is read again.
   */
  async #bufferLogTail(upTo: number, maxReads = Number.POSITIVE_INFINITY): Promise<boolean> {
    for (let reads = 0; this.#buffer.endOffset < Math.min(upTo, this.#log.logEndOffset); reads++) {
      if (reads >= maxReads) return true;
      this.#ensureUsable();
      const truncations = this.#truncations;
      const { batches } = await this.#log.read(this.#buffer.endOffset, TAIL_READ_BYTES, { exclusive: true });
      if (truncations !== this.#truncations) continue;
      if (batches.length === 0) break;
      for (const batch of batches) {
        // Empty batches (a writer's sequence only) change nothing and take no offset.
        if (batch.baseOffset + batch.recordCount <= this.#buffer.endOffset) continue;
        this.#buffer.add(changelogChanges(batch, this.#buffer.endOffset, this.#keys, this.#values));
      }
    }
    return false;
  }

  /** Starts the applier, or tells the one running that the log moved. */
  #kickApplier(): void {
    if (this.#state.kind !== 'open') return;
    if (this.#applying !== undefined) {
      this.#applyAgain = true;
      return;
    }
    this.#applying = this.#applyLoop();
  }

  async #applyLoop(): Promise<void> {
    try {
      for (;;) {
        this.#applyAgain = false;
        const more = await this.#applyCommitted();
        // No await between this check and `finally`: a kick after it starts a new run.
        if (this.#state.kind !== 'open' || (!this.#applyAgain && !more)) break;
      }
    } catch (error) {
      if (this.#state.kind === 'open' || !(isLogError(error, 'CLOSED') || (error instanceof KvError && error.code === 'CLOSED'))) this.#fail(error);
    } finally {
      this.#applying = undefined;
    }
  }

  /**
   * Applies to RocksDB, in one atomic batch, the buffered batches the high watermark has passed,
   * first reading into the buffer what the log has up to it (a bounded amount per round); true
   * when there is more to read.
   */
  async #applyCommitted(): Promise<boolean> {
    const highWatermark = this.#log.highWatermark;
    if (highWatermark <= this.#buffer.startOffset) return false;
    this.#committedSeen = Math.max(this.#committedSeen, highWatermark);
    const more = highWatermark > this.#buffer.endOffset && (await this.#writeMutex.run(() => this.#bufferLogTail(highWatermark, 1)));
    const batches = this.#buffer.committed(highWatermark);
    if (batches.length === 0) return more;
    const end = batches.at(-1)!.endOffset;
    const changes = combinedChanges(batches);
    await this.#guardStorage(() =>
      this.#store.write({
        puts: changes.flatMap((c) => (c.value === undefined ? [] : [[c.key, c.value] as const])),
        deletes: changes.flatMap((c) => (c.value === undefined ? [c.key] : [])),
        appliedOffset: end,
      }),
    );
    this.#buffer.release(end);
    for (const waiter of this.#appliedWaiters) if (waiter.offset <= end) waiter.resolve();
    return more;
  }

  /**
   * The log lost its batches from `offset` on: the buffer drops them. Below what was ever committed
   * (what RocksDB may hold) or leaving a gap before the log's new start, RocksDB cannot follow the
   * log any more: the tablet fails until a reopen rebuilds it from a snapshot and the changelog.
   */
  #onTruncated(offset: number): void {
    this.#truncations++;
    if (this.#state.kind !== 'open') return;
    if (offset < this.#committedSeen) {
      this.#fail(
        new KvError('STORAGE_ERROR', `The changelog was truncated to ${offset}, below its high watermark ${this.#committedSeen} that RocksDB applies from`),
      );
    } else if (this.#log.logStartOffset > this.#buffer.endOffset) {
      this.#fail(
        new KvError('STORAGE_ERROR', `The changelog restarts at ${this.#log.logStartOffset}: the changes from ${this.#buffer.endOffset} on are not in it`),
      );
    } else {
      this.#buffer.truncateTo(offset);
    }
  }

  #fail(error: unknown): void {
    const failure =
      error instanceof KvError
        ? error
        : new KvError('STORAGE_ERROR', `KV tablet failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    if (this.#state.kind === 'open') {
      this.#state = { kind: 'failed', error: failure };
      this.#logger.warn({ err: failure }, 'KV tablet failed; reopen to recover');
    }
    this.#rejectAppliedWaiters(failure);
  }

  #rejectAppliedWaiters(error: unknown): void {
    for (const waiter of this.#appliedWaiters) waiter.reject(error);
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
