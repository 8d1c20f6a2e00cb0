import { lastIndexWhere } from './binary-search.ts';

/** Bytes per entry in a `.index` file: uint32 relative offset, uint32 file position (little-endian). */
export const OFFSET_INDEX_ENTRY_BYTES = 8;
export const RELATIVE_OFFSET_MAX = 0xffff_ffff;
const POSITION_MAX = 0xffff_ffff;

export interface OffsetPosition {
  offset: number;
  position: number;
}

/**
 * Sparse map from a batch's base offset to its byte position in the segment file, one entry every
 * `indexIntervalBytes` of appended data. A cache of the log, never trusted over the batch headers:
 * open rebuilds it from them (it scans the headers anyway, for the writer state) and rewrites the
 * `.index` file when it is missing or differs; roll and close persist it.
 */
export class OffsetIndex {
  readonly baseOffset: number;
  readonly #relativeOffsets: number[] = [];
  readonly #positions: number[] = [];

  constructor(baseOffset: number) {
    this.baseOffset = baseOffset;
  }

  get entryCount(): number {
    return this.#positions.length;
  }

  append(offset: number, position: number): void {
    const relative = offset - this.baseOffset;
    if (!(relative >= 0 && relative <= RELATIVE_OFFSET_MAX)) throw new RangeError(`Offset index: relative offset out of range: ${relative}`);
    if (!(position >= 0 && position <= POSITION_MAX)) throw new RangeError(`Offset index: position out of range: ${position}`);
    const last = this.#positions.length - 1;
    if (last >= 0 && !(relative > this.#relativeOffsets[last]! && position > this.#positions[last]!)) {
      throw new RangeError(`Offset index: entry (${offset}, ${position}) does not follow the last entry`);
    }
    this.#relativeOffsets.push(relative);
    this.#positions.push(position);
  }

  /** The entry with the largest offset <= `offset`; the segment start when there is none. */
  lookup(offset: number): OffsetPosition {
    const relative = offset - this.baseOffset;
    const index = lastIndexWhere(this.#relativeOffsets.length, (i) => this.#relativeOffsets[i]! <= relative);
    if (index < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.#relativeOffsets[index]!, position: this.#positions[index]! };
  }

  toBytes(): Buffer {
    const bytes = Buffer.alloc(this.#positions.length * OFFSET_INDEX_ENTRY_BYTES);
    for (let i = 0; i < this.#positions.length; i++) {
      bytes.writeUInt32LE(this.#relativeOffsets[i]!, i * OFFSET_INDEX_ENTRY_BYTES);
      bytes.writeUInt32LE(this.#positions[i]!, i * OFFSET_INDEX_ENTRY_BYTES + 4);
    }
    return bytes;
  }
}
