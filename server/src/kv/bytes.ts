/** An append-only byte buffer that grows by doubling; `finish` copies out exactly what was written. */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(capacity = 64) {
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.#length;
  }

  /** Makes room and returns where to write. Call it before touching #buffer: it may replace it. */
  #reserve(bytes: number): number {
    const at = this.#length;
    if (at + bytes > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, at + bytes));
      this.#buffer.copy(grown, 0, 0, at);
      this.#buffer = grown;
    }
    this.#length = at + bytes;
    return at;
  }

  u8(value: number): void {
    const at = this.#reserve(1);
    this.#buffer[at] = value;
  }

  u16be(value: number): void {
    const at = this.#reserve(2);
    this.#buffer.writeUInt16BE(value, at);
  }

  u32be(value: number): void {
    const at = this.#reserve(4);
    this.#buffer.writeUInt32BE(value >>> 0, at);
  }

  u64be(value: bigint): void {
    const at = this.#reserve(8);
    this.#buffer.writeBigUInt64BE(value, at);
  }

  i16le(value: number): void {
    const at = this.#reserve(2);
    this.#buffer.writeInt16LE(value, at);
  }

  i32le(value: number): void {
    const at = this.#reserve(4);
    this.#buffer.writeInt32LE(value, at);
  }

  i64le(value: bigint): void {
    const at = this.#reserve(8);
    this.#buffer.writeBigInt64LE(value, at);
  }

  f32le(value: number): void {
    const at = this.#reserve(4);
    this.#buffer.writeFloatLE(value, at);
  }

  f64le(value: number): void {
    const at = this.#reserve(8);
    this.#buffer.writeDoubleLE(value, at);
  }

  f64be(value: number): void {
    const at = this.#reserve(8);
    this.#buffer.writeDoubleBE(value, at);
  }

  /** Unsigned LEB128 (7 bits per byte), for lengths. */
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.u8(rest);
  }

  bytes(value: Uint8Array): void {
    const at = this.#reserve(value.length);
    this.#buffer.set(value, at);
  }

  utf8(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.varint(length);
    const at = this.#reserve(length);
    this.#buffer.write(value, at, length, 'utf8');
  }

  /** The bytes at [at, end): for in-place transforms such as order-preserving float keys. */
  view(at: number, end: number): Buffer {
    return this.#buffer.subarray(at, end);
  }

  finish(): Buffer {
    return Buffer.from(this.#buffer.subarray(0, this.#length));
  }
}

/** Reads what ByteWriter wrote; every read is bounds-checked (a short buffer throws RangeError). */
export class ByteReader {
  readonly #buffer: Buffer;
  #at: number;

  constructor(buffer: Buffer, at = 0) {
    this.#buffer = buffer;
    this.#at = at;
  }

  get position(): number {
    return this.#at;
  }

  get remaining(): number {
    return this.#buffer.length - this.#at;
  }

  #take(bytes: number): number {
    const at = this.#at;
    if (at + bytes > this.#buffer.length) throw new RangeError(`Truncated: need ${bytes} bytes at ${at} of ${this.#buffer.length}`);
    this.#at = at + bytes;
    return at;
  }

  u8(): number {
    return this.#buffer[this.#take(1)]!;
  }

  u16be(): number {
    return this.#buffer.readUInt16BE(this.#take(2));
  }

  u32be(): number {
    return this.#buffer.readUInt32BE(this.#take(4));
  }

  u64be(): bigint {
    return this.#buffer.readBigUInt64BE(this.#take(8));
  }

  i8(): number {
    return this.#buffer.readInt8(this.#take(1));
  }

  i16le(): number {
    return this.#buffer.readInt16LE(this.#take(2));
  }

  i32le(): number {
    return this.#buffer.readInt32LE(this.#take(4));
  }

  i64le(): bigint {
    return this.#buffer.readBigInt64LE(this.#take(8));
  }

  f32le(): number {
    return this.#buffer.readFloatLE(this.#take(4));
  }

  f64le(): number {
    return this.#buffer.readDoubleLE(this.#take(8));
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let shift = 0; shift < 53; shift += 7) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    throw new RangeError('Varint longer than 53 bits');
  }

  /** A view into the buffer (no copy). */
  bytes(length: number): Buffer {
    const at = this.#take(length);
    return this.#buffer.subarray(at, at + length);
  }

  utf8(): string {
    const length = this.varint();
    const at = this.#take(length);
    return this.#buffer.toString('utf8', at, at + length);
  }
}
