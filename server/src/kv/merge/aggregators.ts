import type { DataType } from '../../arrow/index.ts';
import type { AggregateFunction, AggregateSpec } from '../../table/merge-engine-options.ts';
import { arithmetic, compareValues } from '../values.ts';

/** Folds a written value into the stored one; both may be null. */
export type Aggregator = (stored: unknown, written: unknown) => unknown;

const isNull = (value: unknown): boolean => value === null || value === undefined;

/** `fn` over two non-null values; nulls are skipped around it (SQL aggregate semantics). */
function ignoringNulls(fn: (stored: unknown, written: unknown) => unknown): Aggregator {
  return (stored, written) => (isNull(written) ? stored : isNull(stored) ? written : fn(stored, written));
}

/** The aggregator of one column, as Fluss defines each function (docs/primary-key-tables.md). */
export function aggregator(spec: AggregateSpec, type: DataType): Aggregator {
  const builders: Record<AggregateFunction, () => Aggregator> = {
    sum: () => ignoringNulls((a, b) => arithmetic(type, 'sum', a, b)),
    product: () => ignoringNulls((a, b) => arithmetic(type, 'product', a, b)),
    max: () => ignoringNulls((a, b) => (compareValues(type, b, a) > 0 ? b : a)),
    min: () => ignoringNulls((a, b) => (compareValues(type, b, a) < 0 ? b : a)),
    last_value: () => (_stored, written) => written ?? null,
    last_value_ignore_nulls: () => (stored, written) => (isNull(written) ? stored : written),
    first_value: () => (stored) => stored ?? null,
    first_value_ignore_nulls: () => (stored, written) => (isNull(stored) ? written : stored),
    listagg: () => ignoringNulls((a, b) => `${a as string}${spec.delimiter}${b as string}`),
    string_agg: () => ignoringNulls((a, b) => `${a as string}${spec.delimiter}${b as string}`),
    bool_and: () => ignoringNulls((a, b) => a === true && b === true),
    bool_or: () => ignoringNulls((a, b) => a === true || b === true),
  };
  return builders[spec.fn]();
}
