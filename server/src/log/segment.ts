import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { batchEndOffset, decodeBatch, type BatchHeader } from './batch-format.ts';
import { BatchScanner, type ScanStep } from './batch-scanner.ts';
import { LogError } from './errors.ts';
import { isNotFound, noSpaceAsLogError, readFully, writeFileAtomic, writeFully } from './file-io.ts';
import {
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  SEGMENT_FILE_SUFFIXES,
  segmentFileName,
  TIME_INDEX_FILE_SUFFIX,
  type SegmentFileSuffix,
} from './file-names.ts';
import { OffsetIndex, RELATIVE_OFFSET_MAX } from './offset-index.ts';
import { TimeIndex, type TimestampOffset } from './time-index.ts';
import type { StoredBatch } from './types.ts';

export interface SegmentOptions {
  indexIntervalBytes: number;
}

/** How `LogSegment.load` validates an existing file. */
export interface SegmentLoadOptions extends SegmentOptions {
  /** Whether to read the batch's payload and check its CRC (costly; the loader asks for the tail). */
  verifyCrc(header: BatchHeader, isLastInFile: boolean): boolean;
  /** Called for each valid batch in order (the loader rebuilds writer state from these). */
  onBatch(header: BatchHeader): void;
}

/** Where and why a loaded segment stops being valid. */
export interface InvalidTail {
  position: number;
  offset: number;
  reason: string;
}

/** A CRC-checked batch as read: what consumers get, plus its whole header and a view of all its bytes. */
export interface ReadBatch extends StoredBatch {
  header: BatchHeader;
  raw: Uint8Array;
}

/**
 * What a read returns. 'records': batches with records, from the one holding the offset (what
 * consumers see). 'raw': every batch, empty ones included, from the first one holding the offset
 * or starting at it (what a follower copies: empty batches carry writer sequences too).
 */
export type ReadMode = 'records' | 'raw';

export interface SegmentRead {
  batches: ReadBatch[];
  /** Bytes of the returned batches. */
  bytes: number;
  /** The offset after the last returned batch. */
  endOffset: number;
  /** Set when a corrupt batch stopped the read after some valid batches. */
  corruption: string | null;
}

/** The fields of a batch a segment keeps track of. */
type BatchExtent = Pick<BatchHeader, 'baseOffset' | 'recordCount' | 'commitTimestampMs' | 'batchLength' | 'leaderEpoch'>;

/**
 * One segment of a bucket's log: `<baseOffset>.log` holding batches back to back, with a sparse
 * offset index and time index kept in memory and persisted beside it. Appends go to the end of the
 * file with positional writes; reads find a start position in the index, then scan headers.
 *
 * Not safe for concurrent appends (the tablet serializes them). Reads may run alongside an append:
 * they only look at bytes below `sizeBytes`, which moves after the write completes.
 */
export class LogSegment {
  readonly baseOffset: number;
  readonly #dir: string;
  readonly #file: FileHandle;
  readonly #indexIntervalBytes: number;
  #offsetIndex: OffsetIndex;
  #timeIndex: TimeIndex;
  #sizeBytes = 0;
  #nextOffset: number;
  #firstTimestampMs: number | null = null;
  /** Leader epoch of the first batch: where the epoch history starts once retention deleted the segments before. */
  #firstLeaderEpoch: number | null = null;
  /** The newest batch: its commit timestamp is the segment's max (timestamps never decrease). */
  #newest: TimestampOffset | null = null;
  #bytesSinceIndexEntry = 0;
  /** End of the last batch accounted by `#track`; below `sizeBytes` only after a failed load. */
  #validBytes = 0;
  /** Appends so far, and how many of them the last completed fsync covered. */
  #appendCount = 0;
  #syncedAppendCount = 0;
  #pins = 0;
  #deleted = false;
  #fileClosed = false;

  private constructor(dir: string, baseOffset: number, file: FileHandle, options: SegmentOptions) {
    this.#dir = dir;
    this.baseOffset = baseOffset;
    this.#file = file;
    this.#indexIntervalBytes = options.indexIntervalBytes;
    this.#offsetIndex = new OffsetIndex(baseOffset);
    this.#timeIndex = new TimeIndex(baseOffset);
    this.#nextOffset = baseOffset;
  }

  /** Creates a new, empty segment; fails if its log file already exists. */
  static async create(dir: string, baseOffset: number, options: SegmentOptions): Promise<LogSegment> {
    const path = join(dir, segmentFileName(baseOffset, LOG_FILE_SUFFIX));
    const file = await open(path, 'wx+').catch((error: unknown) => Promise.reject(noSpaceAsLogError(path, error)));
    return new LogSegment(dir, baseOffset, file, options);
  }

  /**
   * Opens an existing segment and rebuilds its indexes by scanning its batch headers. Stops at the
   * first invalid batch and reports it; the caller decides between `truncateInvalidTail` (an
   * unflushed tail) and keeping the file so that reads of the bad batch fail.
   */
  static async load(dir: string, baseOffset: number, options: SegmentLoadOptions): Promise<{ segment: LogSegment; invalid: InvalidTail | null }> {
    const file = await open(join(dir, segmentFileName(baseOffset, LOG_FILE_SUFFIX)), 'r+');
    const segment = new LogSegment(dir, baseOffset, file, options);
    try {
      segment.#sizeBytes = (await file.stat()).size;
      const invalid = await segment.#scanAll(options);
      return { segment, invalid };
    } catch (error) {
      await segment.close();
      throw error;
    }
  }

  get isDeleted(): boolean {
    return this.#deleted;
  }
  get sizeBytes(): number {
    return this.#sizeBytes;
  }
  get nextOffset(): number {
    return this.#nextOffset;
  }
  get isEmpty(): boolean {
    return this.#sizeBytes === 0;
  }
  /** No record yet (at most empty batches): a segment rolled now would share this one's base offset. */
  get holdsNoRecords(): boolean {
    return this.#nextOffset === this.baseOffset;
  }
  /** Commit timestamp of the first batch; the segment's age for time-based rolling. */
  get firstTimestampMs(): number | null {
    return this.#firstTimestampMs;
  }
  get firstLeaderEpoch(): number | null {
    return this.#firstLeaderEpoch;
  }
  get maxTimestampMs(): number | null {
    return this.#newest?.timestampMs ?? null;
  }

  /** Whether a batch starting at `offset` can still be indexed here (relative offsets are 32-bit). */
  canHoldOffset(offset: number): boolean {
    return offset - this.baseOffset <= RELATIVE_OFFSET_MAX;
  }

  /**
   * Appends one encoded batch: header and payload in one writev, no copy. A failed write is cut off
   * again, so the segment is as before (and NO_SPACE tells a full disk); only a failure of that cut
   * throws the raw error, leaving bytes past `sizeBytes` for recovery to remove.
   */
  async append(header: Uint8Array, payload: Uint8Array, batch: BatchExtent): Promise<void> {
    if (batch.baseOffset !== this.#nextOffset) throw new RangeError(`Segment append: base offset ${batch.baseOffset}, expected ${this.#nextOffset}`);
    if (!this.canHoldOffset(batch.baseOffset)) throw new RangeError(`Segment append: offset ${batch.baseOffset} too far from base ${this.baseOffset}`);
    const position = this.#sizeBytes;
    try {
      await writeFully(this.#file, [header, payload], position);
    } catch (error) {
      // Part of the batch may be on disk: left there, it would sit between this batch and the next append.
      await this.#file.truncate(position).catch(() => Promise.reject(error));
      throw noSpaceAsLogError(this.#path(LOG_FILE_SUFFIX), error);
    }
    this.#track(batch, position);
    this.#sizeBytes = position + batch.batchLength;
    this.#appendCount++;
  }

  /**
   * Reads whole batches starting with the one that holds `fromOffset`, up to `maxBytes` (and at least
   * that first batch when `atLeastOneBatch`). Every batch is CRC-checked; a corrupt first batch
   * throws CORRUPT_RECORD, a later one ends the read early. Returns null when no batch here holds
   * `fromOffset` (it is at or past the segment's end).
   */
  async read(fromOffset: number, maxBytes: number, atLeastOneBatch: boolean, mode: ReadMode = 'records'): Promise<SegmentRead | null> {
    const endPosition = this.#sizeBytes;
    const raw = mode === 'raw';
    // A raw read may start with empty batches at `fromOffset`, which precede the index entry for it.
    const start = raw && fromOffset > this.baseOffset ? this.#offsetIndex.lookup(fromOffset - 1) : this.#offsetIndex.lookup(fromOffset);
    const scanner = new BatchScanner(this.#file, start, endPosition);
    const first = await this.#scanUntil(scanner, (header) => batchEndOffset(header) > fromOffset || (raw && header.baseOffset >= fromOffset));
    if (first === null) return null;
    const available = endPosition - first.position;
    const minimum = raw && atLeastOneBatch ? await this.#throughFirstRecords(scanner, first) : first.header.batchLength;
    const length = atLeastOneBatch ? Math.max(minimum, Math.min(maxBytes, available)) : Math.min(maxBytes, available);
    if (length < first.header.batchLength) return { batches: [], bytes: 0, endOffset: first.header.baseOffset, corruption: null };
    const buffer = Buffer.allocUnsafe(length);
    const read = await readFully(this.#file, buffer, length, first.position);
    const result = parseBatches(buffer.subarray(0, read), first.header.baseOffset, raw);
    if (result.batches.length === 0) {
      throw new LogError('CORRUPT_RECORD', `Cannot read offset ${fromOffset} in segment ${this.baseOffset}: ${result.corruption ?? 'no data'}`);
    }
    return result;
  }

  /** The base offset of the first batch with commit timestamp >= `timestampMs`, or null if none is here. */
  async offsetForTimestamp(timestampMs: number): Promise<number | null> {
    const maxTimestampMs = this.maxTimestampMs;
    if (maxTimestampMs === null || maxTimestampMs < timestampMs) return null;
    const older = this.#timeIndex.lastBefore(timestampMs);
    const start = this.#offsetIndex.lookup(older?.offset ?? this.baseOffset);
    const scanner = new BatchScanner(this.#file, start, this.#sizeBytes);
    const found = await this.#scanUntil(scanner, (header) => header.commitTimestampMs >= timestampMs);
    return found?.header.baseOffset ?? null;
  }

  /**
   * Where a cut of this segment at `offset` falls: the position of the first batch whose base offset
   * is >= `offset` (empty batches at `offset` included), or the end. Refuses an offset inside a
   * batch (OFFSET_OUT_OF_RANGE naming the batch) and unreadable data (CORRUPT_RECORD).
   */
  async cutPosition(offset: number): Promise<number> {
    // From the index entry before `offset`: empty batches at `offset` precede the entry for it.
    const start = offset > this.baseOffset ? this.#offsetIndex.lookup(offset - 1) : { offset: this.baseOffset, position: 0 };
    const scanner = new BatchScanner(this.#file, start, this.#sizeBytes);
    const found = await this.#scanUntil(scanner, (header) => batchEndOffset(header) > offset || header.baseOffset >= offset);
    if (found === null) return this.#sizeBytes;
    const { header, position } = found;
    if (header.baseOffset < offset) {
      throw new LogError(
        'OFFSET_OUT_OF_RANGE',
        `Cannot cut the log at offset ${offset}: it lies inside the batch [${header.baseOffset}, ${batchEndOffset(header)})`,
      );
    }
    return position;
  }

  /**
   * Drops every batch from `offset` on (a batch boundary, see `cutPosition`): cuts the file, then
   * rebuilds the in-memory indexes by rescanning what remains. The caller syncs and persists.
   */
  async truncateTo(offset: number): Promise<void> {
    const position = await this.cutPosition(offset);
    await this.#file.truncate(position);
    this.#sizeBytes = position;
    this.#offsetIndex = new OffsetIndex(this.baseOffset);
    this.#timeIndex = new TimeIndex(this.baseOffset);
    this.#nextOffset = this.baseOffset;
    this.#firstTimestampMs = null;
    this.#firstLeaderEpoch = null;
    this.#newest = null;
    this.#bytesSinceIndexEntry = 0;
    this.#validBytes = 0;
    const invalid = await this.#scanAll({ indexIntervalBytes: this.#indexIntervalBytes, verifyCrc: () => false, onBatch: () => undefined });
    // A plain error: the tablet fails stop, and the reopen's recovery sorts it out.
    if (invalid !== null) throw new Error(`Segment ${this.baseOffset} unreadable after truncation at ${invalid.position}: ${invalid.reason}`);
  }

  /** Replays the headers of the segment's valid batches in order (headers only, no CRC). */
  async replayHeaders(onBatch: (header: BatchHeader) => void): Promise<void> {
    const scanner = new BatchScanner(this.#file, { offset: this.baseOffset, position: 0 }, this.#sizeBytes);
    for (let step = await scanner.next(); step.kind === 'batch'; step = await scanner.next()) onBatch(step.header);
  }

  /** Cuts the file after the last valid batch found by `load`. */
  async truncateInvalidTail(): Promise<number> {
    const cut = this.#sizeBytes - this.#validBytes;
    await this.#file.truncate(this.#validBytes);
    this.#sizeBytes = this.#validBytes;
    return cut;
  }

  /**
   * Writes `.index` and `.timeindex` from the in-memory indexes (atomically). With `onlyIfStale`,
   * files whose content already matches are left alone. Returns whether anything was written.
   */
  async persistIndexes(options: { fsync: boolean; onlyIfStale: boolean }): Promise<boolean> {
    const files: [string, Buffer][] = [
      [this.#path(OFFSET_INDEX_FILE_SUFFIX), this.#offsetIndex.toBytes()],
      [this.#path(TIME_INDEX_FILE_SUFFIX), this.#timeIndex.toBytes(this.#newest)],
    ];
    let wrote = false;
    for (const [path, content] of files) {
      if (options.onlyIfStale && (await fileEquals(path, content))) continue;
      await writeFileAtomic(path, content, { fsync: options.fsync });
      wrote = true;
    }
    return wrote;
  }

  /** Whether some append has not been covered by a completed `sync` yet. */
  get hasUnsyncedAppends(): boolean {
    return this.#appendCount > this.#syncedAppendCount;
  }

  /** fdatasync: the segment's appended bytes reach the disk. */
  async sync(): Promise<void> {
    const appendCount = this.#appendCount;
    await this.#file.datasync();
    this.#syncedAppendCount = Math.max(this.#syncedAppendCount, appendCount);
  }

  /** Keeps the file open while a read uses it, even if retention deletes the segment meanwhile. */
  pin(): void {
    this.#pins++;
  }

  async unpin(): Promise<void> {
    this.#pins--;
    if (this.#deleted && this.#pins === 0) await this.close();
  }

  /** Removes the segment's files; the open file lives on until the last pinned read finishes. */
  async delete(): Promise<void> {
    this.#deleted = true;
    await deleteSegmentFiles(this.#dir, this.baseOffset);
    if (this.#pins === 0) await this.close();
  }

  async close(): Promise<void> {
    if (this.#fileClosed) return;
    this.#fileClosed = true;
    await this.#file.close();
  }

  async #scanAll(options: SegmentLoadOptions): Promise<InvalidTail | null> {
    const scanner = new BatchScanner(this.#file, { offset: this.baseOffset, position: 0 }, this.#sizeBytes);
    for (;;) {
      const step = await scanner.next();
      if (step.kind === 'end') return null;
      if (step.kind === 'invalid') return { position: step.position, offset: this.#nextOffset, reason: step.reason };
      const { header, position } = step;
      if (options.verifyCrc(header, position + header.batchLength === this.#sizeBytes)) {
        const decoded = decodeBatch(await scanner.readBatch(position, header.batchLength));
        if (decoded.kind !== 'ok') {
          return { position, offset: header.baseOffset, reason: decoded.kind === 'corrupt' ? decoded.reason : 'short read' };
        }
      }
      this.#track(header, position);
      options.onBatch(header);
    }
  }

  /** Bytes from `first` through the first batch with records (or through the last batch here). */
  async #throughFirstRecords(scanner: BatchScanner, first: Extract<ScanStep, { kind: 'batch' }>): Promise<number> {
    let step: ScanStep = first;
    while (step.kind === 'batch' && step.header.recordCount === 0) {
      const next = await scanner.next();
      if (next.kind !== 'batch') break;
      step = next;
    }
    return step.kind === 'batch' ? step.position + step.header.batchLength - first.position : first.header.batchLength;
  }

  /** Scans headers to the first batch matching `found`; null at the end; throws on invalid data. */
  async #scanUntil(scanner: BatchScanner, found: (header: BatchHeader) => boolean): Promise<Extract<ScanStep, { kind: 'batch' }> | null> {
    for (;;) {
      const step = await scanner.next();
      if (step.kind === 'end') return null;
      if (step.kind === 'invalid') {
        throw new LogError('CORRUPT_RECORD', `Corrupt batch in segment ${this.baseOffset} at position ${step.position}: ${step.reason}`);
      }
      if (found(step.header)) return step;
    }
  }

  /** Accounts a batch written (or found) at `position`: indexes, timestamps, next offset. */
  #track(batch: BatchExtent, position: number): void {
    // Not at an empty batch: the batch after it has the same base offset, and index offsets must increase.
    if (this.#bytesSinceIndexEntry > this.#indexIntervalBytes && batch.recordCount > 0) {
      this.#offsetIndex.append(batch.baseOffset, position);
      this.#timeIndex.maybeAppend(batch.commitTimestampMs, batch.baseOffset);
      this.#bytesSinceIndexEntry = 0;
    }
    this.#bytesSinceIndexEntry += batch.batchLength;
    this.#firstTimestampMs ??= batch.commitTimestampMs;
    this.#firstLeaderEpoch ??= batch.leaderEpoch;
    this.#newest = { timestampMs: batch.commitTimestampMs, offset: batch.baseOffset };
    this.#nextOffset = batchEndOffset(batch);
    this.#validBytes = position + batch.batchLength;
  }

  #path(suffix: SegmentFileSuffix): string {
    return join(this.#dir, segmentFileName(this.baseOffset, suffix));
  }
}

/**
 * Splits `bytes` (read from a batch boundary whose base offset is `expectedOffset`) into CRC-checked
 * batches. A batch cut by the end of `bytes` ends the list (the read's byte limit); a corrupt one
 * ends it and is reported.
 */
function parseBatches(bytes: Uint8Array, expectedOffset: number, keepEmpty: boolean): SegmentRead {
  const batches: ReadBatch[] = [];
  let cursor = 0;
  let offset = expectedOffset;
  let corruption: string | null = null;
  while (cursor < bytes.byteLength) {
    const decoded = decodeBatch(bytes.subarray(cursor));
    if (decoded.kind === 'incomplete') {
      if (batches.length === 0) corruption = 'batch cut short by end of file';
      break;
    }
    if (decoded.kind === 'corrupt') {
      corruption = decoded.reason;
      break;
    }
    const { header, payload } = decoded;
    if (header.baseOffset !== offset) {
      corruption = `base offset ${header.baseOffset}, expected ${offset}`;
      break;
    }
    // An empty batch only records a writer's sequence: consumers have nothing to do with it.
    if (header.recordCount > 0 || keepEmpty) {
      const { baseOffset, recordCount, commitTimestampMs, schemaId } = header;
      batches.push({ baseOffset, recordCount, commitTimestampMs, schemaId, payload, header, raw: bytes.subarray(cursor, cursor + header.batchLength) });
    }
    cursor += header.batchLength;
    offset = batchEndOffset(header);
  }
  return { batches, bytes: cursor, endOffset: offset, corruption };
}

/** Unlinks a segment's files, the log file first: an index file without its log is an orphan the loader removes. */
export async function deleteSegmentFiles(dir: string, baseOffset: number): Promise<void> {
  for (const suffix of SEGMENT_FILE_SUFFIXES) {
    await unlink(join(dir, segmentFileName(baseOffset, suffix))).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

async function fileEquals(path: string, content: Buffer): Promise<boolean> {
  try {
    return content.equals(await readFile(path));
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
