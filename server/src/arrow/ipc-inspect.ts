// Server-side validation of produced Arrow IPC bytes, without decoding a single row: walk the
// stream framing, read each message's flatbuffer header, check the schema against the table's
// columns and each record batch's buffer layout against its body. Cost is O(messages + columns),
// plus one pass over string/bytes offsets so a stored batch can never point outside its body,
// plus the value checks of value-checks.ts (UTF-8, decimal precision, time of day) unless turned off.
//
// Stream framing (Arrow columnar format, "Encapsulated message format"):
//   0xFFFFFFFF, int32 metadata length, Message flatbuffer (padded), body (bodyLength bytes)
//   … repeated; end of stream = 0xFFFFFFFF 0x00000000 (or simply the end of the bytes).
import { Type } from 'apache-arrow';
import { bufferLayout, describeArrowType, toArrowType, type ArrowTypeParams } from './arrow-types.ts';
import { formatDataType } from './data-types.ts';
import { InvalidBatchError } from './errors.ts';
import { FlatBuffer, type Table } from './flatbuffer.ts';
import { COLUMN_ID_KEY, DATA_TYPE_KEY, type ColumnDef } from './schema.ts';
import { checkColumnValues } from './value-checks.ts';

export interface InspectOptions {
  /** Check the values too (STRING is UTF-8, DECIMAL within its precision, TIME within a day). Default true. */
  checkValues?: boolean;
}

export interface IpcSummary {
  /** Rows over all record batches. */
  recordCount: number;
  batchCount: number;
}

const CONTINUATION = 0xffffffff;
const MIN_METADATA_VERSION = 3; // V4; apache-arrow writes V5 (4)
const HEADER_NAMES = ['NONE', 'Schema', 'DictionaryBatch', 'RecordBatch', 'Tensor', 'SparseTensor'];
const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;
const STRUCT_SIZE = 16; // FieldNode {length, null_count} and Buffer {offset, length}: two int64s

/** Checks that `ipc` is an Arrow IPC stream of record batches with exactly the `expected` columns. */
export function inspectIpc(ipc: Uint8Array, expected: readonly ColumnDef[], options: InspectOptions = {}): IpcSummary {
  const checkValues = options.checkValues ?? true;
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  const summary: IpcSummary = { recordCount: 0, batchCount: 0 };
  let schemaSeen = false;
  let pos = 0;
  for (let index = 0; pos < ipc.length; index++) {
    const where = `message ${index} at byte ${pos}`;
    const metadataLength = readPrefix(ipc, view, pos, where);
    if (metadataLength === 0) {
      if (pos + 8 !== ipc.length) fail(`${ipc.length - pos - 8} trailing bytes after the end-of-stream marker at byte ${pos}`);
      break;
    }
    // 8-byte padding keeps every body (and so every buffer) aligned for zero-copy readers.
    if (metadataLength % 8 !== 0) fail(`${where}: metadata length ${metadataLength} is not a multiple of 8`);
    const metadataStart = pos + 8;
    if (metadataStart + metadataLength > ipc.length) {
      fail(`truncated: ${where} declares ${metadataLength} bytes of metadata, only ${ipc.length - metadataStart} remain`);
    }
    const fb = new FlatBuffer(ipc.subarray(metadataStart, metadataStart + metadataLength), where);
    const message = fb.root();
    const version = message.i16(0, 0);
    if (version < MIN_METADATA_VERSION) fb.fail(`unsupported metadata version ${version} (need V4 or later)`);
    keyValues(message, 4, 'message metadata'); // read by Arrow readers, so it must be sound too
    const headerType = message.u8(1, 0);
    const header = message.table(2, 'message header') ?? fb.fail('message has no header');
    const bodyLength = message.count64(3, 'body length');
    const bodyStart = metadataStart + metadataLength;
    if (bodyLength % 8 !== 0) fb.fail(`body length ${bodyLength} is not a multiple of 8`);
    if (bodyStart + bodyLength > ipc.length) {
      fail(`truncated: ${where} declares a ${bodyLength}-byte body, only ${ipc.length - bodyStart} bytes remain`);
    }

    if (headerType === SCHEMA) {
      if (schemaSeen) fb.fail('a second schema message; a stream has exactly one');
      checkSchema(header, expected);
      schemaSeen = true;
    } else if (headerType === RECORD_BATCH) {
      if (!schemaSeen) fb.fail('record batch before the schema message');
      const body = ipc.subarray(bodyStart, bodyStart + bodyLength);
      summary.recordCount += checkRecordBatch(header, expected, body, checkValues ? summary.recordCount : undefined);
      summary.batchCount++;
    } else if (headerType === DICTIONARY_BATCH) {
      fb.fail('dictionary batches are not supported (dictionary-encoded columns cannot be stored)');
    } else {
      fb.fail(`unexpected ${HEADER_NAMES[headerType] ?? `header type ${headerType}`} message; expected Schema or RecordBatch`);
    }
    pos = bodyStart + bodyLength;
  }
  if (!schemaSeen) fail(ipc.length === 0 ? 'empty payload: not an Arrow IPC stream' : 'stream has no schema message');
  if (summary.batchCount === 0) fail('stream has no record batch');
  return summary;
}

function fail(why: string): never {
  throw new InvalidBatchError(why);
}

/** Validates the 8-byte message prefix at `pos` and returns the metadata length (0 = end of stream). */
function readPrefix(ipc: Uint8Array, view: DataView, pos: number, where: string): number {
  if (pos === 0 && ipc.length >= 6 && String.fromCharCode(...ipc.subarray(0, 6)) === 'ARROW1') {
    fail('this is the Arrow IPC file format; send the IPC stream format');
  }
  if (pos + 8 > ipc.length) fail(`truncated: ${where} needs an 8-byte prefix, ${ipc.length - pos} bytes remain`);
  if (view.getUint32(pos, true) !== CONTINUATION) {
    fail(`${pos === 0 ? 'not an Arrow IPC stream: ' : ''}expected the continuation marker 0xFFFFFFFF at byte ${pos}`);
  }
  const length = view.getInt32(pos + 4, true);
  if (length < 0) fail(`${where} has a negative metadata length ${length}`);
  return length;
}

function checkSchema(schema: Table, expected: readonly ColumnDef[]): void {
  const { fb } = schema;
  if (schema.i16(0, 0) !== 0) fb.fail('big-endian data is not supported');
  keyValues(schema, 2, 'schema metadata');
  const fields = schema.vector(1, 4, 'schema fields');
  if (fields.length !== expected.length) {
    fb.fail(`schema has ${fields.length} columns, expected ${expected.length} (${expected.map((c) => c.name).join(', ')})`);
  }
  for (let i = 0; i < fields.length; i++) {
    checkField(schema.tableAt(fields, i, `field ${i}`), expected[i]!, i);
  }
}

function checkField(field: Table, column: ColumnDef, index: number): void {
  const { fb } = field;
  const name = field.string(0, `field ${index} name`) ?? '';
  if (name !== column.name) fb.fail(`column ${index}: expected ${JSON.stringify(column.name)}, got ${JSON.stringify(name)}`);
  const label = `column ${JSON.stringify(name)}`;
  const expectedType = describeArrowType(toArrowType(column.type));
  const gotType = describeArrowType(fieldType(field));
  if (gotType !== expectedType) {
    fb.fail(`${label}: expected ${expectedType} (${formatDataType(column.type)}), got ${gotType}`);
  }
  const nullable = field.bool(1, false);
  if (nullable !== column.nullable) {
    fb.fail(`${label}: expected ${column.nullable ? 'nullable' : 'NOT NULL'}, got ${nullable ? 'nullable' : 'NOT NULL'}`);
  }
  if (field.has(4)) fb.fail(`${label} is dictionary-encoded, which is not supported`);
  if (field.vector(5, 4, `${label} children`).length !== 0) fb.fail(`${label} has child fields; nested types are not supported`);
  checkFieldMetadata(field, column, label);
}

/** The annotations we write are optional (other Arrow writers lack them) but must agree when present. */
function checkFieldMetadata(field: Table, column: ColumnDef, label: string): void {
  const metadata = keyValues(field, 6, `${label} metadata`);
  const wanted = [
    [COLUMN_ID_KEY, String(column.id)],
    [DATA_TYPE_KEY, formatDataType(column.type)],
  ] as const;
  for (const [key, want] of wanted) {
    const got = metadata.get(key);
    if (got !== undefined && got !== want) field.fb.fail(`${label}: metadata ${key} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

/**
 * Reads (and so bounds-checks) a `[KeyValue]` custom-metadata vector. Arrow readers walk these
 * vectors trusting their lengths, so a corrupted one must be caught here, not there.
 */
function keyValues(table: Table, index: number, what: string): Map<string, string> {
  const entries = table.vector(index, 4, what);
  const result = new Map<string, string>();
  for (let i = 0; i < entries.length; i++) {
    const entry = table.tableAt(entries, i, `${what} entry`);
    const key = entry.string(0, `${what} key`);
    const value = entry.string(1, `${what} value`);
    if (key !== undefined) result.set(key, value ?? '');
  }
  return result;
}

/** The Arrow type of a schema field, as the parameters describeArrowType compares. */
function fieldType(field: Table): ArrowTypeParams {
  const typeId: Type = field.u8(2, 0);
  const params = field.table(3, 'field type');
  if (params === undefined) return { typeId };
  switch (typeId) {
    case Type.Int:
      return { typeId, bitWidth: params.i32(0, 0), isSigned: params.bool(1, false) };
    case Type.Float:
      return { typeId, precision: params.i16(0, 0) };
    case Type.Decimal:
      return { typeId, precision: params.i32(0, 0), scale: params.i32(1, 0), bitWidth: params.i32(2, 128) };
    case Type.Date:
      return { typeId, unit: params.i16(0, 1) };
    case Type.Time:
      return { typeId, unit: params.i16(0, 1), bitWidth: params.i32(1, 32) };
    case Type.Timestamp:
      return { typeId, unit: params.i16(0, 0), timezone: params.string(1, 'timezone') ?? null };
    default:
      return { typeId };
  }
}

/**
 * Checks one record batch's nodes and buffers against the columns and its body, and its values
 * unless `firstRow` (the stream's row number of its first row, for messages) is undefined.
 * Returns its row count.
 */
function checkRecordBatch(batch: Table, columns: readonly ColumnDef[], body: Uint8Array, firstRow: number | undefined): number {
  const { fb } = batch;
  const length = batch.count64(0, 'record batch length');
  if (batch.has(3)) fb.fail('compressed record batches are not supported');
  if (batch.vector(4, 8, 'variadic buffer counts').length !== 0) fb.fail('variadic buffers (view types) are not supported');
  const nodes = batch.vector(1, STRUCT_SIZE, 'field nodes');
  if (nodes.length !== columns.length) fb.fail(`record batch has ${nodes.length} field nodes, expected ${columns.length}`);
  const layouts = columns.map((c) => bufferLayout(c.type));
  const buffers = batch.vector(2, STRUCT_SIZE, 'buffers');
  const expectedBuffers = layouts.reduce((n, layout) => n + (layout.varWidth ? 3 : 2), 0);
  if (buffers.length !== expectedBuffers) fb.fail(`record batch has ${buffers.length} buffers, expected ${expectedBuffers}`);

  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let next = 0; // index of the column's first buffer
  const buffer = (i: number, what: string): { offset: number; length: number } => {
    const at = buffers.start + STRUCT_SIZE * i;
    const offset = fb.count64(at, `${what} offset`);
    const size = fb.count64(at + 8, `${what} length`);
    if (offset + size > body.length) fb.fail(`${what} [${offset}, ${offset + size}) exceeds the ${body.length}-byte body`);
    if (offset % 8 !== 0) fb.fail(`${what} starts at ${offset}, not 8-byte aligned`);
    return { offset, length: size };
  };
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const label = `column ${JSON.stringify(column.name)}`;
    const nodeAt = nodes.start + STRUCT_SIZE * c;
    const nodeLength = fb.count64(nodeAt, `${label} length`);
    const nullCount = fb.count64(nodeAt + 8, `${label} null count`);
    if (nodeLength !== length) fb.fail(`${label} has ${nodeLength} values in a ${length}-row batch`);
    if (nullCount > length) fb.fail(`${label} claims ${nullCount} nulls in ${length} rows`);
    if (nullCount > 0 && !column.nullable) fb.fail(`${label} is NOT NULL but has ${nullCount} nulls`);
    const validity = buffer(next, `${label} validity buffer`);
    if (nullCount > 0 && validity.length < Math.ceil(length / 8)) fb.fail(`${label} validity buffer is too short`);
    const layout = layouts[c]!;
    const values = buffer(next + 1, `${label} ${layout.varWidth ? 'offsets' : 'values'} buffer`);
    let data: { offset: number; length: number } | undefined;
    if (layout.varWidth) {
      data = buffer(next + 2, `${label} data buffer`);
      checkOffsets(fb, view, values, length, data.length, label);
      next += 3;
    } else {
      if (values.length < Math.ceil((length * layout.bitWidth) / 8)) fb.fail(`${label} values buffer is too short for ${length} rows`);
      next += 2;
    }
    if (firstRow !== undefined) {
      const bad = checkColumnValues(column, body, view, { rows: length, nullCount, validity, values, data });
      if (bad !== undefined) fb.fail(`${label}, row ${firstRow + bad.row}: ${bad.why}`);
    }
  }
  return length;
}

/** Offsets must start at ≥ 0, never decrease, and end within the data buffer. */
function checkOffsets(fb: FlatBuffer, view: DataView, offsets: { offset: number; length: number }, rows: number, dataLength: number, label: string): void {
  if (rows === 0) return; // an empty column may omit the offsets buffer entirely
  if (offsets.length < 4 * (rows + 1)) fb.fail(`${label} offsets buffer is too short for ${rows} rows`);
  let previous = view.getInt32(offsets.offset, true);
  if (previous < 0) fb.fail(`${label} offsets start at ${previous}`);
  for (let i = 1; i <= rows; i++) {
    const current = view.getInt32(offsets.offset + 4 * i, true);
    if (current < previous) fb.fail(`${label} offsets decrease at row ${i - 1}`);
    previous = current;
  }
  if (previous > dataLength) fb.fail(`${label} offsets end at ${previous}, beyond the ${dataLength}-byte data buffer`);
}
