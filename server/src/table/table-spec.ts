import { formatDataType, parseDataType, type ColumnDef } from '../arrow/index.ts';
import type { ColumnInfo, TableSpec } from './table-info.ts';
import { shortText } from '../common/short-text.ts';
import { CHANGE_TYPE_COLUMN_NAME } from './change-type.ts';
import { parseMergeEngine } from './merge-engine-options.ts';
import { parseTableOptions } from './table-properties.ts';

/** Longest database, table or column name (characters). */
export const MAX_NAME_LENGTH = 200;
const NAME = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9_-]{0,${MAX_NAME_LENGTH - 1}}$`);
/** How much of a refused name its error message repeats. */
const NAME_ECHO_CHARS = 64;

/** A table spec that passed validation, with column ids given and defaults filled in. */
export interface ValidatedTable {
  columns: ColumnInfo[];
  primaryKey: string[];
  bucketKey: string[];
  buckets: number;
  partitionKeys: string[];
  properties: Record<string, string>;
}

export function validateName(kind: 'database' | 'table' | 'column', name: string): void {
  if (!NAME.test(name)) {
    throw new TypeError(`Invalid ${kind} name, use letters, digits, _ and - (at most ${MAX_NAME_LENGTH}): "${shortText(name, NAME_ECHO_CHARS)}"`);
  }
}

function requireColumns(what: string, names: readonly string[], columns: ReadonlySet<string>): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!columns.has(name)) throw new TypeError(`${what} column "${name}" is not a column of the table`);
    if (seen.has(name)) throw new TypeError(`${what} column "${name}" is listed twice`);
    seen.add(name);
  }
}

/**
 * Checks a user's table spec and fills in defaults (Fluss semantics): primary-key columns become
 * NOT NULL; a primary-key table's bucket key defaults to the primary key without the partition
 * keys and must be a subset of it; partition keys are STRING columns (and part of the primary
 * key of a primary-key table). Throws TypeError with a message naming the offending part.
 */
export function validateTableSpec(spec: TableSpec, defaultBuckets: number): ValidatedTable {
  validateName('database', spec.database);
  validateName('table', spec.name);
  if (spec.columns.length === 0) throw new TypeError('A table needs at least one column');
  const names = new Set<string>();
  for (const column of spec.columns) {
    validateName('column', column.name);
    if (names.has(column.name)) throw new TypeError(`Column "${column.name}" is declared twice`);
    names.add(column.name);
  }
  requireColumns('Primary key', spec.primaryKey, names);
  requireColumns('Partition key', spec.partitionKeys, names);
  requireColumns('Bucket key', spec.bucketKey, names);

  const primaryKey = [...spec.primaryKey];
  const columns = spec.columns.map((column, id): ColumnInfo => {
    let type: string;
    try {
      type = formatDataType(parseDataType(column.type));
    } catch (error) {
      throw new TypeError(`Column "${column.name}": ${(error as Error).message}`);
    }
    return { id, name: column.name, type, nullable: column.nullable && !primaryKey.includes(column.name), comment: column.comment };
  });

  for (const key of spec.partitionKeys) {
    const type = columns.find((c) => c.name === key)!.type;
    if (type !== 'STRING') throw new TypeError(`Partition key "${key}" must be a STRING column: got ${type}`);
    if (primaryKey.length > 0 && !primaryKey.includes(key)) {
      throw new TypeError(`Partition key "${key}" must be part of the primary key (${primaryKey.join(', ')})`);
    }
  }
  let bucketKey = [...spec.bucketKey];
  if (primaryKey.length > 0) {
    const physicalKey = primaryKey.filter((k) => !spec.partitionKeys.includes(k));
    if (physicalKey.length === 0) throw new TypeError('The primary key must have a column that is not a partition key');
    if (bucketKey.length === 0) bucketKey = physicalKey;
    const stray = bucketKey.filter((k) => !physicalKey.includes(k));
    if (stray.length > 0) {
      throw new TypeError(`Bucket key must be part of the primary key without partition keys (${physicalKey.join(', ')}): ${stray.join(', ')}`);
    }
  }
  const buckets = spec.buckets === 0 ? defaultBuckets : spec.buckets;
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 1024) {
    throw new TypeError(`Bucket count must be 1..1024: ${spec.buckets}`);
  }
  if (primaryKey.length > 0 && names.has(CHANGE_TYPE_COLUMN_NAME)) {
    throw new TypeError(`Column "${CHANGE_TYPE_COLUMN_NAME}" is reserved in primary-key tables (their changelog's change type)`);
  }
  const properties = { ...spec.properties };
  parseTableOptions(properties, spec.partitionKeys);
  parseMergeEngine(properties, columnDefs({ schema: { columns } }), primaryKey);
  return { columns, primaryKey, bucketKey, buckets, partitionKeys: [...spec.partitionKeys], properties };
}

/** The Arrow column definitions of a table's current schema (of a table or its wire message). */
export function columnDefs(table: { schema?: { schemaId?: number; columns: readonly ColumnInfo[] } | null }): ColumnDef[] {
  return (table.schema?.columns ?? []).map((column) => ({
    id: column.id,
    name: column.name,
    type: parseDataType(column.type),
    nullable: column.nullable,
  }));
}
