import type { TablePath__Output } from '../rpc/generated/fluss/v1/TablePath.ts';

/** A table's name as the wire carries it. */
export type TablePath = TablePath__Output;

/** Parses "db.table" (the spelling of the CLI and of `connection.getTable`). Throws TypeError. */
export function parseTablePath(text: string): TablePath {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1 || text.indexOf('.', dot + 1) !== -1) {
    throw new TypeError(`Invalid table path, expected database.table: "${text}"`);
  }
  return { database: text.slice(0, dot), table: text.slice(dot + 1) };
}

export function formatTablePath(path: TablePath): string {
  return `${path.database}.${path.table}`;
}

export function toTablePath(path: string | TablePath): TablePath {
  return typeof path === 'string' ? parseTablePath(path) : path;
}
