import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, SEGMENT_FILE_SUFFIXES, segmentFileName, TIME_INDEX_FILE_SUFFIX } from './file-names.ts';
import { validateAppendInput } from './append-input.ts';
import { BATCH_HEADER_BYTES, batchEndOffset, encodeBatchHeader, NO_WRITER_ID, type BatchHeader } from './batch-format.ts';
import { splitReplicaBatches, type ReplicaBatch } from './follower-batches.ts';
import { lastIndexWhere } from './binary-search.ts';
import { writeRecoveryPoint } from './checkpoint.ts';
import { removeTruncationPlan, writeTruncationPlan, type TruncationPlan } from './truncation-plan.ts';
import { validateLogConfig, type LogConfig } from './config.ts';
import { isLogError, LogError } from './errors.ts';
import { syncDirectory } from './file-io.ts';
import { GroupCommit } from './group-commit.ts';
import { readHighWatermark, writeHighWatermark } from './high-watermark-file.ts';
import { writeLeaderEpochFile } from './leader-epoch-file.ts';
import { LeaderEpochHistory, type EpochEntry } from './leader-epoch-history.ts';
import { loadLog, type LoadedLog } from './loader.ts';
import { Mutex } from '../common/mutex.ts';
import { segmentsEndingBy, segmentsToDelete } from './retention.ts';
import { LogSegment, type ReadBatch, type ReadMode } from './segment.ts';
import type { AppendInput, AppendResult, LogLogger, StoredBatch, Timers } from './types.ts';
import { WriterStateManager, type SequenceCheck } from './writer-state.ts';

export interface ReadResult {
  batches: StoredBatch[];
  highWatermark: number;
  logStartOffset: number;
}

/** A replica fetch's answer: stored batches byte for byte (header + payload), for `appendAsFollower`. */
export interface RawReadResult {
  /** One view per batch into the read buffers, empty batches included; CRC-checked. */
  batches: Uint8Array[];
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
}

export interface FollowerAppendResult {
  /** Batches written (leading empty batches the log already held are skipped). */
  appendedBatches: number;
  logEndOffset: number;
}

/** A closed segment as `closedSegments` describes it. */
export interface ClosedSegment {
  baseOffset: number;
  /** The offset after its last batch. */
  nextOffset: number;
  sizeBytes: number;
  maxTimestampMs: number | null;
}

/** The files of a closed segment, and its batch headers, for a copy to remote storage. */
export interface ClosedSegmentFiles {
  files: { log: string; offsetIndex: string; timeIndex: string };
  headers(): Promise<BatchHeader[]>;
}

export interface RetentionOptions {
  /** No segment holding offsets at or after this is deleted. */
  keepFromOffset?: number;
  /** Delete the oldest segments beyond this many (the active one counts), within `keepFromOffset`. */
  keepSegments?: number;
}

/** What a long poll waits for: consumers for the high watermark, followers for the log end. */
export type WaitTarget = 'highWatermark' | 'logEnd';

type TabletState = { kind: 'open' } | { kind: 'closed' } | { kind: 'failed'; error: unknown };

interface AppendWaiter {
  offset: number;
  until: WaitTarget;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Told of a log's changes as they happen, synchronously (so keep it quick: note the change and
 * schedule work). A KV tablet follows its changelog this way (kv/kv-tablet.ts).
 */
export interface LogObserver {
  /** The log end or the high watermark may have moved (an append, an fsync, `setHighWatermark`). */
  progressed?(): void;
  /**
   * Every batch at `offset` and after is gone (`truncateTo`), or the log was emptied and restarts
   * at `offset` (`truncateFully`). Called under the append lock: before any later append.
   */
  truncated?(offset: number): void;
}

/** How a log is opened, beyond its storage settings. */
export interface LogOpenOptions {
  /**
   * false (default): a single replica; the high watermark is the end of durable data, as before
   * replication. true: the high watermark moves only by `setHighWatermark` (the replication layer
   * sets it from the followers' progress) and is checkpointed in high-watermark-checkpoint.
   */
  replicated?: boolean;
}

const silentLogger: LogLogger = { warn() {}, info() {} };
const EMPTY = new Uint8Array(0);

/**
 * One bucket replica's log: a directory of segments holding record batches at contiguous offsets.
 *
 * Appends run one at a time (a mutex), each written with one positional writev; durable appends
 * then share fsyncs (group commit) outside the mutex, so writing never waits for the disk flush.
 * Reads run concurrently with appends and retention: they only see completed writes, and pin the
 * segments they read so retention can unlink but not close them underneath.
 *
 * Opened as a single replica (the default), the high watermark is the end of durable data (fsynced
 * when `fsync` is on, written otherwise); opened `replicated`, the replication layer sets it. Any file-system error makes the tablet fail-stop (STORAGE_ERROR on every
 * call) until it is reopened, which runs recovery; retrying writes on a file in an unknown state
 * could acknowledge data that is not there. Except a full disk refusing a write: the segment cuts
 * its partial batch off again (an interrupted roll is simply redone), so the state is known, the
 * call fails with NO_SPACE, and the tablet stays open. A failed fsync is still fail-stop, ENOSPC or
 * not: the kernel may have dropped the pages it could not write, and a retried fsync would succeed.
 */
export class LogTablet {
  readonly #dir: string;
  #config: LogConfig;
  /** Timestamps batches, ages segments for retention, and times out long polls. */
  readonly #timers: Timers;
  readonly #logger: LogLogger;
  /** In offset order; the last one is active. Retention removes from the front. */
  readonly #segments: LogSegment[];
  /** Replaced by a rebuild from the remaining batches when the log is truncated. */
  #writerState: WriterStateManager;
  /** Leader epochs of the batches in the log, persisted in the leader-epoch checkpoint file. */
  readonly #epochs: LeaderEpochHistory;
  readonly #appendMutex = new Mutex();
  readonly #groupCommit: GroupCommit;
  readonly #waiters = new Set<AppendWaiter>();
  readonly #observers = new Set<LogObserver>();
  #state: TabletState = { kind: 'open' };
  #replicated: boolean;
  /** Replicated mode only: the offset below which batches are committed (on enough replicas). */
  #highWatermark: number;
  #logEndOffset: number;
  /** Commit timestamps never go below this, so they never decrease even if the clock steps back. */
  #lastTimestampMs: number;

  private constructor(dir: string, config: LogConfig, timers: Timers, logger: LogLogger, loaded: LoadedLog, replicated: boolean, highWatermark: number | null) {
    const { segments, writerState, epochs } = loaded;
    this.#dir = dir;
    this.#config = config;
    this.#timers = timers;
    this.#logger = logger;
    this.#segments = segments;
    this.#writerState = writerState;
    this.#epochs = epochs;
    this.#logEndOffset = this.#active.nextOffset;
    this.#replicated = replicated;
    // A checkpoint from before a torn tail was cut may lie past the log end.
    this.#highWatermark = Math.min(Math.max(highWatermark ?? 0, this.logStartOffset), this.#logEndOffset);
    this.#lastTimestampMs = segments.reduce((max, segment) => Math.max(max, segment.maxTimestampMs ?? 0), 0);
    // The loader made everything it kept durable. An fsync covers every segment with unsynced
    // appends: just the active one when `fsync` is on (a roll syncs the segment it closes), possibly
    // more for an explicit flush when it is off.
    this.#groupCommit = new GroupCommit(this.#logEndOffset, () => {
      const unsynced = this.#segments.filter((segment) => segment.hasUnsyncedAppends);
      return { endOffset: this.#logEndOffset, sync: async () => void (await Promise.all(unsynced.map((segment) => segment.sync()))) };
    });
  }

  /** Opens (creating if needed) the log in `dir`, recovering it after a crash. */
  static async open(dir: string, config: LogConfig, timers: Timers, logger: LogLogger = silentLogger, options: LogOpenOptions = {}): Promise<LogTablet> {
    validateLogConfig(config);
    const replicated = options.replicated ?? false;
    const loaded = await loadLog(dir, config, logger);
    const highWatermark = replicated
      ? await readHighWatermark(dir).catch(async (error: unknown) => {
          await Promise.allSettled(loaded.segments.map((segment) => segment.close()));
          throw error;
        })
      : null;
    return new LogTablet(dir, { ...config }, timers, logger, loaded, replicated, highWatermark);
  }

  get logStartOffset(): number {
    return this.#segments[0]!.baseOffset;
  }

  /**
   * Changes the retention limits of an open log (a table's `table.log.ttl` was altered); the next
   * `enforceRetention` applies them.
   */
  setRetention(retention: Pick<LogConfig, 'retentionMs' | 'retentionBytes'>): void {
    this.#config = { ...this.#config, retentionMs: retention.retentionMs, retentionBytes: retention.retentionBytes };
  }

  get retention(): Pick<LogConfig, 'retentionMs' | 'retentionBytes'> {
    return { retentionMs: this.#config.retentionMs, retentionBytes: this.#config.retentionBytes };
  }

  get logEndOffset(): number {
    return this.#logEndOffset;
  }

  /**
   * The end of what consumers may read. Replicated: set by `setHighWatermark`, starting from its
   * checkpoint. Otherwise the end of durable data (fsynced with `fsync` on, written otherwise).
   */
  get highWatermark(): number {
    return this.#replicated ? this.#highWatermark : this.durableEndOffset;
  }

  get replicated(): boolean {
    return this.#replicated;
  }

  /**
   * Switches a log opened unreplicated into replicated mode (its bucket got a second replica), with
   * the high watermark at what it showed consumers until now: its durable end. Checkpointed from
   * then on like any replicated log's.
   */
  startReplicating(): void {
    this.#ensureUsable();
    if (this.#replicated) return;
    this.#highWatermark = this.durableEndOffset;
    this.#replicated = true;
  }

  /**
   * Replicated mode: moves the high watermark to `offset` (the replication layer's commit point).
   * Never backwards (a lower offset is ignored: answers from followers arrive out of order), never
   * past the log end (RangeError). Wakes the long polls it satisfies. Checkpointed at flush, roll,
   * truncation and close, not on every call: a restart may start a little behind, which is safe.
   */
  setHighWatermark(offset: number): void {
    this.#ensureUsable();
    if (!this.#replicated) throw new TypeError('Cannot set the high watermark of a log not opened as replicated');
    if (!Number.isSafeInteger(offset) || offset > this.#logEndOffset) {
      throw new RangeError(`Cannot set high watermark ${offset}: not an integer in [0, log end ${this.#logEndOffset}]`);
    }
    if (offset <= this.#highWatermark) return;
    this.#highWatermark = offset;
    this.#wakeWaiters();
  }

  /** Starts telling `observer` of this log's changes (LogObserver); returns what stops it. */
  observe(observer: LogObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /**
   * The end of data on disk: fsynced when `fsync` is on, written otherwise. A replicated leader's
   * own share of the high watermark (what a power loss of the leader cannot take back).
   */
  get durableEndOffset(): number {
    return this.#config.fsync ? this.#groupCommit.durableOffset : this.#logEndOffset;
  }

  /** The leader epoch of the newest batch; null while the log holds no batch. */
  get latestEpoch(): number | null {
    return this.#epochs.latestEpoch;
  }

  /** Every leader epoch in the log with the base offset of its first batch, oldest first. */
  get epochHistory(): readonly EpochEntry[] {
    return this.#epochs.entries.map((entry) => ({ ...entry }));
  }

  /**
   * Kafka's OffsetForLeaderEpoch, answered by a leader for a follower about to fetch: the largest
   * epoch <= `epoch` in this log and its end offset (the start of the next higher epoch, or the
   * log end for the latest). Full rules at LeaderEpochHistory.endOffsetFor.
   */
  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number } {
    this.#ensureUsable();
    if (!Number.isInteger(epoch)) throw new RangeError(`Cannot look up epoch ${epoch}: not an integer`);
    return this.#epochs.endOffsetFor(epoch, this.#logEndOffset);
  }

  /**
   * Appends one batch at the log end; with `durable`, resolves only once it is on disk. A retry of
   * a writer's recent (writerId, batchSequence) returns the original result with `duplicate: true`.
   * `leaderEpoch` (default 0) is the epoch of the leader appending, stored in the batch header.
   * With `atOffset`, appends only if the log still ends there (END_MOVED otherwise, nothing written):
   * for a caller that built the batch from the log's state at that end (a primary-key merge).
   */
  async append(input: AppendInput, options: { durable: boolean; leaderEpoch?: number; atOffset?: number }): Promise<AppendResult> {
    this.#ensureUsable();
    validateAppendInput(input);
    const leaderEpoch = options.leaderEpoch ?? 0;
    if (!Number.isInteger(leaderEpoch) || leaderEpoch < 0 || leaderEpoch > 0x7fff_ffff)
      throw new RangeError(`Cannot append: leader epoch ${leaderEpoch} not in [0, 2^31)`);
    const result = await this.#appendMutex.run(() => this.#guardIo(() => this.#appendLocked(input, leaderEpoch, options.atOffset)));
    if (options.durable && this.#config.fsync) {
      const sync = result.recordCount === 0 ? () => this.#groupCommit.syncWritten() : () => this.#groupCommit.syncTo(batchEndOffset(result));
      await this.#guardIo(sync);
      this.#wakeWaiters(); // the high watermark moved
    }
    return result;
  }

  /**
   * What an append of this (writerId, batchSequence) would do, without appending: for a caller that
   * must know before it builds the batch (a primary-key write merges only what is not a retry).
   */
  checkSequence(writerId: number, batchSequence: number): SequenceCheck {
    this.#ensureUsable();
    return this.#writerState.check(writerId, batchSequence);
  }

  /**
   * Reads whole batches from the one holding `fromOffset`, up to `maxBytes` of batch bytes but always
   * at least one batch when one is available (unless `atLeastOneBatch` is false: then nothing past
   * `maxBytes`). Empty at the log end; OFFSET_OUT_OF_RANGE outside [logStartOffset, logEndOffset];
   * CORRUPT_RECORD if the first batch fails its checks. Batches may reach past the high watermark
   * (up to the log end): a fetch serving consumers stops there. `exclusive` holds appends and
   * truncations off while it reads, so the batches are the log's at one moment and no truncation
   * overlaps the read (for a KV tablet following its changelog).
   */
  async read(fromOffset: number, maxBytes: number, options: { atLeastOneBatch?: boolean; exclusive?: boolean } = {}): Promise<ReadResult> {
    this.#ensureUsable();
    if (!Number.isSafeInteger(fromOffset)) throw new RangeError(`Cannot read: offset ${fromOffset} is not an integer`);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`Cannot read: maxBytes ${maxBytes} is not a non-negative integer`);
    const atLeastOneBatch = options.atLeastOneBatch ?? true;
    if (!options.exclusive) return this.#readRecords(fromOffset, maxBytes, atLeastOneBatch);
    return this.#appendMutex.run(() => {
      this.#ensureUsable();
      return this.#readRecords(fromOffset, maxBytes, atLeastOneBatch);
    });
  }

  async #readRecords(fromOffset: number, maxBytes: number, atLeastOneBatch: boolean): Promise<ReadResult> {
    const logStartOffset = this.logStartOffset;
    if (fromOffset < logStartOffset || fromOffset > this.#logEndOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Cannot read offset ${fromOffset}: log holds [${logStartOffset}, ${this.#logEndOffset}]`);
    }
    const nothingToRead = fromOffset === this.#logEndOffset || (maxBytes === 0 && !atLeastOneBatch);
    const read = nothingToRead ? [] : await this.#guardIo(() => this.#readBatches(fromOffset, maxBytes, atLeastOneBatch, 'records'));
    const batches = read.map(({ baseOffset, recordCount, commitTimestampMs, schemaId, payload }) => ({
      baseOffset,
      recordCount,
      commitTimestampMs,
      schemaId,
      payload,
    }));
    return { batches, highWatermark: this.highWatermark, logStartOffset };
  }

  /**
   * Reads stored batches as they are on disk, for a follower's fetch: whole batches from the first
   * one holding `fromOffset` or starting at it (so empty batches at `fromOffset` are included: they
   * carry writer sequences the follower needs), within `maxBytes` but at least one batch, and only
   * batches ending at or before `upToOffset` (default: the log end). The caller waits for the log
   * end to pass its offset (`waitForAppend(..., { until: 'logEnd' })`), so empty batches at the
   * end, which a follower may already hold, are sent again at most once per wait.
   */
  async readRaw(fromOffset: number, maxBytes: number, upToOffset: number = this.#logEndOffset): Promise<RawReadResult> {
    this.#ensureUsable();
    if (!Number.isSafeInteger(fromOffset)) throw new RangeError(`Cannot read: offset ${fromOffset} is not an integer`);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`Cannot read: maxBytes ${maxBytes} is not a non-negative integer`);
    if (!Number.isSafeInteger(upToOffset)) throw new RangeError(`Cannot read: upToOffset ${upToOffset} is not an integer`);
    const logStartOffset = this.logStartOffset;
    const logEndOffset = this.#logEndOffset;
    if (fromOffset < logStartOffset || fromOffset > logEndOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Cannot read offset ${fromOffset}: log holds [${logStartOffset}, ${logEndOffset}]`);
    }
    const read = await this.#guardIo(() => this.#readBatches(fromOffset, maxBytes, true, 'raw'));
    const batches = read.filter((batch) => batchEndOffset(batch) <= upToOffset).map((batch) => batch.raw);
    return { batches, highWatermark: this.highWatermark, logStartOffset, logEndOffset };
  }

  /**
   * A follower's append: stored batches from the leader (chunks of whole batches, as `readRaw`
   * returns them), written byte for byte, so base offsets, commit timestamps, leader epochs, writer
   * ids and sequences stay the leader's. The first batch must start at the log end
   * (OFFSET_OUT_OF_RANGE otherwise; a leading empty batch this log already holds is skipped), each
   * must continue the previous one, pass its CRC (CORRUPT_RECORD) and not go back in leader epoch
   * (INVALID_RECORD). Writer state and epoch history follow; with `durable`, resolves once on disk
   * (the leader's group commit). Nothing is written unless every batch passes.
   */
  async appendAsFollower(chunks: readonly Uint8Array[], options: { durable: boolean }): Promise<FollowerAppendResult> {
    this.#ensureUsable();
    const batches = splitReplicaBatches(chunks);
    const result = await this.#appendMutex.run(() => this.#guardIo(() => this.#appendAsFollowerLocked(batches)));
    if (options.durable && this.#config.fsync && result.appendedBatches > 0) {
      await this.#guardIo(() => this.#groupCommit.syncWritten());
      this.#wakeWaiters();
    }
    return result;
  }

  /** Base offset of the first batch committed at or after `timestampMs`; the log end if there is none. */
  async offsetForTimestamp(timestampMs: number): Promise<number> {
    this.#ensureUsable();
    if (!Number.isSafeInteger(timestampMs)) throw new RangeError(`Cannot look up timestamp: ${timestampMs} is not an integer`);
    return this.#guardIo(async () => {
      for (const segment of this.#segments.slice()) {
        const maxTimestampMs = segment.maxTimestampMs;
        if (segment.isDeleted || maxTimestampMs === null || maxTimestampMs < timestampMs) continue;
        const found = await this.#withPin(segment, () => segment.offsetForTimestamp(timestampMs));
        if (found !== null) return found;
      }
      return this.#logEndOffset;
    });
  }

  /**
   * Resolves once the high watermark passes `offset` (a durable batch at `offset` can be served) or after `timeoutMs`,
   * whichever is first; rejects when `signal` aborts or the tablet closes. For long-poll fetches.
   * With `until: 'logEnd'`, waits for the log end instead (a follower's fetch from its leader).
   */
  async waitForAppend(offset: number, timeoutMs: number, signal?: AbortSignal, options: { until?: WaitTarget } = {}): Promise<void> {
    this.#ensureUsable();
    if (!(timeoutMs >= 0)) throw new RangeError(`Cannot wait for append: timeout ${timeoutMs} ms is not >= 0`);
    const until = options.until ?? 'highWatermark';
    if (this.#reached(until) > offset) return;
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        cancelTimeout();
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        outcome();
      };
      const waiter: AppendWaiter = {
        offset,
        until,
        resolve: () => settle(resolve),
        reject: (error: unknown) => settle(() => reject(error)),
      };
      const onAbort = (): void => waiter.reject(signal?.reason);
      const cancelTimeout = this.#timers.schedule(() => waiter.resolve(), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /**
   * The closed segments (every one but the active segment), oldest first: what may be copied to
   * remote storage. Closed segments change no more, except by a follower's truncation.
   */
  closedSegments(): ClosedSegment[] {
    this.#ensureUsable();
    return this.#segments
      .slice(0, -1)
      .flatMap((segment) =>
        segment.isDeleted
          ? []
          : [{ baseOffset: segment.baseOffset, nextOffset: segment.nextOffset, sizeBytes: segment.sizeBytes, maxTimestampMs: segment.maxTimestampMs }],
      );
  }

  /**
   * Runs `work` on the files of the closed segment at `baseOffset`, kept from being closed
   * meanwhile (pinned); undefined when the log holds no such closed segment (retention or a
   * truncation removed it). `headers` replays the segment's batch headers in order.
   */
  async withClosedSegment<T>(baseOffset: number, work: (segment: ClosedSegmentFiles) => Promise<T>): Promise<T | undefined> {
    this.#ensureUsable();
    const index = this.#segments.findIndex((segment) => segment.baseOffset === baseOffset);
    const segment = this.#segments[index];
    if (segment === undefined || index === this.#segments.length - 1 || segment.isDeleted) return undefined;
    const files = Object.fromEntries(SEGMENT_FILE_SUFFIXES.map((suffix) => [suffix, join(this.#dir, segmentFileName(baseOffset, suffix))]));
    return this.#withPin(segment, () =>
      work({
        files: { log: files[LOG_FILE_SUFFIX]!, offsetIndex: files[OFFSET_INDEX_FILE_SUFFIX]!, timeIndex: files[TIME_INDEX_FILE_SUFFIX]! },
        headers: async () => {
          const headers: BatchHeader[] = [];
          await segment.replayHeaders((header) => headers.push(header));
          return headers;
        },
      }),
    );
  }

  /**
   * Deletes the oldest closed segments past `retentionMs` (by their newest batch) or beyond
   * `retentionBytes` in total, or beyond the newest `keepSegments`. Never the active segment, nor
   * one holding offsets at or after `keepFromOffset` (what a KV tablet's recovery still replays,
   * what is not in remote storage yet).
   */
  async enforceRetention(options: RetentionOptions = {}): Promise<{ deletedSegments: number }> {
    this.#ensureUsable();
    return this.#appendMutex.run(() =>
      this.#guardIo(async () => {
        this.#ensureUsable();
        const byTimeOrSize = segmentsToDelete(this.#segments, this.#config, this.#timers.now());
        // Like the policies, never the active segment.
        const byCount = options.keepSegments === undefined ? 0 : Math.max(0, Math.min(this.#segments.length - 1, this.#segments.length - options.keepSegments));
        const byPolicy = Math.max(byTimeOrSize, byCount);
        // Uncommitted batches stay: a replicated log never deletes past its high watermark.
        const keepFrom = Math.min(options.keepFromOffset ?? Number.MAX_SAFE_INTEGER, this.#replicated ? this.#highWatermark : Number.MAX_SAFE_INTEGER);
        const count = Math.min(byPolicy, segmentsEndingBy(this.#segments, keepFrom));
        if (count === 0) return { deletedSegments: 0 };
        const deleted = this.#segments.splice(0, count);
        this.#writerState.removeBefore(this.logStartOffset);
        for (const segment of deleted) await segment.delete();
        // Only the active segment can be without batches, and then no batch is left at all.
        this.#epochs.truncateFromStart(this.logStartOffset, this.#segments[0]!.firstLeaderEpoch);
        await this.#writeEpochFile();
        this.#logger.info({ dir: this.#dir, deletedSegments: count, logStartOffset: this.logStartOffset }, 'Deleted segments by retention');
        return { deletedSegments: count };
      }),
    );
  }

  /**
   * Drops every batch whose base offset is `offset` or later (empty batches at `offset` included),
   * for a follower whose log diverged from its leader's (the offset comes from endOffsetForEpoch).
   * `offset` must lie in [logStartOffset, logEndOffset] and not inside a batch (OFFSET_OUT_OF_RANGE
   * otherwise, naming the batch). Later segments are deleted, the one holding the offset is cut,
   * and the indexes, writer state, epoch history, high watermark and checkpoints follow. Costs a
   * header scan of the whole log (the writer state is rebuilt from what remains).
   *
   * Crash-safe (truncation-plan.ts): everything is synced first, the recovery checkpoint moves down
   * to at most `offset`, then a plan is written; recovery finishes a truncation the plan names.
   */
  async truncateTo(offset: number): Promise<void> {
    this.#ensureUsable();
    if (!Number.isSafeInteger(offset)) throw new RangeError(`Cannot truncate to offset ${offset}: not an integer`);
    await this.#appendMutex.run(() =>
      this.#guardIo(async () => {
        this.#ensureUsable();
        if (offset < this.logStartOffset || offset > this.#logEndOffset) {
          throw new LogError('OFFSET_OUT_OF_RANGE', `Cannot truncate to offset ${offset}: log holds [${this.logStartOffset}, ${this.#logEndOffset}]`);
        }
        const holding = lastIndexWhere(this.#segments.length, (i) => this.#segments[i]!.baseOffset <= offset);
        const segment = this.#segments[holding]!;
        await this.#withPin(segment, () => segment.cutPosition(offset)); // refuses a cut inside a batch before anything changes
        await this.#startTruncation({ kind: 'to', offset });
        for (const later of this.#segments.splice(holding + 1).reverse()) await later.delete();
        await segment.truncateTo(offset);
        if (this.#config.fsync) await segment.sync();
        await segment.persistIndexes({ fsync: this.#config.fsync, onlyIfStale: false });
        this.#logEndOffset = offset;
        this.#highWatermark = Math.min(this.#highWatermark, offset);
        this.#groupCommit.truncateTo(offset);
        this.#writerState = await this.#replayWriterState();
        this.#epochs.truncateFromEnd(offset);
        this.#tellTruncated(offset);
        await this.#finishTruncation();
        this.#logger.info({ dir: this.#dir, offset }, 'Truncated log');
      }),
    );
  }

  /**
   * Empties the log and restarts it at `newStartOffset` (which may lie anywhere, even past the log
   * end): for a follower so far behind that its leader no longer holds its log end. Crash-safe like
   * truncateTo.
   */
  async truncateFully(newStartOffset: number): Promise<void> {
    this.#ensureUsable();
    if (!Number.isSafeInteger(newStartOffset) || newStartOffset < 0) throw new RangeError(`Cannot restart the log at offset ${newStartOffset}`);
    await this.#appendMutex.run(() =>
      this.#guardIo(async () => {
        this.#ensureUsable();
        await this.#startTruncation({ kind: 'fully', offset: newStartOffset });
        for (const segment of this.#segments.splice(0).reverse()) await segment.delete();
        this.#segments.push(await LogSegment.create(this.#dir, newStartOffset, { indexIntervalBytes: this.#config.indexIntervalBytes }));
        this.#logEndOffset = newStartOffset;
        this.#highWatermark = newStartOffset;
        this.#groupCommit.truncateTo(0);
        this.#groupCommit.markDurable(newStartOffset);
        this.#writerState = new WriterStateManager();
        this.#epochs.clear();
        this.#tellTruncated(newStartOffset);
        await this.#finishTruncation();
        this.#logger.info({ dir: this.#dir, newStartOffset }, 'Emptied log');
      }),
    );
  }

  /** Steps before the first cut: sync what is written, lower the recovery checkpoint, write the plan. */
  async #startTruncation(plan: TruncationPlan): Promise<void> {
    const fsync = this.#config.fsync;
    if (fsync) await this.#groupCommit.syncTo(this.#logEndOffset);
    await writeRecoveryPoint(this.#dir, Math.min(this.durableEndOffset, plan.offset), { fsync });
    await writeTruncationPlan(this.#dir, plan, { fsync });
  }

  /** Steps after the last cut: the epoch file, the recovery checkpoint, then the plan goes. */
  async #finishTruncation(): Promise<void> {
    const fsync = this.#config.fsync;
    if (fsync) await syncDirectory(this.#dir);
    await this.#writeEpochFile();
    await this.#writeCheckpoint();
    await removeTruncationPlan(this.#dir, { fsync });
  }

  /** The writer state of the batches in the log, from their headers. */
  async #replayWriterState(): Promise<WriterStateManager> {
    const writerState = new WriterStateManager();
    for (const segment of this.#segments) {
      await segment.replayHeaders((header) => writerState.replay(header));
    }
    return writerState;
  }

  /** fsyncs everything appended so far (whatever the `fsync` setting) and advances the recovery checkpoint. */
  async flush(): Promise<void> {
    this.#ensureUsable();
    await this.#guardIo(async () => {
      await this.#groupCommit.syncTo(this.#logEndOffset);
      await this.#appendMutex.run(async () => {
        this.#ensureUsable();
        await this.#writeCheckpoint();
      });
    });
  }

  /** Flushes, persists the active segment's indexes and checkpoints the end, then closes the files. */
  async close(): Promise<void> {
    await this.#appendMutex.run(async () => {
      if (this.#state.kind === 'closed') return;
      const wasOpen = this.#state.kind === 'open';
      this.#state = { kind: 'closed' };
      this.#rejectWaiters(new LogError('CLOSED', 'Log closed'));
      try {
        if (wasOpen) {
          await this.#groupCommit.syncTo(this.#logEndOffset);
          await this.#active.persistIndexes({ fsync: this.#config.fsync, onlyIfStale: false });
          await this.#writeCheckpoint();
        }
      } catch (error) {
        throw new LogError('STORAGE_ERROR', `Cannot close log cleanly in ${this.#dir}`, { cause: error });
      } finally {
        await Promise.allSettled(this.#segments.map((segment) => segment.close()));
      }
    });
  }

  /** Closes the tablet (without flushing) and removes its directory. */
  async deleteAll(): Promise<void> {
    await this.#appendMutex.run(async () => {
      this.#state = { kind: 'closed' };
      this.#rejectWaiters(new LogError('CLOSED', 'Log deleted'));
      await Promise.allSettled(this.#segments.map((segment) => segment.close()));
      await rm(this.#dir, { recursive: true, force: true });
    });
  }

  get #active(): LogSegment {
    return this.#segments[this.#segments.length - 1]!;
  }

  async #appendLocked(input: AppendInput, leaderEpoch: number, atOffset: number | undefined): Promise<AppendResult> {
    this.#ensureUsable();
    if (atOffset !== undefined && atOffset !== this.#logEndOffset) {
      throw new LogError('END_MOVED', `Cannot append at offset ${atOffset}: the log ends at ${this.#logEndOffset} (truncated or appended to meanwhile)`);
    }
    const hasWriter = input.writerId !== NO_WRITER_ID;
    if (hasWriter) {
      const check = this.#writerState.check(input.writerId, input.batchSequence);
      if (check.kind === 'duplicate') {
        const { baseOffset, recordCount, commitTimestampMs } = check.batch;
        return { baseOffset, recordCount, commitTimestampMs, duplicate: true };
      }
      if (check.kind === 'out_of_order') {
        throw new LogError(
          'OUT_OF_ORDER_SEQUENCE',
          `Cannot append batch of writer ${input.writerId}: sequence ${input.batchSequence}, expected ${check.expectedSequence}`,
        );
      }
    }
    await this.#prepareEpoch(leaderEpoch);
    const commitTimestampMs = Math.max(Math.trunc(this.#timers.now()), this.#lastTimestampMs);
    const batchLength = BATCH_HEADER_BYTES + input.payload.byteLength;
    await this.#maybeRoll(commitTimestampMs, batchLength);
    const batch = {
      baseOffset: this.#logEndOffset,
      attributes: 0,
      recordCount: input.recordCount,
      commitTimestampMs,
      schemaId: input.schemaId,
      writerId: input.writerId,
      batchSequence: hasWriter ? input.batchSequence : -1,
      leaderEpoch,
    };
    const header = encodeBatchHeader(batch, input.payload);
    await this.#active.append(header, input.payload, { ...batch, batchLength });
    this.#epochs.assign(leaderEpoch, batch.baseOffset);
    if (hasWriter) {
      this.#writerState.record(input.writerId, {
        batchSequence: input.batchSequence,
        baseOffset: batch.baseOffset,
        recordCount: batch.recordCount,
        commitTimestampMs,
      });
    }
    this.#lastTimestampMs = commitTimestampMs;
    this.#logEndOffset = batchEndOffset(batch);
    this.#wakeWaiters();
    return { baseOffset: batch.baseOffset, recordCount: batch.recordCount, commitTimestampMs, duplicate: false };
  }

  /**
   * Refuses a batch of an epoch older than the log's latest (a deposed leader); for a new epoch,
   * writes the epoch file with it before the batch goes in (a crash in between leaves an entry
   * without batches, which open removes).
   */
  async #prepareEpoch(leaderEpoch: number): Promise<void> {
    const outcome = this.#epochs.wouldAssign(leaderEpoch);
    if (outcome === 'stale') {
      throw new LogError('INVALID_RECORD', `Cannot append batch of leader epoch ${leaderEpoch}: the log is at epoch ${this.#epochs.latestEpoch}`);
    }
    if (outcome === 'unchanged') return;
    const next = new LeaderEpochHistory(this.#epochs.entries);
    next.assign(leaderEpoch, this.#logEndOffset);
    await writeLeaderEpochFile(this.#dir, next.entries, { fsync: this.#config.fsync });
  }

  async #writeEpochFile(): Promise<void> {
    await writeLeaderEpochFile(this.#dir, this.#epochs.entries, { fsync: this.#config.fsync });
  }

  async #appendAsFollowerLocked(received: ReplicaBatch[]): Promise<FollowerAppendResult> {
    this.#ensureUsable();
    let skip = 0;
    while (skip < received.length && this.#holdsEmptyBatch(received[skip]!.header)) skip++;
    const batches = received.slice(skip);
    const first = batches[0]?.header;
    if (first === undefined) return { appendedBatches: 0, logEndOffset: this.#logEndOffset };
    if (first.baseOffset !== this.#logEndOffset) {
      throw new LogError('OFFSET_OUT_OF_RANGE', `Cannot append as follower: first batch at offset ${first.baseOffset}, log ends at ${this.#logEndOffset}`);
    }
    if (this.#epochs.wouldAssign(first.leaderEpoch) === 'stale') {
      throw new LogError(
        'INVALID_RECORD',
        `Cannot append as follower: batch of leader epoch ${first.leaderEpoch}, the log is at epoch ${this.#epochs.latestEpoch}`,
      );
    }
    for (const { header, raw } of batches) {
      await this.#prepareEpoch(header.leaderEpoch);
      await this.#maybeRoll(header.commitTimestampMs, header.batchLength);
      await this.#active.append(raw, EMPTY, header);
      this.#epochs.assign(header.leaderEpoch, header.baseOffset);
      this.#writerState.replay(header);
      this.#lastTimestampMs = Math.max(this.#lastTimestampMs, header.commitTimestampMs);
      this.#logEndOffset = batchEndOffset(header);
    }
    this.#wakeWaiters();
    return { appendedBatches: batches.length, logEndOffset: this.#logEndOffset };
  }

  /** Whether `header` is an empty batch at the log end that this log already holds (a resent one). */
  #holdsEmptyBatch(header: BatchHeader): boolean {
    if (header.recordCount !== 0 || header.baseOffset !== this.#logEndOffset || header.writerId === NO_WRITER_ID) return false;
    const check = this.#writerState.check(header.writerId, header.batchSequence);
    return check.kind === 'duplicate' && check.batch.baseOffset === header.baseOffset && check.batch.recordCount === 0;
  }

  async #maybeRoll(nowMs: number, batchLength: number): Promise<void> {
    const active = this.#active;
    if (active.holdsNoRecords) return;
    const full = active.sizeBytes + batchLength > this.#config.segmentBytes;
    const aged = nowMs - (active.firstTimestampMs ?? nowMs) >= this.#config.segmentMs;
    const offsetsExhausted = !active.canHoldOffset(this.#logEndOffset);
    if (!full && !aged && !offsetsExhausted) return;
    const fsync = this.#config.fsync;
    // The closed segment becomes immutable and durable: the recovery checkpoint can move past it.
    if (fsync) await active.sync();
    await active.persistIndexes({ fsync, onlyIfStale: false });
    const next = await LogSegment.create(this.#dir, this.#logEndOffset, { indexIntervalBytes: this.#config.indexIntervalBytes });
    this.#segments.push(next);
    if (fsync) {
      await syncDirectory(this.#dir);
      this.#groupCommit.markDurable(active.nextOffset);
    }
    await this.#writeCheckpoint();
    this.#logger.info({ dir: this.#dir, baseOffset: next.baseOffset, full, aged, offsetsExhausted }, 'Rolled log segment');
  }

  async #readBatches(fromOffset: number, maxBytes: number, atLeastOneBatch: boolean, mode: ReadMode): Promise<ReadBatch[]> {
    const batches: ReadBatch[] = [];
    // "At least one batch" means one with records: a raw read passes over empty batches to reach it.
    const hasRecords = (): boolean => batches.some((batch) => batch.recordCount > 0);
    let offset = fromOffset;
    let budgetBytes = maxBytes;
    for (;;) {
      const segment = this.#segmentHolding(offset);
      // After the first segment, continue only at an exact boundary into a live segment.
      if (segment === undefined || segment.isDeleted || (batches.length > 0 && segment.baseOffset !== offset)) break;
      const part = await this.#withPin(segment, () => segment.read(offset, budgetBytes, atLeastOneBatch && !hasRecords(), mode)).catch((error: unknown) => {
        // A corrupt batch after some good ones ends this read; the next read, starting there, fails.
        if (batches.length > 0 && isLogError(error, 'CORRUPT_RECORD')) return null;
        throw error;
      });
      if (part === null) {
        // Nothing at the log end is no error (a raw read there finds empty batches or nothing).
        if (batches.length === 0 && offset < this.#logEndOffset)
          throw new LogError('CORRUPT_RECORD', `Cannot read offset ${offset}: no batch holds it in segment ${segment.baseOffset}`);
        break;
      }
      batches.push(...part.batches);
      budgetBytes -= part.bytes;
      offset = part.endOffset;
      if (part.batches.length === 0 || part.corruption !== null || (budgetBytes <= 0 && hasRecords())) break;
    }
    return batches;
  }

  /** The segment whose range would hold `offset`: the last one starting at or before it. */
  #segmentHolding(offset: number): LogSegment | undefined {
    const index = lastIndexWhere(this.#segments.length, (i) => this.#segments[i]!.baseOffset <= offset);
    return index < 0 ? undefined : this.#segments[index];
  }

  async #withPin<T>(segment: LogSegment, work: () => Promise<T>): Promise<T> {
    segment.pin();
    try {
      return await work();
    } finally {
      await segment.unpin();
    }
  }

  /**
   * The recovery checkpoint, and a replicated log's high watermark. Call under the append mutex: at
   * that point every completed write is below the durable end.
   */
  async #writeCheckpoint(): Promise<void> {
    await writeRecoveryPoint(this.#dir, this.durableEndOffset, { fsync: this.#config.fsync });
    if (this.#replicated) await writeHighWatermark(this.#dir, this.#highWatermark, { fsync: this.#config.fsync });
  }

  /** After anything that may move the log end or the high watermark: long polls and observers. */
  #wakeWaiters(): void {
    for (const waiter of this.#waiters) {
      if (this.#reached(waiter.until) > waiter.offset) waiter.resolve();
    }
    for (const observer of this.#observers) observer.progressed?.();
  }

  #tellTruncated(offset: number): void {
    for (const observer of this.#observers) observer.truncated?.(offset);
  }

  #reached(target: WaitTarget): number {
    return target === 'logEnd' ? this.#logEndOffset : this.highWatermark;
  }

  #rejectWaiters(error: LogError): void {
    for (const waiter of this.#waiters) waiter.reject(error);
  }

  #ensureUsable(): void {
    if (this.#state.kind === 'closed') throw new LogError('CLOSED', `Log in ${this.#dir} is closed`);
    if (this.#state.kind === 'failed') {
      throw new LogError('STORAGE_ERROR', `Log in ${this.#dir} failed and must be reopened: ${errorText(this.#state.error)}`, { cause: this.#state.error });
    }
  }

  /** Runs file-system work; an unexpected error fails the tablet (fail-stop) and becomes STORAGE_ERROR. */
  async #guardIo<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof LogError) throw error;
      this.#ensureUsable(); // closed meanwhile: report CLOSED, not a storage failure
      this.#state = { kind: 'failed', error };
      this.#logger.warn({ dir: this.#dir, err: error }, 'Log failed on a file-system error; reopen to recover');
      const failure = new LogError('STORAGE_ERROR', `Log in ${this.#dir} failed: ${errorText(error)}`, { cause: error });
      this.#rejectWaiters(failure);
      throw failure;
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
