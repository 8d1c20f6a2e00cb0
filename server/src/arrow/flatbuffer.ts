// A bounds-checked, read-only FlatBuffers reader: just enough to walk Arrow's Message/Schema/
// RecordBatch tables on untrusted bytes. The generated readers in apache-arrow trust their input
// (an out-of-range offset surfaces as a RangeError, a huge vector length as a long loop); here
// every offset, length and vtable entry is checked against the buffer and any violation becomes
// an InvalidBatchError.
import { InvalidBatchError } from './errors.ts';

const utf8 = new TextDecoder();

export class FlatBuffer {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  /** Prefix for error messages, e.g. "message 1 (metadata)". */
  readonly context: string;

  constructor(bytes: Uint8Array, context: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.context = context;
  }

  fail(why: string): never {
    throw new InvalidBatchError(`${this.context}: ${why}`);
  }

  /** Fails unless [pos, pos + size) lies within the buffer. */
  check(pos: number, size: number, what: string): void {
    if (pos < 0 || size < 0 || pos + size > this.bytes.length) {
      this.fail(`malformed flatbuffer: ${what} at ${pos} (+${size}) is outside the ${this.bytes.length}-byte metadata`);
    }
  }

  u8(pos: number): number {
    this.check(pos, 1, 'byte');
    return this.view.getUint8(pos);
  }

  u16(pos: number): number {
    this.check(pos, 2, 'uint16');
    return this.view.getUint16(pos, true);
  }

  i16(pos: number): number {
    this.check(pos, 2, 'int16');
    return this.view.getInt16(pos, true);
  }

  u32(pos: number): number {
    this.check(pos, 4, 'uint32');
    return this.view.getUint32(pos, true);
  }

  i32(pos: number): number {
    this.check(pos, 4, 'int32');
    return this.view.getInt32(pos, true);
  }

  /** An int64 that must be a safe, non-negative JS number (lengths, offsets, counts). */
  count64(pos: number, what: string): number {
    this.check(pos, 8, what);
    const value = this.view.getBigInt64(pos, true);
    if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`${what} ${value} is out of range`);
    return Number(value);
  }

  root(): Table {
    return this.table(this.u32(0), 'root table');
  }

  table(pos: number, what: string): Table {
    const vtable = pos - this.i32(pos);
    const vtableSize = this.u16(vtable);
    const tableSize = this.u16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0) this.fail(`malformed flatbuffer: ${what} has a vtable of ${vtableSize} bytes`);
    this.check(vtable, vtableSize, `${what} vtable`);
    this.check(pos, Math.max(tableSize, 4), what);
    return new Table(this, pos, vtable, vtableSize, tableSize, what);
  }

  string(pos: number, what: string): string {
    const length = this.u32(pos);
    this.check(pos + 4, length, what);
    return utf8.decode(this.bytes.subarray(pos + 4, pos + 4 + length));
  }

  /** Start and length of a vector of `elementSize`-byte elements whose uoffset is stored at `pos`. */
  vector(pos: number, elementSize: number, what: string): { start: number; length: number } {
    const length = this.u32(pos);
    this.check(pos + 4, length * elementSize, what);
    return { start: pos + 4, length };
  }
}

export class Table {
  readonly fb: FlatBuffer;
  readonly pos: number;
  private readonly vtable: number;
  private readonly vtableSize: number;
  private readonly tableSize: number;
  private readonly what: string;

  constructor(fb: FlatBuffer, pos: number, vtable: number, vtableSize: number, tableSize: number, what: string) {
    this.fb = fb;
    this.pos = pos;
    this.vtable = vtable;
    this.vtableSize = vtableSize;
    this.tableSize = tableSize;
    this.what = what;
  }

  /** Absolute position of field `index` (which is `size` bytes wide), or undefined when absent. */
  private field(index: number, size: number): number | undefined {
    const entry = 4 + 2 * index;
    if (entry >= this.vtableSize) return undefined;
    const offset = this.fb.u16(this.vtable + entry);
    if (offset === 0) return undefined;
    if (offset + size > this.tableSize) this.fb.fail(`malformed flatbuffer: ${this.what} field ${index} lies outside its table`);
    return this.pos + offset;
  }

  has(index: number): boolean {
    return this.field(index, 0) !== undefined;
  }

  u8(index: number, fallback: number): number {
    const pos = this.field(index, 1);
    return pos === undefined ? fallback : this.fb.u8(pos);
  }

  bool(index: number, fallback: boolean): boolean {
    const pos = this.field(index, 1);
    return pos === undefined ? fallback : this.fb.u8(pos) !== 0;
  }

  i16(index: number, fallback: number): number {
    const pos = this.field(index, 2);
    return pos === undefined ? fallback : this.fb.i16(pos);
  }

  i32(index: number, fallback: number): number {
    const pos = this.field(index, 4);
    return pos === undefined ? fallback : this.fb.i32(pos);
  }

  count64(index: number, what: string): number {
    const pos = this.field(index, 8);
    return pos === undefined ? 0 : this.fb.count64(pos, what);
  }

  private target(index: number): number | undefined {
    const pos = this.field(index, 4);
    return pos === undefined ? undefined : pos + this.fb.u32(pos);
  }

  table(index: number, what: string): Table | undefined {
    const pos = this.target(index);
    return pos === undefined ? undefined : this.fb.table(pos, what);
  }

  string(index: number, what: string): string | undefined {
    const pos = this.target(index);
    return pos === undefined ? undefined : this.fb.string(pos, what);
  }

  vector(index: number, elementSize: number, what: string): { start: number; length: number } {
    const pos = this.target(index);
    return pos === undefined ? { start: 0, length: 0 } : this.fb.vector(pos, elementSize, what);
  }

  /** The table that element `i` of a vector of tables points at. */
  tableAt(vector: { start: number }, i: number, what: string): Table {
    const slot = vector.start + 4 * i;
    return this.fb.table(slot + this.fb.u32(slot), what);
  }
}
