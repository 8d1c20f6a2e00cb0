import type { FileHandle } from 'node:fs/promises';
import { BATCH_HEADER_BYTES, batchEndOffset, decodeBatchHeader, type BatchHeader } from './batch-format.ts';
import { readFully } from './file-io.ts';
import type { OffsetPosition } from './offset-index.ts';

/** Bytes read ahead per header read: many small batches per read, one read per large batch. */
const WINDOW_BYTES = 64 * 1024;

export type ScanStep =
  | { kind: 'batch'; header: BatchHeader; position: number }
  /** The scan reached `endPosition` exactly at a batch boundary. */
  | { kind: 'end' }
  /** The bytes at `position` are not a valid batch: the scan cannot continue past them. */
  | { kind: 'invalid'; position: number; reason: string };

/**
 * Walks the batch headers of a segment file from a known batch boundary, reading headers only
 * (payloads are skipped unless `readBatch` asks for them). Checks structure on the way: each header
 * decodes, each batch fits before `endPosition`, and each base offset continues the previous batch,
 * which covers the header fields that the CRC does not.
 */
export class BatchScanner {
  readonly #file: FileHandle;
  readonly #endPosition: number;
  #position: number;
  #expectedOffset: number;
  /** Sized to the data when that is smaller than WINDOW_BYTES; allocated on the first read. */
  readonly #windowCapacity: number;
  #window: Buffer | null = null;
  #windowStart = 0;
  #windowLength = 0;

  constructor(file: FileHandle, start: OffsetPosition, endPosition: number) {
    this.#file = file;
    this.#position = start.position;
    this.#expectedOffset = start.offset;
    this.#endPosition = endPosition;
    this.#windowCapacity = Math.max(BATCH_HEADER_BYTES, Math.min(WINDOW_BYTES, endPosition - start.position));
  }

  /** The position of the next batch the scan would return. */
  get position(): number {
    return this.#position;
  }

  async next(): Promise<ScanStep> {
    const position = this.#position;
    if (position >= this.#endPosition) return { kind: 'end' };
    const bytes = await this.#bytesAt(position, Math.min(BATCH_HEADER_BYTES, this.#endPosition - position));
    const decoded = decodeBatchHeader(bytes);
    if (decoded.kind === 'incomplete') {
      return { kind: 'invalid', position, reason: `torn header: ${this.#endPosition - position} bytes before end of data` };
    }
    if (decoded.kind === 'corrupt') return { kind: 'invalid', position, reason: decoded.reason };
    const { header } = decoded;
    if (header.baseOffset !== this.#expectedOffset) {
      return { kind: 'invalid', position, reason: `base offset ${header.baseOffset}, expected ${this.#expectedOffset}` };
    }
    if (position + header.batchLength > this.#endPosition) {
      return { kind: 'invalid', position, reason: `torn batch: ${header.batchLength} bytes, ${this.#endPosition - position} before end of data` };
    }
    this.#position = position + header.batchLength;
    this.#expectedOffset = batchEndOffset(header);
    return { kind: 'batch', header, position };
  }

  /**
   * The whole batch of `length` bytes at `position` (header included), for a CRC check. The bytes may
   * be a view of the read-ahead window: valid until the next call.
   */
  async readBatch(position: number, length: number): Promise<Uint8Array> {
    return this.#bytesAt(position, length);
  }

  /** `length` bytes at `position`, from the read-ahead window when it holds them. */
  async #bytesAt(position: number, length: number): Promise<Uint8Array> {
    const windowEnd = this.#windowStart + this.#windowLength;
    if (this.#window !== null && position >= this.#windowStart && position + length <= windowEnd) {
      return this.#window.subarray(position - this.#windowStart, position - this.#windowStart + length);
    }
    if (length > this.#windowCapacity) {
      const buffer = Buffer.allocUnsafe(length);
      const read = await readFully(this.#file, buffer, length, position);
      return buffer.subarray(0, read);
    }
    this.#window ??= Buffer.allocUnsafe(this.#windowCapacity);
    const ahead = Math.max(length, Math.min(this.#windowCapacity, this.#endPosition - position));
    this.#windowStart = position;
    this.#windowLength = await readFully(this.#file, this.#window, ahead, position);
    return this.#window.subarray(0, Math.min(length, this.#windowLength));
  }
}
