import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseDataType } from './data-types.ts';
import { RowError } from './errors.ts';
import { inspectIpc } from './ipc-inspect.ts';
import { decodeRows } from './row-decoder.ts';
import { RowBatchEncoder } from './row-encoder.ts';
import { wideColumns, wideRows } from './sample-rows.ts';
import type { ColumnDef } from './schema.ts';

const column = (name: string, type: string, nullable = true, id = 0): ColumnDef => ({ id, name, type: parseDataType(type), nullable });

function rejection(encoder: RowBatchEncoder, row: Record<string, unknown>): RowError {
  try {
    encoder.append(row);
  } catch (error) {
    if (error instanceof RowError) return error;
    throw error;
  }
  throw new Error(`append accepted ${JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
}

describe('RowBatchEncoder.append rejects a bad value with a precise RowError and keeps the batch', () => {
  it.each<[string, unknown, string]>([
    ['INT', 'abc', 'expects INT: got "abc"'],
    ['INT', 3.5, 'expects INT: got 3.5'],
    ['INT', 2 ** 31, 'expects INT: got 2147483648 (out of range -2147483648..2147483647)'],
    ['TINYINT', -129, 'expects TINYINT: got -129 (out of range -128..127)'],
    ['SMALLINT', 1n, 'expects SMALLINT: got 1n'],
    ['BIGINT', 2 ** 53, 'expects BIGINT: got 9007199254740992 (not a safe integer; pass a bigint or a string)'],
    ['BIGINT', 2n ** 63n, 'expects BIGINT: got 9223372036854775808n (out of 64-bit range)'],
    ['BIGINT', '12a', 'expects BIGINT: got "12a"'],
    ['FLOAT', 1e39, 'expects FLOAT: got 1e+39 (out of FLOAT range)'],
    ['DOUBLE', 'nan', 'expects DOUBLE: got "nan"'],
    ['BOOLEAN', 'true', 'expects BOOLEAN: got "true"'],
    ['DECIMAL(5,2)', '1.234', 'expects DECIMAL(5,2): got "1.234" (has more than 2 fractional digits)'],
    ['DECIMAL(5,2)', '1234.5', 'expects DECIMAL(5,2): got "1234.5" (does not fit DECIMAL(5,2))'],
    ['DECIMAL(5,2)', 0.125, 'expects DECIMAL(5,2): got 0.125 (has more than 2 fractional digits)'],
    ['DECIMAL(5,2)', '1,5', 'expects DECIMAL(5,2): got "1,5" (not a decimal number)'],
    ['DECIMAL(5,2)', Number.NaN, 'expects DECIMAL(5,2): got NaN'],
    ['STRING', 5, 'expects STRING: got 5'],
    ['STRING', 'a\uD800b', 'expects STRING: got "a\\ud800b" (contains an unpaired surrogate)'],
    ['BYTES', 'not base64!', 'expects BYTES: got "not base64!" (not base64)'],
    ['BYTES', [1, 2], 'expects BYTES: got an array'],
    ['DATE', '2023-02-29', 'expects DATE: got "2023-02-29" (expected YYYY-MM-DD)'],
    ['DATE', '2023-1-1', 'expects DATE: got "2023-1-1" (expected YYYY-MM-DD)'],
    ['DATE', 2 ** 31, 'expects DATE: got 2147483648'],
    ['TIME(0)', '24:00:00', 'expects TIME(0): got "24:00:00" (expected HH:MM:SS[.fff])'],
    ['TIME(0)', '12:00:00.5', 'expects TIME(0): got "12:00:00.5" (finer than precision 0)'],
    ['TIME(3)', 86_400_000, 'expects TIME(3): got 86400000 (expected milliseconds of the day)'],
    ['TIMESTAMP(3)', '2024-01-01T00:00:00Z', 'expects TIMESTAMP(3): got "2024-01-01T00:00:00Z" (TIMESTAMP has no time zone; use TIMESTAMP_LTZ)'],
    ['TIMESTAMP_LTZ(3)', '2024-01-01T00:00:00', 'expects TIMESTAMP_LTZ(3): got "2024-01-01T00:00:00" (a zone (Z or ±HH:MM) is required)'],
    ['TIMESTAMP(3)', '2024-01-01', 'expects TIMESTAMP(3): got "2024-01-01" (expected ISO-8601 YYYY-MM-DDTHH:MM:SS[.f…])'],
    ['TIMESTAMP(0)', 1500, 'expects TIMESTAMP(0): got 1500 (finer than precision 0)'],
    ['TIMESTAMP(6)', '2024-01-01T00:00:00.1234567', 'expects TIMESTAMP(6): got "2024-01-01T00:00:00.1234567" (finer than precision 6)'],
    ['TIMESTAMP(9)', 2n ** 63n, 'expects TIMESTAMP(9): got 9223372036854775808n (out of range)'],
    ['TIMESTAMP(9)', '2300-01-01T00:00:00', 'expects TIMESTAMP(9): got "2300-01-01T00:00:00" (out of range)'],
    ['TIMESTAMP(3)', new Date(Number.NaN), 'expects TIMESTAMP(3): got Invalid Date'],
    ['TIMESTAMP(3)', { ms: 1 }, 'expects TIMESTAMP(3): got an object'],
  ])('%s ← %o', (type, value, reason) => {
    const encoder = new RowBatchEncoder([column('id', 'INT', false), column('v', type)]);
    encoder.append({ id: 1, v: null });
    const error = rejection(encoder, { id: 2, v: value });
    expect(error.column).toBe('v');
    expect(error.message).toBe(`column "v" ${reason}`);
    expect(encoder.rowCount).toBe(1);
    expect(decodeRows(encoder.finish())).toEqual([{ id: 1, v: null }]);
  });

  it('names the column that is not nullable, for null and for a missing value', () => {
    const encoder = new RowBatchEncoder([column('id', 'BIGINT', false), column('note', 'STRING')]);
    expect(rejection(encoder, { id: null }).message).toBe('column "id" is not nullable: got null');
    expect(rejection(encoder, { note: 'x' }).message).toBe('column "id" is not nullable: got no value');
    expect(rejection(encoder, { note: 'x' }).column).toBe('id');
    expect(encoder.rowCount).toBe(0);
  });

  it('rejects keys that are not columns, but ignores keys holding undefined', () => {
    const encoder = new RowBatchEncoder([column('a', 'INT'), column('b', 'INT')]);
    const error = rejection(encoder, { a: 1, qty: 2 });
    expect(error.column).toBe('qty');
    expect(error.message).toBe('unknown column "qty"; columns are a, b');
    encoder.append({ a: 1, extra: undefined });
    expect(decodeRows(encoder.finish())).toEqual([{ a: 1, b: null }]);
  });

  it('rejects rows that are not plain objects', () => {
    const encoder = new RowBatchEncoder([column('a', 'INT')]);
    for (const bad of [null, 5, 'row', [1]]) {
      const error = rejection(encoder, bad as unknown as Record<string, unknown>);
      expect(error.column).toBeUndefined();
      expect(error.message).toMatch(/^a row must be an object: got /);
    }
  });

  it('undoes a row that fails after earlier columns were written', () => {
    const encoder = new RowBatchEncoder([column('s', 'STRING'), column('b', 'BYTES'), column('flag', 'BOOLEAN'), column('n', 'INT', false)]);
    encoder.append({ s: 'kept', b: new Uint8Array([1]), flag: true, n: 1 });
    rejection(encoder, { s: 'a long string that must vanish', b: new Uint8Array([9, 9, 9]), flag: true, n: 'x' });
    rejection(encoder, { s: null, b: null, flag: false, n: null });
    encoder.append({ s: 'next', flag: false, n: 2 });
    expect(decodeRows(encoder.finish())).toEqual([
      { s: 'kept', b: new Uint8Array([1]), flag: true, n: 1 },
      { s: 'next', b: null, flag: false, n: 2 },
    ]);
  });

  it('reads only own properties, so a column named like an Object member is not inherited', () => {
    const encoder = new RowBatchEncoder([column('constructor', 'STRING'), column('toString', 'STRING')]);
    encoder.append({ toString: 'mine' });
    expect(decodeRows(encoder.finish())).toEqual([{ constructor: null, toString: 'mine' }]);
  });
});

describe('RowBatchEncoder.finish', () => {
  it('writes one IPC stream with the schema and exactly one record batch, readable by apache-arrow', () => {
    const columns = [column('id', 'BIGINT', false, 7), column('name', 'STRING', true, 9)];
    const encoder = new RowBatchEncoder(columns);
    encoder.append({ id: 1n, name: 'a' });
    encoder.append({ id: 2, name: null });
    const ipc = encoder.finish();
    expect(inspectIpc(ipc, columns)).toEqual({ recordCount: 2, batchCount: 1 });
    const table = tableFromIPC(ipc);
    expect(table.batches).toHaveLength(1);
    expect(table.getChild('id')!.toArray()).toEqual(new BigInt64Array([1n, 2n]));
    expect(table.getChild('name')!.toArray()).toEqual(['a', null]);
    expect(table.schema.fields[1]!.metadata.get('fluss.column_id')).toBe('9');
  });

  it('starts over empty, and reusing the encoder does not disturb bytes already returned', () => {
    const encoder = new RowBatchEncoder([column('s', 'STRING'), column('n', 'INT')]);
    encoder.append({ s: 'first', n: 1 });
    const first = encoder.finish();
    const firstCopy = first.slice();
    expect(encoder.rowCount).toBe(0);
    encoder.append({ s: 'second batch overwrites the buffers', n: 2 });
    encoder.append({ s: null, n: 3 });
    const second = encoder.finish();
    expect(first).toEqual(firstCopy);
    expect(decodeRows(first)).toEqual([{ s: 'first', n: 1 }]);
    expect(decodeRows(second)).toEqual([
      { s: 'second batch overwrites the buffers', n: 2 },
      { s: null, n: 3 },
    ]);
  });

  it('encodes an empty batch', () => {
    const columns = [column('a', 'INT')];
    const ipc = new RowBatchEncoder(columns).finish();
    expect(inspectIpc(ipc, columns)).toEqual({ recordCount: 0, batchCount: 1 });
  });

  it('grows past its initial capacity with values and nulls intact', () => {
    const encoder = new RowBatchEncoder([column('n', 'INT'), column('s', 'STRING'), column('d', 'DECIMAL(20,2)')]);
    const rows = Array.from({ length: 5000 }, (_, i) => ({ n: i % 3 === 0 ? null : i, s: `row ${i}`, d: i % 7 === 0 ? null : `${i}.25` }));
    for (const row of rows) encoder.append(row);
    expect(decodeRows(encoder.finish())).toEqual(rows);
  });
});

describe('RowBatchEncoder.byteSize', () => {
  it('predicts the size of the IPC bytes finish() returns, and resets with it', () => {
    const encoder = new RowBatchEncoder(wideColumns());
    const empty = encoder.byteSize;
    const emptyIpc = new RowBatchEncoder(wideColumns()).finish().byteLength;
    expect(empty).toBeGreaterThanOrEqual(emptyIpc);
    expect(empty).toBeLessThan(emptyIpc + 100);
    const sizes: number[] = [];
    for (const row of wideRows(100)) {
      encoder.append(row);
      sizes.push(encoder.byteSize);
    }
    expect(sizes.every((size, i) => i === 0 || size > sizes[i - 1]!)).toBe(true);
    const predicted = encoder.byteSize;
    const ipc = encoder.finish();
    expect(ipc.byteLength).toBeGreaterThan(100 * 1100);
    expect(Math.abs(predicted - ipc.byteLength)).toBeLessThan(20 * 3 * 8); // padding of ≤ 3 buffers per column
    expect(encoder.byteSize).toBe(empty);
  });
});

describe('RowBatchEncoder constructor', () => {
  it('rejects an empty column list and duplicate names', () => {
    expect(() => new RowBatchEncoder([])).toThrow(TypeError);
    expect(() => new RowBatchEncoder([column('a', 'INT'), column('a', 'STRING')])).toThrow('column names must be unique');
  });
});
