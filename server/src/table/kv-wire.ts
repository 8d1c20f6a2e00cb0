import type { ColumnDef } from '../arrow/index.ts';

/** What one row of a PutKv batch asks for. */
export type KvOp = 'upsert' | 'delete';

/** Per-row op bytes of PutKvRequest.ops. */
export const KV_OP_CODES: Readonly<Record<KvOp, number>> = { upsert: 0, delete: 1 };

/**
 * The columns of a PutKv batch: the key columns and the written ones (every column, or a partial
 * update's targets), in table order. Non-key columns are nullable on the wire because a delete
 * carries only its key; NOT NULL is checked on the merged row instead.
 */
export function kvWireColumns(columns: readonly ColumnDef[], primaryKey: readonly string[], targetColumns?: readonly string[]): ColumnDef[] {
  const keep = (name: string): boolean => targetColumns === undefined || primaryKey.includes(name) || targetColumns.includes(name);
  return columns.filter((c) => keep(c.name)).map((c) => (primaryKey.includes(c.name) ? c : { ...c, nullable: true }));
}
