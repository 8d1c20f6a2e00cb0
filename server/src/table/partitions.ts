/**
 * Partition naming and auto-partitioning (pure). A partition is one value per partition key; its
 * name joins the values with '$' in partition-key order, e.g. "eu$20261126".
 */

export type PartitionSpec = Record<string, string>;

const PARTITION_VALUE = /^[A-Za-z0-9_.-]+$/;

export function partitionName(partitionKeys: readonly string[], spec: PartitionSpec): string {
  const extra = Object.keys(spec).filter((key) => !partitionKeys.includes(key));
  if (extra.length > 0) throw new TypeError(`Unknown partition key: ${extra.join(', ')} (partition keys: ${partitionKeys.join(', ')})`);
  return partitionKeys
    .map((key) => {
      const value = spec[key];
      if (value === undefined || value === '') throw new TypeError(`Missing value for partition key "${key}"`);
      if (!PARTITION_VALUE.test(value)) {
        throw new TypeError(`Invalid value for partition key "${key}", allowed are letters, digits, _ . -: "${value}"`);
      }
      return value;
    })
    .join('$');
}

export function partitionSpecFromName(partitionKeys: readonly string[], name: string): PartitionSpec {
  const values = name.split('$');
  if (values.length !== partitionKeys.length) {
    throw new TypeError(`Partition name "${name}" does not match partition keys ${partitionKeys.join(', ')}`);
  }
  return Object.fromEntries(partitionKeys.map((key, i) => [key, values[i]!]));
}

/** Parses "k=v,k2=v2" as given on the command line. */
export function parsePartitionFilter(text: string): PartitionSpec {
  const spec: PartitionSpec = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new TypeError(`Invalid partition filter, expected key=value[,key=value]: "${text}"`);
    spec[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return spec;
}

/** True when a partition matches every key of a (possibly partial) filter: partition pruning. */
export function partitionMatches(spec: PartitionSpec, filter: PartitionSpec): boolean {
  return Object.entries(filter).every(([key, value]) => spec[key] === value);
}

export type AutoPartitionTimeUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR';
export const AUTO_PARTITION_TIME_UNITS: readonly AutoPartitionTimeUnit[] = ['YEAR', 'MONTH', 'DAY', 'HOUR'];

/** Formats the partition value of the time unit containing `epochMs` (UTC): 2026, 202611, 20261126, 2026112613. */
export function timePartitionValue(epochMs: number, unit: AutoPartitionTimeUnit): string {
  const iso = new Date(epochMs).toISOString(); // 2026-11-26T13:38:00.000Z
  const year = iso.slice(0, 4);
  const month = iso.slice(5, 7);
  const day = iso.slice(8, 10);
  const hour = iso.slice(11, 13);
  switch (unit) {
    case 'YEAR':
      return year;
    case 'MONTH':
      return year + month;
    case 'DAY':
      return year + month + day;
    case 'HOUR':
      return year + month + day + hour;
  }
}

/** Moves `epochMs` by `steps` whole time units (UTC calendar arithmetic). */
function shiftTime(epochMs: number, unit: AutoPartitionTimeUnit, steps: number): number {
  const date = new Date(epochMs);
  switch (unit) {
    case 'YEAR':
      date.setUTCFullYear(date.getUTCFullYear() + steps);
      break;
    case 'MONTH':
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + steps);
      break;
    case 'DAY':
      date.setUTCDate(date.getUTCDate() + steps);
      break;
    case 'HOUR':
      date.setUTCHours(date.getUTCHours() + steps);
      break;
  }
  return date.getTime();
}

export interface AutoPartitionPlan {
  /** Time values to create (current unit and the pre-created future ones) that do not exist yet. */
  create: string[];
  /** Existing time values older than the retained window. */
  drop: string[];
}

/**
 * Decides which time partitions to create and drop at `now`: keep the current unit plus
 * `numPrecreate - 1` ahead, and drop those older than `numRetention` units back (0 = keep all).
 * Values compare as strings because the formats are fixed-width.
 */
export function planAutoPartitions(options: {
  now: number;
  unit: AutoPartitionTimeUnit;
  numPrecreate: number;
  numRetention: number;
  existing: readonly string[];
}): AutoPartitionPlan {
  const { now, unit, numPrecreate, numRetention, existing } = options;
  const wanted: string[] = [];
  for (let i = 0; i < Math.max(1, numPrecreate); i++) wanted.push(timePartitionValue(shiftTime(now, unit, i), unit));
  const have = new Set(existing);
  const create = wanted.filter((value) => !have.has(value));
  const oldestKept = numRetention > 0 ? timePartitionValue(shiftTime(now, unit, -numRetention), unit) : undefined;
  const width = timePartitionValue(now, unit).length;
  const drop = oldestKept === undefined ? [] : existing.filter((value) => value.length === width && /^\d+$/.test(value) && value < oldestKept);
  return { create, drop };
}
