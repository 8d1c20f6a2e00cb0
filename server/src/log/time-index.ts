import { lastIndexWhere } from './binary-search.ts';
import { RELATIVE_OFFSET_MAX } from './offset-index.ts';

/** Bytes per entry in a `.timeindex` file: int64 timestamp ms, uint32 relative offset (little-endian). */
export const TIME_INDEX_ENTRY_BYTES = 12;

export interface TimestampOffset {
  timestampMs: number;
  offset: number;
}

/**
 * Sparse map from commit timestamp to the base offset of the batch that carries it, sampled at the
 * offset index's entries. Commit timestamps never decrease within a log (the log makes them
 * monotonic), so entries are strictly increasing in both columns and a binary search finds where
 * to start scanning for a timestamp.
 */
export class TimeIndex {
  readonly baseOffset: number;
  readonly #timestamps: number[] = [];
  readonly #relativeOffsets: number[] = [];

  constructor(baseOffset: number) {
    this.baseOffset = baseOffset;
  }

  get entryCount(): number {
    return this.#timestamps.length;
  }

  /** Adds an entry unless the timestamp does not exceed the last one (it would add no information). */
  maybeAppend(timestampMs: number, offset: number): void {
    const relative = offset - this.baseOffset;
    if (!(relative >= 0 && relative <= RELATIVE_OFFSET_MAX)) throw new RangeError(`Time index: relative offset out of range: ${relative}`);
    const last = this.#timestamps.length - 1;
    if (last >= 0 && timestampMs <= this.#timestamps[last]!) return;
    if (last >= 0 && relative <= this.#relativeOffsets[last]!) {
      throw new RangeError(`Time index: offset ${offset} does not follow the last entry`);
    }
    this.#timestamps.push(timestampMs);
    this.#relativeOffsets.push(relative);
  }

  /** The last entry whose timestamp is < `timestampMs`, or null: every batch before it is older too. */
  lastBefore(timestampMs: number): TimestampOffset | null {
    const index = lastIndexWhere(this.#timestamps.length, (i) => this.#timestamps[i]! < timestampMs);
    if (index < 0) return null;
    return { timestampMs: this.#timestamps[index]!, offset: this.baseOffset + this.#relativeOffsets[index]! };
  }

  /**
   * The file form: the sampled entries, then `last` (the segment's newest batch) if it adds
   * information, so the file alone tells a segment's max timestamp.
   */
  toBytes(last: TimestampOffset | null): Buffer {
    const count = this.#timestamps.length;
    const lastAdds = last !== null && (count === 0 || last.timestampMs > this.#timestamps[count - 1]!);
    const bytes = Buffer.alloc((count + (lastAdds ? 1 : 0)) * TIME_INDEX_ENTRY_BYTES);
    for (let i = 0; i < count; i++) {
      writeEntry(bytes, i, this.#timestamps[i]!, this.#relativeOffsets[i]!);
    }
    if (lastAdds) writeEntry(bytes, count, last.timestampMs, last.offset - this.baseOffset);
    return bytes;
  }
}

function writeEntry(bytes: Buffer, index: number, timestampMs: number, relativeOffset: number): void {
  bytes.writeBigInt64LE(BigInt(timestampMs), index * TIME_INDEX_ENTRY_BYTES);
  bytes.writeUInt32LE(relativeOffset, index * TIME_INDEX_ENTRY_BYTES + 8);
}
