// What differs between a FlussTable spec and the live table (the coordinator's wire types).
// Pure, so every rule about "what may change" is tested without a coordinator.
import type { TableInfo } from '../../../server/src/client/admin.ts';
import type { TablePath } from '../../../server/src/client/table-path.ts';
import type { AlterTableRequest__Output } from '../../../server/src/rpc/generated/fluss/v1/AlterTableRequest.ts';
import type { TableShape } from '../api/types.ts';

/** An AlterTable request: what Admin.alterTable(path, changes) sends. */
export type TableAlteration = AlterTableRequest__Output & { path: TablePath };

export function tablePath(shape: Pick<TableShape, 'database' | 'name'>): TablePath {
  return { database: shape.database, table: shape.name };
}

/** "decimal(10, 2)" and "DECIMAL(10,2)" are the same type. */
export function normalizeType(type: string): string {
  return type
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/NOTNULL$/, '');
}

export interface TableDiff {
  /** Changes the coordinator cannot make; reported on a condition, never attempted. */
  unsupported: string[];
  /** Property and comment changes, or undefined when nothing may and must change. */
  alter: TableAlteration | undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function schemaDifferences(shape: TableShape, live: TableInfo): string[] {
  const liveColumns = live.schema?.columns ?? [];
  const primaryKey = new Set(shape.primaryKey ?? []);
  const differences: string[] = [];
  const wanted = shape.schema.columns;
  for (const column of wanted) {
    const found = liveColumns.find((candidate) => candidate.name === column.name);
    if (!found) {
      differences.push(`column ${column.name} would be added`);
      continue;
    }
    if (normalizeType(found.type) !== normalizeType(column.type)) differences.push(`column ${column.name} type ${found.type} -> ${column.type}`);
    // Primary-key columns are NOT NULL whatever the spec says.
    if (!primaryKey.has(column.name) && found.nullable !== (column.nullable ?? true)) differences.push(`column ${column.name} nullability would change`);
  }
  for (const column of liveColumns) {
    if (!wanted.some((candidate) => candidate.name === column.name)) differences.push(`column ${column.name} would be dropped`);
  }
  if (
    differences.length === 0 &&
    !sameList(
      wanted.map((c) => c.name),
      liveColumns.map((c) => c.name),
    )
  )
    differences.push('column order would change');
  return differences;
}

/**
 * `managedPropertyKeys`: the property keys this operator set before; only those are reset when
 * they leave the spec (the coordinator may add defaults of its own that must stay).
 */
export function diffTable(shape: TableShape, live: TableInfo, managedPropertyKeys: readonly string[]): TableDiff {
  const unsupported = schemaDifferences(shape, live);
  const compare = (what: string, wanted: string[] | undefined, actual: string[]): void => {
    if (wanted !== undefined && wanted.length > 0 && !sameList(wanted, actual)) unsupported.push(`${what} [${actual.join(', ')}] -> [${wanted.join(', ')}]`);
  };
  compare('primaryKey', shape.primaryKey, live.primaryKey);
  compare('bucketKey', shape.bucketKey, live.bucketKey);
  compare('partitionKeys', shape.partitionKeys, live.partitionKeys);
  if (shape.buckets !== undefined && shape.buckets !== live.buckets) unsupported.push(`buckets ${live.buckets} -> ${shape.buckets}`);

  const wantedProperties = shape.properties ?? {};
  const setProperties = Object.fromEntries(Object.entries(wantedProperties).filter(([key, value]) => live.properties[key] !== value));
  const resetProperties = managedPropertyKeys.filter((key) => !(key in wantedProperties) && key in live.properties);
  const comment = shape.comment !== undefined && shape.comment !== live.comment ? shape.comment : '';
  const changes = Object.keys(setProperties).length > 0 || resetProperties.length > 0 || comment !== '';
  return {
    unsupported,
    alter: changes ? { path: tablePath(shape), setProperties, resetProperties, comment } : undefined,
  };
}
