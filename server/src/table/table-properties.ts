import { parseDuration } from '../common/duration.ts';
import { MERGE_ENGINE_KEYS } from './merge-engine-options.ts';
import { AUTO_PARTITION_TIME_UNITS, type AutoPartitionTimeUnit } from './partitions.ts';

/**
 * Table properties the engine understands (keys as Fluss spells them). Unknown keys under
 * `table.` are refused so typos fail loudly; keys outside `table.` are kept as user metadata.
 */
export interface TableOptions {
  /** Log segments older than this are deleted; -1 keeps forever. `table.log.ttl`, default 7d. */
  logTtlMs: number;
  autoPartition: { enabled: false } | { enabled: true; key: string; timeUnit: AutoPartitionTimeUnit; numPrecreate: number; numRetention: number };
  /** Replicas per bucket. `table.replication.factor`; undefined: the cluster's `default.replication.factor`. */
  replicationFactor: number | undefined;
  /** ISR members an acks=all write needs. `table.min-insync-replicas`, default 1. */
  minInsyncReplicas: number;
  /**
   * With remote storage: the newest segments a leader keeps on local disk once older ones are
   * uploaded. `table.log.tiered.local-segments`, default 2 (the active one counts).
   */
  tieredLocalSegments: number;
  /**
   * When no in-sync replica can lead a bucket, elect a live replica outside the ISR, which may lose
   * acknowledged writes (coordinator/leader-eligibility.ts). `table.unclean-leader-election.enabled`,
   * default false: the bucket waits for an in-sync replica.
   */
  uncleanLeaderElection: boolean;
}

/** The most replicas a bucket may have. */
export const MAX_REPLICATION_FACTOR = 16;

const KNOWN_KEYS = new Set([
  'table.log.ttl',
  'table.log.format',
  'table.auto-partition.enabled',
  'table.auto-partition.key',
  'table.auto-partition.time-unit',
  'table.auto-partition.num-precreate',
  'table.auto-partition.num-retention',
  'table.replication.factor',
  'table.min-insync-replicas',
  'table.log.tiered.local-segments',
  'table.unclean-leader-election.enabled',
  // Checked against the columns by parseMergeEngine (primary-key tables only).
  ...MERGE_ENGINE_KEYS,
]);

const DEFAULT_LOG_TTL = '7d';
/** Segments a tiered log may keep locally: beyond this, keep the data local by not tiering it. */
const MAX_LOCAL_SEGMENTS = 1_000_000;

function nonNegativeInt(key: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new TypeError(`Property ${key} must be a non-negative integer: "${text}"`);
  }
  return value;
}

/**
 * Auto-partitioning plans with calendar arithmetic: past these bounds dates leave what Date can
 * hold, and a table would ask for more partitions than any cluster opens.
 */
const MAX_PRECREATE = 1_000;
const MAX_RETENTION = 100_000;

function boundedInt(key: string, text: string, max: number): number {
  const value = nonNegativeInt(key, text);
  if (value > max) throw new TypeError(`Property ${key} must be at most ${max}: "${text}"`);
  return value;
}

function bool(key: string, text: string): boolean {
  const lower = text.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw new TypeError(`Property ${key} must be true or false: "${text}"`);
  return lower === 'true';
}

/** Validates properties against the table's partition keys and returns the typed options. */
export function parseTableOptions(properties: Record<string, string>, partitionKeys: readonly string[]): TableOptions {
  for (const key of Object.keys(properties)) {
    if (key.startsWith('table.') && !KNOWN_KEYS.has(key)) {
      throw new TypeError(`Unknown table property "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
  }
  const format = properties['table.log.format'];
  if (format !== undefined && format.toUpperCase() !== 'ARROW') {
    throw new TypeError(`Property table.log.format supports only ARROW: "${format}"`);
  }
  const replicationText = properties['table.replication.factor'];
  const replicationFactor = replicationText === undefined ? undefined : boundedInt('table.replication.factor', replicationText, MAX_REPLICATION_FACTOR);
  if (replicationFactor === 0) throw new TypeError('Property table.replication.factor must be at least 1: "0"');
  const minInsyncText = properties['table.min-insync-replicas'] ?? '1';
  const minInsyncReplicas = boundedInt('table.min-insync-replicas', minInsyncText, MAX_REPLICATION_FACTOR);
  if (minInsyncReplicas === 0) throw new TypeError('Property table.min-insync-replicas must be at least 1: "0"');
  if (replicationFactor !== undefined && minInsyncReplicas > replicationFactor) {
    throw new TypeError(`Property table.min-insync-replicas (${minInsyncReplicas}) cannot exceed table.replication.factor (${replicationFactor})`);
  }
  const tieredLocalSegments = boundedInt('table.log.tiered.local-segments', properties['table.log.tiered.local-segments'] ?? '2', MAX_LOCAL_SEGMENTS);
  if (tieredLocalSegments === 0) throw new TypeError('Property table.log.tiered.local-segments must be at least 1: "0"');
  const uncleanText = properties['table.unclean-leader-election.enabled'];
  const uncleanLeaderElection = uncleanText !== undefined && bool('table.unclean-leader-election.enabled', uncleanText);
  const common = { replicationFactor, minInsyncReplicas, tieredLocalSegments, uncleanLeaderElection };
  const ttlText = properties['table.log.ttl'] ?? DEFAULT_LOG_TTL;
  const logTtlMs = ttlText.trim() === '-1' ? -1 : parseDuration(ttlText);

  const enabledText = properties['table.auto-partition.enabled'];
  if (enabledText === undefined || !bool('table.auto-partition.enabled', enabledText)) {
    return { logTtlMs, autoPartition: { enabled: false }, ...common };
  }
  if (partitionKeys.length === 0) {
    throw new TypeError('Property table.auto-partition.enabled needs a partitioned table (partitionKeys)');
  }
  if (partitionKeys.length > 1) {
    // Other keys would need values the coordinator cannot invent.
    throw new TypeError('Auto-partitioning supports a single partition key in this version');
  }
  const key = properties['table.auto-partition.key'] ?? partitionKeys[0]!;
  if (!partitionKeys.includes(key)) {
    throw new TypeError(`Property table.auto-partition.key must be a partition key (${partitionKeys.join(', ')}): "${key}"`);
  }
  const unitText = (properties['table.auto-partition.time-unit'] ?? 'DAY').toUpperCase();
  if (!AUTO_PARTITION_TIME_UNITS.includes(unitText as AutoPartitionTimeUnit)) {
    throw new TypeError(`Property table.auto-partition.time-unit must be one of ${AUTO_PARTITION_TIME_UNITS.join(', ')}: "${unitText}"`);
  }
  return {
    logTtlMs,
    ...common,
    autoPartition: {
      enabled: true,
      key,
      timeUnit: unitText as AutoPartitionTimeUnit,
      numPrecreate: boundedInt('table.auto-partition.num-precreate', properties['table.auto-partition.num-precreate'] ?? '2', MAX_PRECREATE),
      numRetention: boundedInt('table.auto-partition.num-retention', properties['table.auto-partition.num-retention'] ?? '7', MAX_RETENTION),
    },
  };
}
