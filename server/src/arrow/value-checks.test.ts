import {
  type Data,
  type DataType as ArrowType,
  Decimal,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Time,
  TimeUnit,
  Utf8,
  Field,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseDataType } from './data-types.ts';
import { InvalidBatchError } from './errors.ts';
import { inspectIpc } from './ipc-inspect.ts';
import type { ColumnDef } from './schema.ts';

// Value checks through inspectIpc, on batches built straight from Arrow buffers so that the bytes
// can be anything (RowBatchEncoder never writes a bad value).

const column = (type: string): ColumnDef => ({ id: 0, name: 'v', type: parseDataType(type), nullable: true });

/** An IPC stream of one nullable column `v`, one record batch per Data. */
function stream(type: ArrowType, batches: Data[]): Uint8Array {
  const schema = new Schema([new Field('v', type, true)]);
  const records = batches.map(
    (data) => new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: data.length, nullCount: 0, children: [data] })),
  );
  return RecordBatchStreamWriter.writeAll(records).toUint8Array(true);
}

/** STRING values from raw bytes; null entries are null rows. */
function strings(values: (number[] | null)[]): Data {
  const offsets = new Int32Array(values.length + 1);
  const bytes: number[] = [];
  values.forEach((value, i) => {
    bytes.push(...(value ?? []));
    offsets[i + 1] = bytes.length;
  });
  return makeData({
    type: new Utf8(),
    length: values.length,
    nullCount: nullCount(values),
    nullBitmap: bitmap(values),
    valueOffsets: offsets,
    data: Uint8Array.from(bytes),
  });
}

/** DECIMAL values; a null row holds `underNull` in its (ignored) slot. */
function decimals(precision: number, scale: number, values: (bigint | null)[], underNull = 0n): Data {
  const words = new BigInt64Array(2 * values.length);
  values.forEach((value, i) => {
    const v = value ?? underNull;
    words[2 * i] = BigInt.asIntN(64, v);
    words[2 * i + 1] = BigInt.asIntN(64, v >> 64n);
  });
  return makeData({
    type: new Decimal(scale, precision, 128),
    length: values.length,
    nullCount: nullCount(values),
    nullBitmap: bitmap(values),
    data: new Uint32Array(words.buffer),
  });
}

function times(unit: TimeUnit, values: (number | null)[]): Data {
  const wide = unit !== TimeUnit.MILLISECOND;
  const data = wide ? BigInt64Array.from(values, (v) => BigInt(v ?? 0)) : Int32Array.from(values, (v) => v ?? 0);
  return makeData({ type: new Time(unit, wide ? 64 : 32), length: values.length, nullCount: nullCount(values), nullBitmap: bitmap(values), data });
}

const nullCount = (values: unknown[]): number => values.filter((v) => v === null).length;
function bitmap(values: unknown[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(values.length / 64) * 8);
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3]! |= 1 << (i & 7);
  });
  return bits;
}

function rejection(ipc: Uint8Array, def: ColumnDef): string {
  try {
    inspectIpc(ipc, [def]);
  } catch (error) {
    if (error instanceof InvalidBatchError) return error.message;
    throw error;
  }
  throw new Error('inspectIpc accepted the values');
}

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];

describe('STRING values must be UTF-8', () => {
  const def = column('STRING');

  it('accepts ASCII, 2-, 3- and 4-byte characters, empty strings and nulls', () => {
    const ipc = stream(new Utf8(), [strings([utf8('plain'), utf8('zürich'), utf8('☃ €'), utf8('𝄞'), [], null, utf8('\u{10FFFF}')])]);
    expect(inspectIpc(ipc, [def]).recordCount).toBe(7);
  });

  it.each([
    ['an overlong encoding of NUL', [0xc0, 0x80]],
    ['an overlong 3-byte encoding', [0xe0, 0x80, 0xaf]],
    ['a UTF-16 surrogate (U+D800)', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x98]],
    ['0xFF', [0xff]],
  ])('refuses %s, naming the column and row', (_what, bytes) => {
    const ipc = stream(new Utf8(), [strings([utf8('ok'), [0x61, ...bytes, 0x62], utf8('ok')])]);
    expect(rejection(ipc, def)).toMatch(/column "v", row 1: STRING value is not valid UTF-8/);
  });

  it('refuses a character split across two values, though the bytes together are valid', () => {
    const [first, second] = [utf8('é').slice(0, 1), utf8('é').slice(1)];
    const ipc = stream(new Utf8(), [strings([utf8('a'), [0x61, ...first!], [...second!, 0x62]])]);
    expect(rejection(ipc, def)).toMatch(/row 1: STRING value is not valid UTF-8/);
  });

  it('counts rows over the batches of the stream', () => {
    const ipc = stream(new Utf8(), [strings([utf8('a'), utf8('b')]), strings([utf8('c'), [0xff]])]);
    expect(rejection(ipc, def)).toMatch(/column "v", row 3:/);
  });

  it('is skipped when value checks are off', () => {
    const ipc = stream(new Utf8(), [strings([[0xff]])]);
    expect(inspectIpc(ipc, [def], { checkValues: false }).recordCount).toBe(1);
  });
});

describe('DECIMAL values must fit their precision', () => {
  it('accepts values with exactly p digits, negative ones and zero; ignores what lies under a null', () => {
    const ipc = stream(new Decimal(2, 5, 128), [decimals(5, 2, [99_999n, -99_999n, 0n, -1n, null])]);
    expect(inspectIpc(ipc, [column('DECIMAL(5,2)')]).recordCount).toBe(5);
    const garbageUnderNull = stream(new Decimal(2, 5, 128), [decimals(5, 2, [1n, null], 10n ** 10n)]);
    expect(inspectIpc(garbageUnderNull, [column('DECIMAL(5,2)')]).recordCount).toBe(2);
  });

  it('refuses one digit more, positive or negative', () => {
    for (const value of [100_000n, -100_000n, 10n ** 30n]) {
      const ipc = stream(new Decimal(2, 5, 128), [decimals(5, 2, [1n, value])]);
      expect(rejection(ipc, column('DECIMAL(5,2)'))).toMatch(/column "v", row 1: DECIMAL\(5,2\) value -?\d+\.00 has more than 5 digits/);
    }
  });

  it('uses all 128 bits at precision 38', () => {
    const max = 10n ** 38n - 1n;
    expect(inspectIpc(stream(new Decimal(0, 38, 128), [decimals(38, 0, [max, -max])]), [column('DECIMAL(38,0)')]).recordCount).toBe(2);
    expect(rejection(stream(new Decimal(0, 38, 128), [decimals(38, 0, [-max - 1n])]), column('DECIMAL(38,0)'))).toMatch(/row 0: DECIMAL\(38,0\)/);
  });
});

describe('TIME values must lie within a day', () => {
  it.each([
    ['TIME(3)', TimeUnit.MILLISECOND, 86_400_000],
    ['TIME(6)', TimeUnit.MICROSECOND, 86_400_000_000],
    ['TIME(9)', TimeUnit.NANOSECOND, 86_400_000_000_000],
  ])('%s: accepts 0 and the last unit of the day, refuses a full day and negatives', (type, unit, day) => {
    const arrowType = new Time(unit, unit === TimeUnit.MILLISECOND ? 32 : 64);
    expect(inspectIpc(stream(arrowType, [times(unit, [0, day - 1, null])]), [column(type)]).recordCount).toBe(3);
    expect(rejection(stream(arrowType, [times(unit, [0, day])]), column(type))).toMatch(
      new RegExp(`column "v", row 1: TIME\\(\\d\\) value ${day} is outside a day`),
    );
    expect(rejection(stream(arrowType, [times(unit, [-1])]), column(type))).toMatch(/row 0: TIME\(\d\) value -1 is outside a day/);
  });
});
