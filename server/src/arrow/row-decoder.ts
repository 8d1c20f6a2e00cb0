// Arrow IPC → rows of JS values (client and CLI side). Reading the IPC is zero-copy; each value is
// then converted from the raw column buffers into the documented output form (docs/data-types.md).
import type { Data, Field } from 'apache-arrow';
import { unitsPerSecond } from './arrow-types.ts';
import type { DataType } from './data-types.ts';
import { formatDecimal } from './decimal.ts';
import { readIpcTable } from './ipc-read.ts';
import { fieldDataType } from './schema.ts';
import { formatDate, formatTimeOfDay, formatTimestamp, NANOS_PER_SECOND } from './temporal.ts';

type ReadValue = (index: number) => unknown;

/** All rows of all record batches, keyed by the IPC schema's column names; nulls are null. */
export function decodeRows(ipc: Uint8Array): Record<string, unknown>[] {
  const table = readIpcTable(ipc);
  const fields = table.schema.fields;
  const types = fields.map(fieldDataType);
  const rows: Record<string, unknown>[] = [];
  for (const batch of table.batches) {
    const columns = batch.data.children;
    const readers = columns.map((data, c) => nullAware(data, valueReader(types[c]!, fields[c]!, data)));
    for (let r = 0; r < batch.numRows; r++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < readers.length; c++) row[fields[c]!.name] = readers[c]!(r);
      rows.push(row);
    }
  }
  return rows;
}

function nullAware(data: Data, read: ReadValue): ReadValue {
  return data.nullCount === 0 ? read : (i) => (data.getValid(i) ? read(i) : null);
}

// The buffers as apache-arrow's reader types them for each Fluss type (see toArrowType).
function valueReader(type: DataType, field: Field, data: Data): ReadValue {
  const values: unknown = data.values;
  switch (type.kind) {
    case 'boolean': {
      const bits = values as Uint8Array;
      const offset = data.offset;
      return (i) => ((bits[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;
    }
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'float':
    case 'double':
    case 'bigint': {
      const numbers = values as ArrayLike<number | bigint>;
      return (i) => numbers[i];
    }
    case 'decimal': {
      const words = values as Uint32Array; // 4 little-endian words per 128-bit value
      return (i) => formatDecimal(int128(words, 4 * i), type.scale);
    }
    case 'string': {
      const bytes = values as Uint8Array;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // view, for its native UTF-8 decoder
      const offsets = data.valueOffsets as Int32Array;
      return (i) => text.toString('utf8', offsets[i], offsets[i + 1]);
    }
    case 'bytes': {
      const bytes = values as Uint8Array;
      const offsets = data.valueOffsets as Int32Array;
      return (i) => bytes.slice(offsets[i], offsets[i + 1]); // a copy, not a view into the IPC bytes
    }
    case 'date': {
      const days = values as Int32Array;
      return (i) => formatDate(days[i]!);
    }
    case 'time': {
      const units = values as Int32Array | BigInt64Array;
      const nanosPerUnit = NANOS_PER_SECOND / unitsPerSecond(timeUnitOf(field));
      return (i) => formatTimeOfDay(Number(units[i]) * nanosPerUnit, type.precision);
    }
    case 'timestamp':
    case 'timestamp_ltz': {
      const units = values as BigInt64Array;
      const perSecond = unitsPerSecond(timeUnitOf(field));
      const utc = type.kind === 'timestamp_ltz';
      return (i) => formatTimestamp(units[i]!, perSecond, type.precision, utc);
    }
  }
}

function timeUnitOf(field: Field): number {
  return (field.type as { unit: number }).unit;
}

function int128(words: Uint32Array, at: number): bigint {
  const low = BigInt(words[at]!) | (BigInt(words[at + 1]!) << 32n);
  const high = BigInt(words[at + 2]!) | (BigInt(words[at + 3]!) << 32n);
  return BigInt.asIntN(128, low | (high << 64n));
}

/**
 * A decoded value as JSON can carry it: bigint → number when safe, else its decimal string;
 * bytes → base64; NaN/±Infinity → "NaN"/"Infinity"/"-Infinity". The encoder accepts all of these
 * back for the same column type.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
