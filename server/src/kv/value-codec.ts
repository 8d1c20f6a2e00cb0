import type { ColumnDef, DataType } from '../arrow/index.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import type { Row } from './values.ts';

/**
 * Stored rows as RocksDB values: the schema id (u16 big-endian), a null bitmap (one bit per
 * column, in schema order), then each non-null value: BOOLEAN and TINYINT one byte, SMALLINT/
 * INT/BIGINT/FLOAT/DOUBLE little-endian fixed width, BYTES a varint length and the bytes, and
 * every text-decoded type (STRING, DECIMAL, DATE, TIME, TIMESTAMP) a varint length and UTF-8.
 */
export class ValueCodec {
  readonly #columns: readonly ColumnDef[];
  readonly #schemaId: number;
  readonly #bitmapBytes: number;

  constructor(columns: readonly ColumnDef[], schemaId: number) {
    if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffff) throw new RangeError(`Schema id out of range: ${schemaId}`);
    this.#columns = columns;
    this.#schemaId = schemaId;
    this.#bitmapBytes = Math.ceil(columns.length / 8);
  }

  encode(row: Row): Buffer {
    const writer = new ByteWriter(32 + this.#columns.length * 8);
    writer.u16be(this.#schemaId);
    const bitmap = new Uint8Array(this.#bitmapBytes);
    this.#columns.forEach((column, index) => {
      const value = row[column.name];
      if (value === null || value === undefined) bitmap[index >> 3] = bitmap[index >> 3]! | (1 << (index & 7));
    });
    writer.bytes(bitmap);
    for (const column of this.#columns) {
      const value = row[column.name];
      if (value !== null && value !== undefined) writeValue(writer, column.type, value);
    }
    return writer.finish();
  }

  decode(bytes: Buffer): Row {
    const reader = new ByteReader(bytes);
    const schemaId = reader.u16be();
    if (schemaId !== this.#schemaId) throw new RangeError(`Stored row has schema id ${schemaId}, expected ${this.#schemaId}`);
    const bitmap = reader.bytes(this.#bitmapBytes);
    const row: Row = {};
    this.#columns.forEach((column, index) => {
      const isNull = (bitmap[index >> 3]! & (1 << (index & 7))) !== 0;
      row[column.name] = isNull ? null : readValue(reader, column.type);
    });
    if (reader.remaining !== 0) throw new RangeError(`Stored row has ${reader.remaining} trailing bytes`);
    return row;
  }
}

function writeValue(writer: ByteWriter, type: DataType, value: unknown): void {
  switch (type.kind) {
    case 'boolean':
      writer.u8(value === true ? 1 : 0);
      return;
    case 'tinyint':
      writer.u8((value as number) & 0xff);
      return;
    case 'smallint':
      writer.i16le(value as number);
      return;
    case 'int':
      writer.i32le(value as number);
      return;
    case 'bigint':
      writer.i64le(value as bigint);
      return;
    case 'float':
      writer.f32le(value as number);
      return;
    case 'double':
      writer.f64le(value as number);
      return;
    case 'bytes': {
      const bytes = value as Uint8Array;
      writer.varint(bytes.length);
      writer.bytes(bytes);
      return;
    }
    default:
      writer.utf8(value as string);
  }
}

function readValue(reader: ByteReader, type: DataType): unknown {
  switch (type.kind) {
    case 'boolean':
      return reader.u8() === 1;
    case 'tinyint':
      return reader.i8();
    case 'smallint':
      return reader.i16le();
    case 'int':
      return reader.i32le();
    case 'bigint':
      return reader.i64le();
    case 'float':
      return reader.f32le();
    case 'double':
      return reader.f64le();
    case 'bytes':
      return Uint8Array.from(reader.bytes(reader.varint())); // a copy: the value outlives the read buffer
    default:
      return reader.utf8();
  }
}
