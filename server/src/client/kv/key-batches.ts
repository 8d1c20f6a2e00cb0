import { RowError, type ReusableEncoder, type ColumnDef } from '../../arrow/index.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { RowRouter, targetKey, type BucketTarget } from '../writer/row-router.ts';

export type Row = Record<string, unknown>;

/** Rows of one request: the (partition, bucket) they go to and their positions in the caller's list. */
export interface BucketGroup {
  readonly target: BucketTarget;
  readonly indexes: number[];
  readonly rows: Row[];
}

/**
 * Groups rows by the bucket their key hashes to (the same routing as writes, so a key is looked
 * up where it was written). A row whose key cannot be routed fails with a RowError naming its index.
 */
export function groupByBucket(table: TableInfo__Output, rows: readonly Row[]): BucketGroup[] {
  // Primary-key tables always have a bucket key: the sticky start is never used.
  const router = new RowRouter(table, () => 0);
  const groups = new Map<string, BucketGroup>();
  rows.forEach((row, index) => {
    const target = atRow(index, () => router.route(row));
    const key = targetKey(target);
    let group = groups.get(key);
    if (group === undefined) {
      group = { target, indexes: [], rows: [] };
      groups.set(key, group);
    }
    group.indexes.push(index);
    group.rows.push(row);
  });
  return [...groups.values()];
}

/** The given columns of each row (others dropped) as one Arrow IPC stream, by an encoder of those columns. */
export function encodeColumns(encoder: ReusableEncoder, columns: readonly ColumnDef[], rows: readonly Row[], indexes: readonly number[]): Uint8Array {
  let at = 0;
  function* picked(): Generator<Row> {
    for (let i = 0; i < rows.length; i++) {
      at = indexes[i]!;
      yield pick(rows[i]!, columns);
    }
  }
  return atRow(
    () => at,
    () => encoder.encode(picked()),
  );
}

export function pick(row: Row, columns: readonly ColumnDef[]): Row {
  const out: Row = {};
  for (const column of columns) out[column.name] = row[column.name];
  return out;
}

/** Runs `work` for the row at `index` (or the one `index()` names when it fails), adding the index to a RowError's message. */
export function atRow<T>(index: number | (() => number), work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RowError) throw new RowError(error.column, `Row ${typeof index === 'number' ? index : index()}: ${error.message}`);
    throw error;
  }
}

export function columnsNamed(columns: readonly ColumnDef[], names: readonly string[]): ColumnDef[] {
  return names.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (column === undefined) throw new TypeError(`Unknown column "${name}" (columns: ${columns.map((c) => c.name).join(', ')})`);
    return column;
  });
}
