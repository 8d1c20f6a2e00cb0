import { describe, expect, it } from 'vitest';
import { RowError } from './errors.ts';
import { ReusableEncoder } from './reusable-encoder.ts';
import { decodeRows } from './row-decoder.ts';
import type { ColumnDef } from './schema.ts';

const COLUMNS: ColumnDef[] = [
  { id: 0, name: 'k', type: { kind: 'int' }, nullable: false },
  { id: 1, name: 'v', type: { kind: 'string' }, nullable: true },
];

describe('ReusableEncoder', () => {
  it('encodes batch after batch, each holding only its own rows', () => {
    const encoder = new ReusableEncoder(COLUMNS);
    expect(
      decodeRows(
        encoder.encode([
          { k: 1, v: 'a' },
          { k: 2, v: null },
        ]),
      ),
    ).toEqual([
      { k: 1, v: 'a' },
      { k: 2, v: null },
    ]);
    expect(decodeRows(encoder.encode([{ k: 3, v: 'c' }]))).toEqual([{ k: 3, v: 'c' }]);
  });

  it('a batch with a bad row throws, and leaves nothing of it in the next batch', () => {
    const encoder = new ReusableEncoder(COLUMNS);
    expect(() => encoder.encode([{ k: 1, v: 'kept out' }, { k: null }])).toThrow(RowError);
    expect(decodeRows(encoder.encode([{ k: 2, v: 'b' }]))).toEqual([{ k: 2, v: 'b' }]);
  });
});
