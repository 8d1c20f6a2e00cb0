import type { ColumnDef, DataType } from '../arrow/index.ts';
import { ByteWriter } from './bytes.ts';
import type { Row } from './values.ts';

const SIGN_BIT_64 = 1n << 63n;
const TEXT_ENCODER = new TextEncoder();

/**
 * Primary keys as RocksDB keys. The bucket-key columns come first, then the other primary-key
 * columns, so every row of one bucket key shares a byte prefix (prefix lookup = one range scan).
 * Each value is self-delimiting and order-preserving for integers, floats, booleans, strings and
 * bytes (big-endian with the sign flipped; text escaped 0x00 → 0x00 0xFF and ended by 0x00 0x01).
 * DECIMAL, DATE, TIME and TIMESTAMP are keyed by their canonical text: equal values give equal
 * keys, and temporal text sorts by time; decimals do not sort numerically.
 */
export class KeyCodec {
  readonly #keyColumns: readonly ColumnDef[];
  readonly #prefixColumns: readonly ColumnDef[];

  constructor(columns: readonly ColumnDef[], primaryKey: readonly string[], bucketKey: readonly string[]) {
    const byName = (name: string): ColumnDef => {
      const column = columns.find((c) => c.name === name);
      if (column === undefined) throw new TypeError(`Key column "${name}" is not a column`);
      return column;
    };
    const rest = primaryKey.filter((name) => !bucketKey.includes(name));
    if (bucketKey.some((name) => !primaryKey.includes(name))) throw new TypeError('The bucket key must be part of the primary key');
    this.#prefixColumns = bucketKey.map(byName);
    this.#keyColumns = [...this.#prefixColumns, ...rest.map(byName)];
  }

  /** The key columns in key order (bucket key first). */
  get keyColumns(): readonly ColumnDef[] {
    return this.#keyColumns;
  }

  get prefixColumns(): readonly ColumnDef[] {
    return this.#prefixColumns;
  }

  /** The full primary key of `row` (which may hold other columns too). */
  encodeKey(row: Row): Buffer {
    return encode(this.#keyColumns, row);
  }

  /** The bucket-key prefix of `row`: a byte prefix of encodeKey of every row with these values. */
  encodePrefix(row: Row): Buffer {
    return encode(this.#prefixColumns, row);
  }
}

function encode(columns: readonly ColumnDef[], row: Row): Buffer {
  const writer = new ByteWriter();
  for (const column of columns) {
    const value = row[column.name];
    if (value === null || value === undefined) throw new TypeError(`Key column "${column.name}" is null`);
    writeKeyValue(writer, column.type, value);
  }
  return writer.finish();
}

function writeKeyValue(writer: ByteWriter, type: DataType, value: unknown): void {
  switch (type.kind) {
    case 'boolean':
      writer.u8(value === true ? 1 : 0);
      return;
    case 'tinyint':
      writer.u8(((value as number) ^ 0x80) & 0xff);
      return;
    case 'smallint':
      writer.u16be(((value as number) ^ 0x8000) & 0xffff);
      return;
    case 'int':
      writer.u32be((value as number) ^ 0x8000_0000);
      return;
    case 'bigint':
      writer.u64be(BigInt.asUintN(64, value as bigint) ^ SIGN_BIT_64);
      return;
    case 'float':
    case 'double':
      writeOrderedDouble(writer, value as number);
      return;
    case 'bytes':
      writeEscaped(writer, value as Uint8Array);
      return;
    default:
      writeEscaped(writer, TEXT_ENCODER.encode(value as string));
  }
}

/** IEEE-754 bits made to sort as unsigned bytes: negatives invert every bit, positives flip the sign. */
function writeOrderedDouble(writer: ByteWriter, value: number): void {
  const at = writer.length;
  writer.f64be(value === 0 ? 0 : Number.isNaN(value) ? Number.NaN : value); // one key for -0 and 0
  const bytes = writer.view(at, at + 8);
  if ((bytes[0]! & 0x80) !== 0) {
    for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff;
  } else {
    bytes[0] = bytes[0]! | 0x80;
  }
}

function writeEscaped(writer: ByteWriter, bytes: Uint8Array): void {
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    writer.bytes(bytes.subarray(start, i + 1));
    writer.u8(0xff);
    start = i + 1;
  }
  writer.bytes(bytes.subarray(start));
  writer.u8(0x00);
  writer.u8(0x01);
}
