// The reference row shape from notes/performance.md (≈1 KB): 2 BIGINT, 1 INT and 17 STRING
// columns of 60 characters. Shared by the encoder benchmark and the size-sensitive tests.
import type { ColumnDef } from './schema.ts';

export const WIDE_STRING_COLUMNS = 17;

export function wideColumns(): ColumnDef[] {
  const columns: ColumnDef[] = [
    { id: 0, name: 'id', type: { kind: 'bigint' }, nullable: false },
    { id: 1, name: 'ts', type: { kind: 'bigint' }, nullable: false },
    { id: 2, name: 'qty', type: { kind: 'int' }, nullable: true },
  ];
  for (let i = 0; i < WIDE_STRING_COLUMNS; i++) {
    columns.push({ id: 3 + i, name: `s${i}`, type: { kind: 'string' }, nullable: true });
  }
  return columns;
}

/**
 * Deterministic rows; every string differs so nothing is accidentally deduplicated. Built the way
 * JSON.parse builds them (fast-mode objects via fromEntries, flat strings), because that is what
 * real clients hand over; V8's dictionary-mode objects and rope strings are several times slower.
 */
export function wideRows(count: number, seed = 0): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const n = seed + r;
    const entries: [string, unknown][] = [
      ['id', BigInt(n)],
      ['ts', 1_700_000_000_000 + n],
      ['qty', n % 1000],
    ];
    for (let i = 0; i < WIDE_STRING_COLUMNS; i++) entries.push([`s${i}`, flatString(`value-${i}-${n}-`, 60)]);
    rows.push(Object.fromEntries(entries));
  }
  return rows;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz';

function flatString(prefix: string, length: number): string {
  const codes: number[] = [];
  for (let i = 0; i < length; i++) codes.push(i < prefix.length ? prefix.charCodeAt(i) : FILLER.charCodeAt(i % FILLER.length));
  return String.fromCharCode(...codes);
}
