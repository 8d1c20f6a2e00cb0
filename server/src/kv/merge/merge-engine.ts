import type { ColumnDef } from '../../arrow/index.ts';
import type { ChangeType } from '../../table/change-type.ts';
import type { MergeEngineSpec } from '../../table/merge-engine-options.ts';
import { compareValues, MergeError, type Row } from '../values.ts';
import { aggregator, type Aggregator } from './aggregators.ts';

export interface Change {
  readonly type: ChangeType;
  readonly row: Row;
}

/** The row a key holds after a write (undefined: no row) and the changelog entries that say so. */
export interface MergeOutcome {
  readonly value: Row | undefined;
  readonly changes: readonly Change[];
}

/**
 * A merge engine as a pure state machine over one key: (stored row | undefined) × write →
 * (stored row | undefined) + changelog. The changelog always carries full images:
 *
 *   stored     write     → stored'   changelog
 *   undefined  upsert r  → r'        +I r'
 *   s          upsert r  → r'        -U s, +U r'   (nothing when the engine keeps s unchanged)
 *   s          delete    → undefined -D s          (behaviour `allow`; `ignore` keeps s; `disable` throws)
 *   undefined  delete    → undefined nothing
 *
 * r' is the engine's merge: last_row takes r; first_row keeps the first row; versioned takes r
 * when its version is >= the stored one (a null version never wins); aggregation folds every
 * non-key column with its function. A partial update (target columns) merges only those columns
 * and keeps the others; a partial delete sets the target columns to null and deletes the row only
 * when every non-key column is then null.
 */
export interface MergeEngine {
  upsert(stored: Row | undefined, written: Row): MergeOutcome;
  delete(stored: Row | undefined, written: Row): MergeOutcome;
}

export interface MergeTable {
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: readonly string[];
}

const UNCHANGED = (stored: Row | undefined): MergeOutcome => ({ value: stored, changes: [] });

/**
 * The engine of a table for writes that set `targetColumns` (undefined: every column). Throws
 * MergeError when the engine does not take partial updates or a target column is unknown.
 */
export function mergeEngine(spec: MergeEngineSpec, table: MergeTable, targetColumns?: readonly string[]): MergeEngine {
  const target = targetColumns === undefined ? undefined : partialTarget(spec, table, targetColumns);
  const nonKey = table.columns.filter((c) => !table.primaryKey.includes(c.name));
  const merged = nonKey.filter((c) => target === undefined || target.has(c.name));
  const combine = combiner(spec, table, merged);
  const required = table.columns.filter((c) => !c.nullable).map((c) => c.name);
  const checked = (outcome: MergeOutcome): MergeOutcome => {
    const missing = outcome.value === undefined ? undefined : required.find((name) => outcome.value![name] === null || outcome.value![name] === undefined);
    if (missing !== undefined) {
      const why = target === undefined ? 'got null' : 'this partial write leaves it null (not a target column, or a partial delete)';
      throw new MergeError(`column "${missing}" is not nullable: ${why}`);
    }
    return outcome;
  };

  const upsert = (stored: Row | undefined, written: Row): MergeOutcome => {
    if (stored === undefined) {
      const value = target === undefined ? written : onlyColumns(table.columns, written, (name) => target.has(name));
      return { value, changes: [{ type: '+I', row: value }] };
    }
    const value = combine(stored, written);
    if (value === stored) return UNCHANGED(stored);
    return {
      value,
      changes: [
        { type: '-U', row: stored },
        { type: '+U', row: value },
      ],
    };
  };

  const remove = (stored: Row | undefined): MergeOutcome => {
    if (spec.deleteBehavior === 'disable') throw new MergeError(`deletes are disabled on this table (table.delete.behavior = disable)`);
    if (spec.deleteBehavior === 'ignore' || stored === undefined) return UNCHANGED(stored);
    if (target === undefined) return { value: undefined, changes: [{ type: '-D', row: stored }] };
    const value: Row = { ...stored };
    for (const column of merged) value[column.name] = null;
    if (nonKey.every((c) => value[c.name] === null)) return { value: undefined, changes: [{ type: '-D', row: stored }] };
    return {
      value,
      changes: [
        { type: '-U', row: stored },
        { type: '+U', row: value },
      ],
    };
  };

  return { upsert: (stored, written) => checked(upsert(stored, written)), delete: (stored) => checked(remove(stored)) };
}

function partialTarget(spec: MergeEngineSpec, table: MergeTable, targetColumns: readonly string[]): ReadonlySet<string> {
  if (spec.kind === 'first_row' || spec.kind === 'versioned') {
    throw new MergeError(`the ${spec.kind} merge engine does not take partial updates`);
  }
  const names = new Set(table.columns.map((c) => c.name));
  for (const name of targetColumns) {
    if (!names.has(name)) throw new MergeError(`partial update target column "${name}" is not a column of the table`);
  }
  // Keys always travel with a partial update: they say which row it is.
  return new Set([...table.primaryKey, ...targetColumns]);
}

/** Merges a write into an existing row; returns `stored` itself when the engine keeps it. */
function combiner(spec: MergeEngineSpec, table: MergeTable, merged: readonly ColumnDef[]): (stored: Row, written: Row) => Row {
  switch (spec.kind) {
    case 'last_row':
      return (stored, written) => overlay(stored, written, merged, (_stored, value) => value ?? null);
    case 'first_row':
      return (stored) => stored;
    case 'versioned': {
      const column = table.columns.find((c) => c.name === spec.versionColumn)!;
      return (stored, written) => {
        const next = written[column.name];
        const current = stored[column.name];
        if (next === null || next === undefined) return stored;
        const wins = current === null || current === undefined || compareValues(column.type, next, current) >= 0;
        return wins ? written : stored;
      };
    }
    case 'aggregation': {
      const folds = new Map<string, Aggregator>(merged.map((c) => [c.name, aggregator(spec.functions.get(c.name)!, c.type)]));
      return (stored, written) => overlay(stored, written, merged, (old, value, name) => folds.get(name)!(old, value));
    }
  }
}

function overlay(stored: Row, written: Row, columns: readonly ColumnDef[], fold: (stored: unknown, written: unknown, name: string) => unknown): Row {
  const next: Row = { ...stored };
  for (const column of columns) next[column.name] = fold(stored[column.name] ?? null, written[column.name] ?? null, column.name);
  return next;
}

function onlyColumns(columns: readonly ColumnDef[], row: Row, keep: (name: string) => boolean): Row {
  const out: Row = {};
  for (const column of columns) out[column.name] = keep(column.name) ? (row[column.name] ?? null) : null;
  return out;
}
