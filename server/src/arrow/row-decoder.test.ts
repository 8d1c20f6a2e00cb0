import { Int32, makeData, makeVector, Table, tableFromArrays, tableToIPC, TimestampMicrosecond, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataType } from './data-types.ts';
import { decodeRows, toJsonValue } from './row-decoder.ts';
import { RowBatchEncoder } from './row-encoder.ts';
import type { ColumnDef } from './schema.ts';
import { expectedRow, inputRow, tableArb } from './test-arbitraries.ts';

function encode(columns: ColumnDef[], rows: Record<string, unknown>[]): Uint8Array {
  const encoder = new RowBatchEncoder(columns);
  for (const row of rows) encoder.append(row);
  return encoder.finish();
}

const column = (name: string, type: string, nullable = true, id = 0): ColumnDef => ({ id, name, type: parseDataType(type), nullable });

describe('decodeRows', () => {
  it('returns what the encoder accepted, for every type, input form, null and edge value', () => {
    fc.assert(
      fc.property(tableArb, ({ columns, rows }) => {
        const ipc = encode(
          columns,
          rows.map((samples) => inputRow(columns, samples)),
        );
        expect(decodeRows(ipc)).toEqual(rows.map((samples) => expectedRow(columns, samples)));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through JSON: the encoder accepts what toJsonValue prints', () => {
    const asJson = (rows: Record<string, unknown>[]): string =>
      JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJsonValue(v)]))));
    fc.assert(
      fc.property(tableArb, ({ columns, rows }) => {
        const decoded = decodeRows(
          encode(
            columns,
            rows.map((samples) => inputRow(columns, samples)),
          ),
        );
        const json = asJson(decoded);
        const reparsed = JSON.parse(json) as Record<string, unknown>[];
        expect(asJson(decodeRows(encode(columns, reparsed)))).toBe(json);
      }),
      { numRuns: 200 },
    );
  });

  it('formats the extremes of each type', () => {
    const columns = [
      column('big', 'BIGINT'),
      column('dec', 'DECIMAL(38,0)'),
      column('dec2', 'DECIMAL(38,38)'),
      column('ns', 'TIMESTAMP(9)'),
      column('ms', 'TIMESTAMP_LTZ(3)'),
      column('t9', 'TIME(9)'),
      column('d', 'DATE'),
    ];
    const max = {
      big: 2n ** 63n - 1n,
      dec: '9'.repeat(38),
      dec2: `0.${'9'.repeat(38)}`,
      ns: 2n ** 63n - 1n,
      ms: -1,
      t9: '23:59:59.999999999',
      d: 2 ** 31 - 1,
    };
    const min = { big: -(2n ** 63n), dec: `-${'9'.repeat(38)}`, dec2: `-0.${'0'.repeat(37)}1`, ns: -(2n ** 63n), ms: 0, t9: '00:00:00', d: -(2 ** 31) };
    expect(decodeRows(encode(columns, [max, min]))).toEqual([
      {
        big: 2n ** 63n - 1n,
        dec: '9'.repeat(38),
        dec2: `0.${'9'.repeat(38)}`,
        ns: '2262-04-11T23:47:16.854775807',
        ms: '1969-12-31T23:59:59.999Z',
        t9: '23:59:59.999999999',
        d: '+5881580-07-11',
      },
      {
        big: -(2n ** 63n),
        dec: `-${'9'.repeat(38)}`,
        dec2: `-0.${'0'.repeat(37)}1`,
        ns: '1677-09-21T00:12:43.145224192',
        ms: '1970-01-01T00:00:00.000Z',
        t9: '00:00:00.000000000',
        d: '-5877641-06-23',
      },
    ]);
  });

  it('shows timestamps at the column precision and LTZ in UTC with Z', () => {
    const columns = [column('t0', 'TIMESTAMP(0)'), column('t4', 'TIMESTAMP(4)'), column('z', 'TIMESTAMP_LTZ(6)'), column('time', 'TIME(0)')];
    const rows = [{ t0: '2024-05-06T07:08:09', t4: '2024-05-06T07:08:09.1234', z: '2024-05-06T07:08:09.5+02:00', time: '07:08:09' }];
    expect(decodeRows(encode(columns, rows))).toEqual([
      { t0: '2024-05-06T07:08:09', t4: '2024-05-06T07:08:09.1234', z: '2024-05-06T05:08:09.500000Z', time: '07:08:09' },
    ]);
  });

  it('decodes every batch of a multi-batch stream and IPC written by plain apache-arrow', () => {
    const a = vectorFromArray([1, null, 3], new Int32());
    const b = vectorFromArray(['x', 'y', null], new Utf8());
    const table = tableFromArrays({ a: Int32Array.from([7]) }).concat(tableFromArrays({ a: Int32Array.from([8, 9]) }));
    expect(decodeRows(tableToIPC(table, 'stream'))).toEqual([{ a: 7 }, { a: 8 }, { a: 9 }]);
    expect(decodeRows(tableToIPC(new Table({ a, b }), 'stream'))).toEqual([
      { a: 1, b: 'x' },
      { a: null, b: 'y' },
      { a: 3, b: null },
    ]);
  });

  it('reads an unannotated Arrow timestamp at its unit precision', () => {
    const type = new TimestampMicrosecond();
    const ts = makeData({ type, length: 2, nullCount: 0, data: BigInt64Array.from([1_000_001n, -1n]) });
    const table = new Table({ ts: makeVector(ts) });
    expect(table.schema.fields[0]!.metadata.size).toBe(0);
    expect(decodeRows(tableToIPC(table, 'stream'))).toEqual([{ ts: '1970-01-01T00:00:01.000001' }, { ts: '1969-12-31T23:59:59.999999' }]);
  });

  it('returns no rows for an empty batch', () => {
    expect(decodeRows(encode([column('a', 'INT')], []))).toEqual([]);
  });
});

describe('toJsonValue', () => {
  it.each<[unknown, unknown]>([
    [12n, 12],
    [-(2n ** 53n) + 1n, -(2 ** 53) + 1],
    [2n ** 53n, '9007199254740992'],
    [-(2n ** 63n), '-9223372036854775808'],
    [new Uint8Array([0, 1, 2, 255]), 'AAEC/w=='],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [1.5, 1.5],
    ['12.50', '12.50'],
    [null, null],
    [true, true],
  ])('maps %o to %o', (value, json) => {
    expect(toJsonValue(value)).toEqual(json);
  });
});
