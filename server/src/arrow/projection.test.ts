import { Int32, makeData, RecordBatch, RecordBatchStreamWriter, Struct } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataType } from './data-types.ts';
import { InvalidBatchError } from './errors.ts';
import { inspectIpc } from './ipc-inspect.ts';
import { projectIpc } from './projection.ts';
import { decodeRows } from './row-decoder.ts';
import { RowBatchEncoder } from './row-encoder.ts';
import { wideColumns, wideRows } from './sample-rows.ts';
import { toArrowSchema, type ColumnDef } from './schema.ts';
import { expectedRow, inputRow, tableArb } from './test-arbitraries.ts';

function encode(columns: ColumnDef[], rows: Record<string, unknown>[]): Uint8Array {
  const encoder = new RowBatchEncoder(columns);
  for (const row of rows) encoder.append(row);
  return encoder.finish();
}

const pick = (row: Record<string, unknown>, names: string[]): Record<string, unknown> => Object.fromEntries(names.map((name) => [name, row[name]]));

describe('projectIpc', () => {
  const columns = wideColumns();
  const rows = wideRows(2000);
  const ipc = encode(columns, rows);

  it('keeps only the projected columns, in the projection order, with their values', () => {
    const projected = projectIpc(ipc, columns, [5, 0]); // s2, id
    const decoded = decodeRows(projected);
    expect(decoded).toEqual(rows.map((row) => pick(row, ['s2', 'id'])));
    expect(Object.keys(decoded[0]!)).toEqual(['s2', 'id']);
  });

  it('returns about 2/20 of the bytes for 2 of 20 columns of ≈1 KB rows', () => {
    const stringIds = [3, 4]; // two 60-char string columns: 2 of the 17 that make up ~all bytes
    const projected = projectIpc(ipc, columns, stringIds);
    const ratio = projected.byteLength / ipc.byteLength;
    expect(ratio).toBeGreaterThan(0.09);
    expect(ratio).toBeLessThan(0.13); // 2×64 of ≈1,109 bytes per row, plus the schema
    const numeric = projectIpc(ipc, columns, [0, 2]); // 8 + 4 bytes per row
    expect(numeric.byteLength / ipc.byteLength).toBeLessThan(0.02);
  });

  it('produces a stream the server accepts for the projected columns, keeping column ids', () => {
    const projected = projectIpc(ipc, columns, [2, 19]);
    const projectedColumns = [columns[2]!, columns[19]!];
    expect(inspectIpc(projected, projectedColumns)).toEqual({ recordCount: 2000, batchCount: 1 });
  });

  it('matches decoding and picking, for random tables, types and nulls', () => {
    fc.assert(
      fc.property(
        tableArb.chain((table) => fc.record({ table: fc.constant(table), order: fc.shuffledSubarray(table.columns, { minLength: 1 }) })),
        ({ table, order }) => {
          const full = encode(
            table.columns,
            table.rows.map((samples) => inputRow(table.columns, samples)),
          );
          const projected = projectIpc(
            full,
            table.columns,
            order.map((c) => c.id),
          );
          const expected = table.rows.map((samples) =>
            pick(
              expectedRow(table.columns, samples),
              order.map((c) => c.name),
            ),
          );
          expect(decodeRows(projected)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every batch of a multi-batch stream', () => {
    const intColumns: ColumnDef[] = [
      { id: 1, name: 'a', type: parseDataType('INT'), nullable: false },
      { id: 2, name: 'b', type: parseDataType('INT'), nullable: false },
    ];
    const schema = toArrowSchema(intColumns);
    const batch = (a: number[], b: number[]): RecordBatch => {
      const children = [a, b].map((values) => makeData({ type: new Int32(), length: values.length, nullCount: 0, data: Int32Array.from(values) }));
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: a.length, nullCount: 0, children }));
    };
    const stream = RecordBatchStreamWriter.writeAll([batch([1, 2], [10, 20]), batch([3], [30])]).toUint8Array(true);
    const projected = projectIpc(stream, intColumns, [2]);
    expect(inspectIpc(projected, [intColumns[1]!])).toEqual({ recordCount: 3, batchCount: 2 });
    expect(decodeRows(projected)).toEqual([{ b: 10 }, { b: 20 }, { b: 30 }]);
  });

  it('rejects unknown, repeated or no column ids with a RangeError naming them', () => {
    expect(() => projectIpc(ipc, columns, [0, 99])).toThrow(
      new RangeError(`unknown column id 99 in projection; the table has ${columns.map((c) => `${c.id} (${c.name})`).join(', ')}`),
    );
    expect(() => projectIpc(ipc, columns, [2, 2])).toThrow('column id 2 (qty) appears twice in the projection');
    expect(() => projectIpc(ipc, columns, [])).toThrow(RangeError);
  });

  it('rejects bytes that do not hold the given columns with InvalidBatchError', () => {
    const other: ColumnDef[] = columns.map((c) => (c.id === 0 ? { ...c, name: 'key' } : c));
    expect(() => projectIpc(ipc, other, [0])).toThrow(InvalidBatchError);
    expect(() => projectIpc(new Uint8Array([1, 2, 3]), columns, [0])).toThrow(InvalidBatchError);
  });
});
