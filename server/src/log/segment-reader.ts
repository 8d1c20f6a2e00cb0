import { LogError } from './errors.ts';
import { LogSegment } from './segment.ts';
import type { StoredBatch } from './types.ts';

/**
 * A segment file read outside any log: a copy of a remote segment in a local cache. Opening scans
 * its batch headers (rebuilding the sparse indexes in memory); reads CRC-check every batch, like
 * the log's own reads. A file that does not scan to its end is refused (CORRUPT_RECORD): a copy
 * that passed its checksum but is not a segment is never served.
 */
export class SegmentReader {
  readonly #segment: LogSegment;

  private constructor(segment: LogSegment) {
    this.#segment = segment;
  }

  /** Opens `<dir>/<baseOffset padded>.log`. */
  static async open(dir: string, baseOffset: number, options: { indexIntervalBytes: number }): Promise<SegmentReader> {
    const { segment, invalid } = await LogSegment.load(dir, baseOffset, {
      indexIntervalBytes: options.indexIntervalBytes,
      verifyCrc: () => false,
      onBatch: () => undefined,
    });
    if (invalid !== null) {
      await segment.close();
      throw new LogError('CORRUPT_RECORD', `Segment ${baseOffset} in ${dir} is damaged at position ${invalid.position}: ${invalid.reason}`);
    }
    return new SegmentReader(segment);
  }

  get baseOffset(): number {
    return this.#segment.baseOffset;
  }

  /** The offset after the last batch. */
  get nextOffset(): number {
    return this.#segment.nextOffset;
  }

  /**
   * Batches with records from the one holding `fromOffset`, within `maxBytes` (at least one batch
   * when `atLeastOneBatch`); empty when no batch here holds it.
   */
  async read(fromOffset: number, maxBytes: number, atLeastOneBatch: boolean): Promise<StoredBatch[]> {
    const read = await this.#segment.read(fromOffset, maxBytes, atLeastOneBatch, 'records');
    return (read?.batches ?? []).map(({ baseOffset, recordCount, commitTimestampMs, schemaId, payload }) => ({
      baseOffset,
      recordCount,
      commitTimestampMs,
      schemaId,
      payload,
    }));
  }

  /**
   * Whole stored batches as they are in the file, empty ones included, from the first one holding
   * or starting at `fromOffset`, within `maxBytes` but at least one batch (what a replica restored
   * from remote storage appends, as a follower appends what its leader sends); empty past the end.
   */
  async readRaw(fromOffset: number, maxBytes: number): Promise<Uint8Array[]> {
    const read = await this.#segment.read(fromOffset, maxBytes, true, 'raw');
    return (read?.batches ?? []).map((batch) => batch.raw);
  }

  /** The base offset of the first batch committed at or after `timestampMs`, or null if none is here. */
  offsetForTimestamp(timestampMs: number): Promise<number | null> {
    return this.#segment.offsetForTimestamp(timestampMs);
  }

  close(): Promise<void> {
    return this.#segment.close();
  }
}
