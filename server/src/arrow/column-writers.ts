// Column writers: one growable, typed Arrow buffer set per column, filled value by value.
// Builders from apache-arrow do the same job ~8x slower (see notes/performance.md).
//
// A writer stores row r's value at slot r and never reads slots ≥ r, so a row that fails halfway
// is undone by simply not counting it: the next append overwrites the same slots.
import { makeData, type Data, type DataType as ArrowType } from 'apache-arrow';
import { toArrowType } from './arrow-types.ts';
import {
  bigintCoercion,
  booleanCoercion,
  bytesCoercion,
  dateCoercion,
  decimalCoercion,
  floatCoercion,
  illFormedString,
  intCoercion,
  stringCoercion,
  timeCoercion,
  timestampCoercion,
  type BigIntCoercion,
  type NumberCoercion,
} from './coerce.ts';
import type { DataType } from './data-types.ts';
import { ValueError } from './errors.ts';

export interface ColumnWriter {
  /** Stores a non-null value at `row` (< capacity). Throws ValueError if the value does not fit. */
  write(row: number, value: unknown): void;
  writeNull(row: number): void;
  /** Makes room for `capacity` rows (only ever grows). */
  grow(capacity: number): void;
  /** Bytes the first `rows` rows occupy in Arrow buffers. */
  byteSize(rows: number): number;
  /** Arrow data viewing the first `rows` rows; valid until the next write. */
  toData(rows: number): Data;
}

// makeData's public overloads are per type; ours are built from a runtime type, so go through one
// loosely-typed door (the props are the same shape for every flat and var-width type).
interface BufferProps {
  type: ArrowType;
  length: number;
  nullCount: number;
  nullBitmap?: Uint8Array;
  data: ArrayBufferView;
  valueOffsets?: Int32Array;
}
const makeBufferData = makeData as unknown as (props: BufferProps) => Data;

const BIT_COUNTS = Uint8Array.from({ length: 256 }, (_, byte) => {
  let bits = 0;
  for (let b = byte; b !== 0; b >>= 1) bits += b & 1;
  return bits;
});

function growBytes(old: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(size);
  next.set(old);
  return next;
}

/** The validity bitmap and the shared write/null/toData protocol; subclasses own the value buffers. */
abstract class BaseWriter implements ColumnWriter {
  protected readonly arrowType: ArrowType;
  private validity: Uint8Array | undefined;

  constructor(arrowType: ArrowType, nullable: boolean) {
    this.arrowType = arrowType;
    this.validity = nullable ? new Uint8Array(0) : undefined;
  }

  protected abstract put(row: number, value: unknown): void;
  protected abstract putEmpty(row: number): void;
  protected abstract growValues(capacity: number): void;
  protected abstract valueBytes(rows: number): number;
  protected abstract valueBuffers(rows: number): Pick<BufferProps, 'data' | 'valueOffsets'>;

  write(row: number, value: unknown): void {
    this.put(row, value);
    if (this.validity !== undefined) this.validity[row >> 3]! |= 1 << (row & 7);
  }

  writeNull(row: number): void {
    // Only nullable columns get here: the encoder rejects nulls for the others.
    this.validity![row >> 3]! &= ~(1 << (row & 7));
    this.putEmpty(row);
  }

  grow(capacity: number): void {
    if (this.validity !== undefined) this.validity = growBytes(this.validity, (capacity + 7) >> 3);
    this.growValues(capacity);
  }

  byteSize(rows: number): number {
    return this.valueBytes(rows) + (this.validity === undefined ? 0 : (rows + 7) >> 3);
  }

  toData(rows: number): Data {
    const nullCount = this.nullCount(rows);
    const bitmap = nullCount === 0 || this.validity === undefined ? {} : { nullBitmap: this.validity.subarray(0, (rows + 7) >> 3) };
    return makeBufferData({ type: this.arrowType, length: rows, nullCount, ...bitmap, ...this.valueBuffers(rows) });
  }

  private nullCount(rows: number): number {
    const validity = this.validity;
    if (validity === undefined) return 0;
    let valid = 0;
    const fullBytes = rows >> 3;
    for (let i = 0; i < fullBytes; i++) valid += BIT_COUNTS[validity[i]!]!;
    const tailBits = rows & 7;
    if (tailBits !== 0) valid += BIT_COUNTS[validity[fullBytes]! & ((1 << tailBits) - 1)]!;
    return rows - valid;
  }
}

class BoolWriter extends BaseWriter {
  private bits = new Uint8Array(0);
  private readonly coerce: (value: unknown) => boolean;

  constructor(type: DataType, nullable: boolean) {
    super(toArrowType(type), nullable);
    this.coerce = booleanCoercion(type);
  }

  protected put(row: number, value: unknown): void {
    if (this.coerce(value)) this.bits[row >> 3]! |= 1 << (row & 7);
    else this.putEmpty(row);
  }

  protected putEmpty(row: number): void {
    this.bits[row >> 3]! &= ~(1 << (row & 7));
  }

  protected growValues(capacity: number): void {
    this.bits = growBytes(this.bits, (capacity + 7) >> 3);
  }

  protected valueBytes(rows: number): number {
    return (rows + 7) >> 3;
  }

  protected valueBuffers(rows: number): Pick<BufferProps, 'data'> {
    return { data: this.bits.subarray(0, (rows + 7) >> 3) };
  }
}

type NumberArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
type NumberArrayConstructor = new (length: number) => NumberArray;

/** One JS number per row: TINYINT..INT, FLOAT, DOUBLE, DATE (days), TIME(0..3) (ms). */
class NumberWriter extends BaseWriter {
  private values: NumberArray;
  private readonly ArrayType: NumberArrayConstructor;
  private readonly coerce: NumberCoercion;

  constructor(type: DataType, nullable: boolean, ArrayType: NumberArrayConstructor, coerce: NumberCoercion) {
    super(toArrowType(type), nullable);
    this.ArrayType = ArrayType;
    this.coerce = coerce;
    this.values = new ArrayType(0);
  }

  protected put(row: number, value: unknown): void {
    this.values[row] = this.coerce(value);
  }

  protected putEmpty(row: number): void {
    this.values[row] = 0;
  }

  protected growValues(capacity: number): void {
    const next = new this.ArrayType(capacity);
    next.set(this.values);
    this.values = next;
  }

  protected valueBytes(rows: number): number {
    return rows * this.values.BYTES_PER_ELEMENT;
  }

  protected valueBuffers(rows: number): Pick<BufferProps, 'data'> {
    return { data: this.values.subarray(0, rows) };
  }
}

/**
 * `lanes` int64 words per row: BIGINT, TIME(4..9), TIMESTAMP* (1 lane), DECIMAL (2 lanes:
 * 128-bit little-endian two's complement, low word first).
 */
class BigIntWriter extends BaseWriter {
  private values = new BigInt64Array(0);
  private readonly lanes: 1 | 2;
  private readonly coerce: BigIntCoercion;

  constructor(type: DataType, nullable: boolean, lanes: 1 | 2, coerce: BigIntCoercion) {
    super(toArrowType(type), nullable);
    this.lanes = lanes;
    this.coerce = coerce;
  }

  protected put(row: number, value: unknown): void {
    const v = this.coerce(value);
    if (this.lanes === 1) {
      this.values[row] = v;
    } else {
      this.values[2 * row] = BigInt.asIntN(64, v);
      this.values[2 * row + 1] = v >> 64n;
    }
  }

  protected putEmpty(row: number): void {
    this.values.fill(0n, row * this.lanes, (row + 1) * this.lanes);
  }

  protected growValues(capacity: number): void {
    const next = new BigInt64Array(capacity * this.lanes);
    next.set(this.values);
    this.values = next;
  }

  protected valueBytes(rows: number): number {
    return rows * 8 * this.lanes;
  }

  protected valueBuffers(rows: number): Pick<BufferProps, 'data'> {
    return { data: this.values.subarray(0, rows * this.lanes) };
  }
}

const MAX_VAR_BYTES = 2 ** 31 - 1; // int32 offsets

/** STRING and BYTES: int32 offsets plus one growing byte buffer. */
abstract class VarWidthWriter extends BaseWriter {
  protected offsets = new Int32Array(1);
  // A Buffer rather than a plain Uint8Array for its native UTF-8 write (see Utf8Writer).
  protected bytes = Buffer.alloc(0);

  /** Writes the value's bytes at `start` (after ensureBytes) and returns the end offset. */
  protected abstract encode(value: unknown, start: number): number;

  protected put(row: number, value: unknown): void {
    this.offsets[row + 1] = this.encode(value, this.offsets[row]!);
  }

  protected putEmpty(row: number): void {
    this.offsets[row + 1] = this.offsets[row]!;
  }

  protected ensureBytes(size: number): void {
    if (size <= this.bytes.length) return;
    if (size > MAX_VAR_BYTES) throw new ValueError('column data would exceed 2 GiB in one batch; finish the batch earlier');
    const next = Buffer.alloc(Math.min(MAX_VAR_BYTES, Math.max(size, 2 * this.bytes.length, 4096)));
    next.set(this.bytes);
    this.bytes = next;
  }

  protected growValues(capacity: number): void {
    const next = new Int32Array(capacity + 1);
    next.set(this.offsets);
    this.offsets = next;
  }

  protected valueBytes(rows: number): number {
    return 4 * (rows + 1) + this.offsets[rows]!;
  }

  protected valueBuffers(rows: number): Pick<BufferProps, 'data' | 'valueOffsets'> {
    return { valueOffsets: this.offsets.subarray(0, rows + 1), data: this.bytes.subarray(0, this.offsets[rows]) };
  }
}

class Utf8Writer extends VarWidthWriter {
  private readonly type: DataType;
  private readonly coerce: (value: unknown) => string;

  constructor(type: DataType, nullable: boolean) {
    super(toArrowType(type), nullable);
    this.type = type;
    this.coerce = stringCoercion(type);
  }

  protected encode(value: unknown, start: number): number {
    const text = this.coerce(value);
    // UTF-8 would silently turn an unpaired surrogate into U+FFFD; refuse instead. (O(1) for
    // one-byte strings.)
    if (!text.isWellFormed()) throw illFormedString(this.type, text);
    this.ensureBytes(start + 3 * text.length); // at most 3 UTF-8 bytes per UTF-16 unit
    // Buffer#write is Node's native UTF-8 encoder: measured ~2x a JS loop and ~1.5x
    // TextEncoder.encodeInto (which needs a subarray per value) for 60-char strings.
    return start + this.bytes.write(text, start, 'utf8');
  }
}

class BinaryWriter extends VarWidthWriter {
  private readonly coerce: (value: unknown) => Uint8Array;

  constructor(type: DataType, nullable: boolean) {
    super(toArrowType(type), nullable);
    this.coerce = bytesCoercion(type);
  }

  protected encode(value: unknown, start: number): number {
    const data = this.coerce(value);
    this.ensureBytes(start + data.length);
    this.bytes.set(data, start);
    return start + data.length;
  }
}

export function makeColumnWriter(type: DataType, nullable: boolean): ColumnWriter {
  switch (type.kind) {
    case 'boolean':
      return new BoolWriter(type, nullable);
    case 'tinyint':
      return new NumberWriter(type, nullable, Int8Array, intCoercion(type, 8));
    case 'smallint':
      return new NumberWriter(type, nullable, Int16Array, intCoercion(type, 16));
    case 'int':
      return new NumberWriter(type, nullable, Int32Array, intCoercion(type, 32));
    case 'bigint':
      return new BigIntWriter(type, nullable, 1, bigintCoercion(type));
    case 'float':
      return new NumberWriter(type, nullable, Float32Array, floatCoercion(type, true));
    case 'double':
      return new NumberWriter(type, nullable, Float64Array, floatCoercion(type, false));
    case 'decimal':
      return new BigIntWriter(type, nullable, 2, decimalCoercion(type));
    case 'string':
      return new Utf8Writer(type, nullable);
    case 'bytes':
      return new BinaryWriter(type, nullable);
    case 'date':
      return new NumberWriter(type, nullable, Int32Array, dateCoercion(type));
    case 'time': {
      // TIME(0..3) is int32 milliseconds; finer precisions are int64 (see toArrowType).
      const coerce = timeCoercion(type);
      return type.precision <= 3 ? new NumberWriter(type, nullable, Int32Array, coerce) : new BigIntWriter(type, nullable, 1, (value) => BigInt(coerce(value)));
    }
    case 'timestamp':
    case 'timestamp_ltz':
      return new BigIntWriter(type, nullable, 1, timestampCoercion(type));
  }
}
