import { formatDataType, type ColumnDef, type DataTypeKind } from '../arrow/index.ts';

/**
 * How a primary-key table merges a write into the row it already holds (Fluss's merge engines),
 * from the table properties `table.merge-engine`, `table.merge-engine.versioned.ver-column`,
 * `table.delete.behavior` and `fields.<column>.agg` (docs/primary-key-tables.md).
 */
export type MergeEngineSpec =
  | { readonly kind: 'last_row'; readonly deleteBehavior: DeleteBehavior }
  | { readonly kind: 'first_row'; readonly deleteBehavior: DeleteBehavior }
  | { readonly kind: 'versioned'; readonly versionColumn: string; readonly deleteBehavior: DeleteBehavior }
  | { readonly kind: 'aggregation'; readonly functions: ReadonlyMap<string, AggregateSpec>; readonly deleteBehavior: DeleteBehavior };

export type MergeEngineKind = MergeEngineSpec['kind'];

/** What a delete does: remove the row, do nothing, or fail the write. */
export type DeleteBehavior = 'allow' | 'ignore' | 'disable';

export type AggregateFunction =
  | 'sum'
  | 'product'
  | 'max'
  | 'min'
  | 'last_value'
  | 'last_value_ignore_nulls'
  | 'first_value'
  | 'first_value_ignore_nulls'
  | 'listagg'
  | 'string_agg'
  | 'bool_and'
  | 'bool_or';

export interface AggregateSpec {
  readonly fn: AggregateFunction;
  /** listagg/string_agg: `fields.<column>.<fn>.delimiter`, default ",". */
  readonly delimiter: string;
}

export const MERGE_ENGINE_KEYS = ['table.merge-engine', 'table.merge-engine.versioned.ver-column', 'table.delete.behavior'] as const;

const ENGINES: readonly MergeEngineKind[] = ['last_row', 'first_row', 'versioned', 'aggregation'];
const DEFAULT_AGGREGATE: AggregateFunction = 'last_value_ignore_nulls';
/** Paimon's names for the same functions, accepted too. */
const ALIASES: ReadonlyMap<string, AggregateFunction> = new Map([
  ['last_non_null_value', 'last_value_ignore_nulls'],
  ['first_non_null_value', 'first_value_ignore_nulls'],
]);
const NUMERIC: ReadonlySet<DataTypeKind> = new Set(['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal']);
/** Which column types each function takes; absent = every type. */
const TYPES_OF: Partial<Record<AggregateFunction, ReadonlySet<DataTypeKind>>> = {
  sum: NUMERIC,
  product: NUMERIC,
  listagg: new Set(['string']),
  string_agg: new Set(['string']),
  bool_and: new Set(['boolean']),
  bool_or: new Set(['boolean']),
};
const VERSION_TYPES: ReadonlySet<DataTypeKind> = new Set(['int', 'bigint', 'timestamp', 'timestamp_ltz']);
const AGG_KEY = /^fields\.([^.]+)\.agg$/;

/**
 * Validates the merge-engine properties of a table and returns its engine. `primaryKey` empty
 * means a log table, which must not set any of them. Throws TypeError naming the property.
 */
export function parseMergeEngine(properties: Readonly<Record<string, string>>, columns: readonly ColumnDef[], primaryKey: readonly string[]): MergeEngineSpec {
  const engineText = properties['table.merge-engine'];
  if (primaryKey.length === 0) {
    const stray = Object.keys(properties).filter((key) => (MERGE_ENGINE_KEYS as readonly string[]).includes(key) || AGG_KEY.test(key));
    if (stray.length > 0) throw new TypeError(`Property ${stray[0]} needs a primary-key table`);
    return { kind: 'last_row', deleteBehavior: 'allow' };
  }
  const kind = (engineText ?? 'last_row').trim().toLowerCase() as MergeEngineKind;
  if (!ENGINES.includes(kind)) throw new TypeError(`Property table.merge-engine must be one of ${ENGINES.join(', ')}: "${engineText}"`);
  const deleteBehavior = parseDeleteBehavior(properties['table.delete.behavior'], kind);
  const versionText = properties['table.merge-engine.versioned.ver-column'];
  if (kind !== 'versioned' && versionText !== undefined) {
    throw new TypeError('Property table.merge-engine.versioned.ver-column needs table.merge-engine = versioned');
  }
  const aggKeys = Object.keys(properties).filter((key) => AGG_KEY.test(key));
  if (kind !== 'aggregation' && aggKeys.length > 0) throw new TypeError(`Property ${aggKeys[0]} needs table.merge-engine = aggregation`);
  switch (kind) {
    case 'versioned':
      return { kind, versionColumn: versionColumn(versionText, columns), deleteBehavior };
    case 'aggregation':
      return { kind, functions: aggregateFunctions(properties, columns, primaryKey), deleteBehavior };
    default:
      return { kind, deleteBehavior };
  }
}

function parseDeleteBehavior(text: string | undefined, kind: MergeEngineKind): DeleteBehavior {
  // Only last_row can take a delete back out of its state by default; the others keep what they merged.
  const fallback: DeleteBehavior = kind === 'last_row' ? 'allow' : 'ignore';
  const behavior = (text ?? fallback).trim().toLowerCase();
  if (behavior !== 'allow' && behavior !== 'ignore' && behavior !== 'disable') {
    throw new TypeError(`Property table.delete.behavior must be allow, ignore or disable: "${text}"`);
  }
  if (behavior === 'allow' && (kind === 'first_row' || kind === 'versioned')) {
    throw new TypeError(`Property table.delete.behavior cannot be allow with the ${kind} merge engine (ignore or disable)`);
  }
  return behavior;
}

function versionColumn(name: string | undefined, columns: readonly ColumnDef[]): string {
  if (name === undefined) throw new TypeError('The versioned merge engine needs property table.merge-engine.versioned.ver-column');
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw new TypeError(`Property table.merge-engine.versioned.ver-column names no column: "${name}"`);
  if (!VERSION_TYPES.has(column.type.kind)) {
    throw new TypeError(`Version column "${name}" must be INT, BIGINT, TIMESTAMP or TIMESTAMP_LTZ: got ${formatDataType(column.type)}`);
  }
  return name;
}

function aggregateFunctions(
  properties: Readonly<Record<string, string>>,
  columns: readonly ColumnDef[],
  primaryKey: readonly string[],
): Map<string, AggregateSpec> {
  for (const key of Object.keys(properties)) {
    const column = AGG_KEY.exec(key)?.[1];
    if (column === undefined) continue;
    if (!columns.some((c) => c.name === column)) throw new TypeError(`Property ${key} names no column: "${column}"`);
    if (primaryKey.includes(column)) throw new TypeError(`Property ${key}: primary-key column "${column}" is not aggregated`);
  }
  const functions = new Map<string, AggregateSpec>();
  for (const column of columns) {
    if (primaryKey.includes(column.name)) continue;
    const key = `fields.${column.name}.agg`;
    const text = (properties[key] ?? DEFAULT_AGGREGATE).trim().toLowerCase();
    const fn = ALIASES.get(text) ?? (text as AggregateFunction);
    if (!isAggregateFunction(fn)) throw new TypeError(`Property ${key}: unknown aggregate function "${properties[key]}"`);
    const types = TYPES_OF[fn];
    if (types !== undefined && !types.has(column.type.kind)) {
      throw new TypeError(`Property ${key}: ${fn} cannot aggregate ${formatDataType(column.type)} column "${column.name}"`);
    }
    functions.set(column.name, { fn, delimiter: properties[`fields.${column.name}.${fn}.delimiter`] ?? ',' });
  }
  return functions;
}

const FUNCTIONS: ReadonlySet<string> = new Set<AggregateFunction>([
  'sum',
  'product',
  'max',
  'min',
  'last_value',
  'last_value_ignore_nulls',
  'first_value',
  'first_value_ignore_nulls',
  'listagg',
  'string_agg',
  'bool_and',
  'bool_or',
]);

function isAggregateFunction(text: string): text is AggregateFunction {
  return FUNCTIONS.has(text);
}
