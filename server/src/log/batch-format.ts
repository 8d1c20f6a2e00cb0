import { crc32c } from '@node-rs/crc32';

/**
 * The on-disk record batch: a fixed header written by the log, followed by the payload exactly as
 * the client sent it (Arrow IPC bytes the server never decodes). All integers are little-endian,
 * the byte order of Arrow and of the machines we run on.
 *
 * ```
 * offset size field              meaning
 *      0    1 magic              format version: 2 (written), or 1 (read only)
 *      1    8 baseOffset         int64, offset of the batch's first record
 *      9    4 batchLength        int32, bytes of header + payload
 *     13    4 crc                uint32, CRC32C of bytes [17, batchLength): attributes .. payload
 *     17    2 attributes         int16, reserved, 0
 *     19    4 recordCount        int32 >= 0; the batch occupies baseOffset .. baseOffset+recordCount-1
 *     23    8 commitTimestampMs  int64, assigned by the leader's log at append
 *     31    4 schemaId           int32 >= 0
 *     35    8 writerId           int64, -1 = no idempotent writer
 *     43    4 batchSequence      int32, the writer's sequence number (-1 without a writer)
 *     47    4 payloadLength      int32, = batchLength - header size (55; 51 for magic 1)
 *     51    4 leaderEpoch        int32 >= 0, epoch of the leader that appended the batch (magic 2 only)
 *     55    n payload            (at 51 for magic 1)
 * ```
 *
 * Magic 2 only appends `leaderEpoch` to the magic 1 header, so every other field keeps its place.
 * Magic 1 batches (written before replication) are still read, with leader epoch 0; followers
 * copy them byte for byte, so a log may hold both versions.
 *
 * The CRC does not cover magic, baseOffset and batchLength (the log writes them; Kafka does the same);
 * they are checked structurally instead: magic must be known, batchLength must equal header size plus
 * the CRC-covered payloadLength, and baseOffset must continue the previous batch (the segment checks).
 *
 * A batch of recordCount 0 occupies no offset (the next batch has the same base offset): it only
 * records an idempotent writer's sequence, for a primary-key write whose merge changed nothing.
 * Reads skip it; the loader replays its header into the writer state like any other.
 */
/** The version this log writes. */
export const BATCH_MAGIC = 2;
/** Header bytes of the version this log writes. */
export const BATCH_HEADER_BYTES = 55;
/** Header bytes of magic 1 (no leaderEpoch). */
const V1_HEADER_BYTES = 51;
/** Bytes from the start of the batch to the first CRC-covered byte. */
export const BATCH_CRC_START = 17;
export const BATCH_PAYLOAD_BYTES_MAX = 0x7fff_ffff - BATCH_HEADER_BYTES;
export const NO_WRITER_ID = -1;

const MAGIC_AT = 0;
const BASE_OFFSET_AT = 1;
const BATCH_LENGTH_AT = 9;
const CRC_AT = 13;
const ATTRIBUTES_AT = 17;
const RECORD_COUNT_AT = 19;
const COMMIT_TIMESTAMP_AT = 23;
const SCHEMA_ID_AT = 31;
const WRITER_ID_AT = 35;
const BATCH_SEQUENCE_AT = 43;
const PAYLOAD_LENGTH_AT = 47;
const LEADER_EPOCH_AT = 51;

const INT32_MAX = 0x7fff_ffff;
const INT16_MAX = 0x7fff;

/** The fields the log chooses for a batch; lengths and CRC follow from the payload. */
export interface BatchFields {
  baseOffset: number;
  attributes: number;
  recordCount: number;
  commitTimestampMs: number;
  schemaId: number;
  writerId: number;
  batchSequence: number;
  /** Epoch of the leader that appended the batch; 0 for magic 1 batches. */
  leaderEpoch: number;
}

export interface BatchHeader extends BatchFields {
  magic: number;
  /** Bytes of this batch's header: BATCH_HEADER_BYTES, or 51 for magic 1. */
  headerLength: number;
  batchLength: number;
  crc: number;
  payloadLength: number;
}

export type HeaderDecodeResult =
  | { kind: 'ok'; header: BatchHeader }
  /** Fewer bytes than the header: a torn write at the end of a file, or a short read. */
  | { kind: 'incomplete' }
  | { kind: 'corrupt'; reason: string };

export type BatchDecodeResult = { kind: 'ok'; header: BatchHeader; payload: Uint8Array } | { kind: 'incomplete' } | { kind: 'corrupt'; reason: string };

/** The offset just past the batch's last record. */
export function batchEndOffset(header: Pick<BatchFields, 'baseOffset' | 'recordCount'>): number {
  return header.baseOffset + header.recordCount;
}

/**
 * Encodes the header for `payload`, CRC included. The payload is not copied: the caller writes
 * header and payload with one writev.
 */
export function encodeBatchHeader(fields: BatchFields, payload: Uint8Array): Buffer {
  const reason = invalidFieldsReason(fields, payload.byteLength);
  if (reason !== null) throw new RangeError(`Cannot encode batch header: ${reason}`);
  const header = Buffer.allocUnsafe(BATCH_HEADER_BYTES);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  view.setUint8(MAGIC_AT, BATCH_MAGIC);
  view.setBigInt64(BASE_OFFSET_AT, BigInt(fields.baseOffset), true);
  view.setInt32(BATCH_LENGTH_AT, BATCH_HEADER_BYTES + payload.byteLength, true);
  view.setInt16(ATTRIBUTES_AT, fields.attributes, true);
  view.setInt32(RECORD_COUNT_AT, fields.recordCount, true);
  view.setBigInt64(COMMIT_TIMESTAMP_AT, BigInt(fields.commitTimestampMs), true);
  view.setInt32(SCHEMA_ID_AT, fields.schemaId, true);
  view.setBigInt64(WRITER_ID_AT, BigInt(fields.writerId), true);
  view.setInt32(BATCH_SEQUENCE_AT, fields.batchSequence, true);
  view.setInt32(PAYLOAD_LENGTH_AT, payload.byteLength, true);
  view.setInt32(LEADER_EPOCH_AT, fields.leaderEpoch, true);
  view.setUint32(CRC_AT, computeCrc(header, payload), true);
  return header;
}

/**
 * Decodes and structurally validates a header at the start of `bytes` (without the CRC, which needs
 * the payload). Its size depends on the magic byte. Never throws on bad input.
 */
export function decodeBatchHeader(bytes: Uint8Array): HeaderDecodeResult {
  if (bytes.byteLength < 1) return { kind: 'incomplete' };
  const magic = bytes[MAGIC_AT]!;
  const headerLength = headerLengthOf(magic);
  if (headerLength === null) return { kind: 'corrupt', reason: `unknown magic ${magic}` };
  if (bytes.byteLength < headerLength) return { kind: 'incomplete' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerLength);
  const header: BatchHeader = {
    magic,
    headerLength,
    baseOffset: Number(view.getBigInt64(BASE_OFFSET_AT, true)),
    batchLength: view.getInt32(BATCH_LENGTH_AT, true),
    crc: view.getUint32(CRC_AT, true),
    attributes: view.getInt16(ATTRIBUTES_AT, true),
    recordCount: view.getInt32(RECORD_COUNT_AT, true),
    commitTimestampMs: Number(view.getBigInt64(COMMIT_TIMESTAMP_AT, true)),
    schemaId: view.getInt32(SCHEMA_ID_AT, true),
    writerId: Number(view.getBigInt64(WRITER_ID_AT, true)),
    batchSequence: view.getInt32(BATCH_SEQUENCE_AT, true),
    payloadLength: view.getInt32(PAYLOAD_LENGTH_AT, true),
    leaderEpoch: magic === 1 ? 0 : view.getInt32(LEADER_EPOCH_AT, true),
  };
  if (header.payloadLength < 0) return { kind: 'corrupt', reason: `negative payload length ${header.payloadLength}` };
  if (header.batchLength !== headerLength + header.payloadLength) {
    return { kind: 'corrupt', reason: `batch length ${header.batchLength} != header + payload length ${header.payloadLength}` };
  }
  const reason = invalidFieldsReason(header, header.payloadLength);
  if (reason !== null) return { kind: 'corrupt', reason };
  return { kind: 'ok', header };
}

function headerLengthOf(magic: number): number | null {
  if (magic === BATCH_MAGIC) return BATCH_HEADER_BYTES;
  if (magic === 1) return V1_HEADER_BYTES;
  return null;
}

/**
 * Decodes the batch at the start of `bytes` (which may continue with further batches) and checks
 * its CRC. The payload is a view into `bytes`, not a copy.
 */
export function decodeBatch(bytes: Uint8Array): BatchDecodeResult {
  const decoded = decodeBatchHeader(bytes);
  if (decoded.kind !== 'ok') return decoded;
  const { header } = decoded;
  if (bytes.byteLength < header.batchLength) return { kind: 'incomplete' };
  const headerBytes = bytes.subarray(0, header.headerLength);
  const payload = bytes.subarray(header.headerLength, header.batchLength);
  const actual = computeCrc(headerBytes, payload);
  if (actual !== header.crc) {
    return { kind: 'corrupt', reason: `crc mismatch at offset ${header.baseOffset}: stored ${header.crc}, computed ${actual}` };
  }
  return { kind: 'ok', header, payload };
}

function computeCrc(header: Uint8Array, payload: Uint8Array): number {
  return crc32c(payload, crc32c(header.subarray(BATCH_CRC_START)));
}

/** Why these fields cannot form a batch, or null if they can. Shared by encode (bug) and decode (corruption). */
function invalidFieldsReason(fields: BatchFields, payloadLength: number): string | null {
  if (!Number.isSafeInteger(fields.baseOffset) || fields.baseOffset < 0) return `base offset ${fields.baseOffset} not a non-negative safe integer`;
  if (!isInt(fields.recordCount, 0, INT32_MAX)) return `record count ${fields.recordCount} not in [0, 2^31)`;
  if (!Number.isSafeInteger(fields.baseOffset + fields.recordCount)) return `end offset past 2^53 at base ${fields.baseOffset}`;
  if (!isInt(fields.attributes, 0, INT16_MAX)) return `attributes ${fields.attributes} not in [0, 2^15)`;
  if (!Number.isSafeInteger(fields.commitTimestampMs) || fields.commitTimestampMs < 0)
    return `commit timestamp ${fields.commitTimestampMs} not a non-negative safe integer`;
  if (!isInt(fields.schemaId, 0, INT32_MAX)) return `schema id ${fields.schemaId} not in [0, 2^31)`;
  if (!Number.isSafeInteger(fields.writerId) || fields.writerId < NO_WRITER_ID) return `writer id ${fields.writerId} not -1 or a non-negative safe integer`;
  if (!isInt(fields.batchSequence, -1, INT32_MAX)) return `batch sequence ${fields.batchSequence} not in [-1, 2^31)`;
  if (!isInt(fields.leaderEpoch, 0, INT32_MAX)) return `leader epoch ${fields.leaderEpoch} not in [0, 2^31)`;
  if (!isInt(payloadLength, 0, BATCH_PAYLOAD_BYTES_MAX)) return `payload length ${payloadLength} not in [0, ${BATCH_PAYLOAD_BYTES_MAX}]`;
  return null;
}

function isInt(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
