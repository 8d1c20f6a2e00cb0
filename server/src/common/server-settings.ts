import { closestName } from './closest-name.ts';
import { parseDuration } from './duration.ts';
import { parseSize } from './size.ts';

/**
 * Every server setting (`--config key=value`, `--config-file`, the operator's ConfigMap) in one
 * registry: key, type, default, meaning and the role that reads it. docs/configuration.md lists
 * exactly these (a test checks it).
 *
 * One config serves the whole cluster: the operator renders a single server.properties for the
 * coordinator and every tablet server, and `fluss local` hands one config to both roles. So a server
 * accepts the keys of every role and reads its own; a key no role knows fails start-up, naming it.
 */
export type ServerRole = 'coordinator' | 'tablet-server';

/** How a setting's text becomes its value, and how docs name the type. */
interface ValueType<T> {
  readonly name: string;
  /** Throws a TypeError saying what was expected; the caller names the key. */
  parse(text: string): T;
}

export interface Setting<T> {
  readonly key: string;
  readonly type: ValueType<T>;
  /** The default, as text in the setting's own syntax (what docs show). */
  readonly defaultText: string;
  readonly doc: string;
}

const duration: ValueType<number> = { name: 'duration', parse: (text) => parseDuration(text) };
const size: ValueType<number> = { name: 'size', parse: (text) => parseSize(text) };
/** A size, or -1 for no limit. */
const sizeOrUnlimited: ValueType<number> = { name: 'size or -1', parse: (text) => (text.trim() === '-1' ? -1 : parseSize(text)) };
const text: ValueType<string> = { name: 'string', parse: (value) => value };
const boolean: ValueType<boolean> = {
  name: 'boolean',
  parse(value) {
    const lower = value.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw new TypeError('expected true or false');
    return lower === 'true';
  },
};
const positiveInteger: ValueType<number> = {
  name: 'integer ≥ 1',
  parse(value) {
    const number = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < 1) throw new TypeError('expected a positive integer');
    return number;
  },
};

const setting = <T>(key: string, type: ValueType<T>, defaultText: string, doc: string): Setting<T> => ({ key, type, defaultText, doc });

/** Read by the coordinator. */
export const COORDINATOR_SETTINGS = {
  defaultBuckets: setting('default.bucket.number', positiveInteger, '1', 'buckets of a table whose spec does not say'),
  heartbeatIntervalMs: setting('tablet-server.heartbeat.interval', duration, '1s', 'how often tablet servers heartbeat (told to them at registration)'),
  sessionTimeoutMs: setting(
    'tablet-server.session.timeout',
    duration,
    '10s',
    'a server without a heartbeat this long is not live (not offered to clients, gets no new buckets)',
  ),
  autoPartitionCheckIntervalMs: setting(
    'auto-partition.check.interval',
    duration,
    '1min',
    'how often auto-partitioned tables get their partitions created and expired',
  ),
  maxPartitionsPerTable: setting(
    'max.partition.num',
    positiveInteger,
    '1000',
    'partitions one table may have; creating more (also by auto-partitioning, and `table.auto-partition.num-precreate`) is refused',
  ),
  maxBucketsPerTable: setting(
    'max.bucket.num',
    positiveInteger,
    '10000',
    'buckets one table may have, all partitions together (each is open files on a tablet server)',
  ),
  defaultReplicationFactor: setting(
    'default.replication.factor',
    positiveInteger,
    '1',
    'replicas per bucket of a table whose properties do not say (`table.replication.factor`); `fluss local` with N tablet servers defaults to min(3, N)',
  ),
  autoLeaderRebalanceEnable: setting(
    'auto.leader.rebalance.enable',
    boolean,
    'true',
    'move leaderships back to their preferred replicas (the first of each bucket) every `leader.imbalance.check.interval` (docs/replication.md)',
  ),
  leaderImbalanceCheckIntervalMs: setting(
    'leader.imbalance.check.interval',
    duration,
    '300s',
    'how often the coordinator moves leaderships back to preferred replicas that are live and in sync',
  ),
  rebalanceMaxConcurrentMoves: setting(
    'rebalance.max-concurrent-moves',
    positiveInteger,
    '4',
    'bucket moves a rebalance runs at once, when its request does not say (docs/rebalance.md)',
  ),
  rebalanceStepIntervalMs: setting(
    'rebalance.step-interval',
    duration,
    '500ms',
    'how often a running rebalance checks its moves and takes their next steps (docs/rebalance.md)',
  ),
};

/** Read by tablet servers. */
export const TABLET_SETTINGS = {
  segmentBytes: setting('log.segment.file-size', size, '256mb', 'roll a new segment past this size'),
  segmentMs: setting('log.segment.roll-interval', duration, '7d', 'roll a segment this old'),
  indexIntervalBytes: setting('log.index.interval-size', size, '4kb', 'bytes between sparse offset-index entries'),
  fsync: setting('log.flush.fsync', boolean, 'true', 'fsync before acknowledging `acks` ≥ 1 (group commit: concurrent appends share one fsync)'),
  retentionBytes: setting('log.retention.bytes', sizeOrUnlimited, '-1', 'per-bucket size limit (`-1`: none)'),
  retentionCheckIntervalMs: setting('log.retention.check-interval', duration, '5min', 'how often retention runs'),
  maxFetchWaitMs: setting('fetch.max-wait.cap', duration, '5s', 'the longest a fetch may long-poll'),
  kvSnapshotIntervalMs: setting('kv.snapshot.interval', duration, '10min', 'how often each primary-key bucket snapshots its KV state'),
  kvSnapshotsRetained: setting('kv.snapshot.num-retained', positiveInteger, '2', 'KV snapshots kept per bucket'),
  replicaMaxLagMs: setting(
    'replica.max-lag-ms',
    positiveInteger,
    '30000',
    'a follower not caught up with its leader for this many milliseconds leaves the ISR',
  ),
  replicaFetchWaitMs: setting('replica.fetch.wait-max', duration, '500ms', "how long a follower's fetch waits at the leader for new data"),
  replicaFetchMaxBytes: setting('replica.fetch.max-bytes', size, '8mb', 'bytes of batches per follower fetch'),
  produceAckTimeoutMs: setting(
    'produce.ack-timeout',
    duration,
    '30s',
    'how long an acks=all write (Produce, or PutKv of a primary-key table) waits for its in-sync replicas before it fails',
  ),
  controlledShutdownEnable: setting(
    'controlled.shutdown.enable',
    boolean,
    'true',
    "on SIGTERM (or a programmatic stop), move this server's leaderships to other in-sync replicas before stopping (docs/replication.md)",
  ),
  controlledShutdownTimeoutMs: setting(
    'controlled.shutdown.timeout',
    duration,
    '30s',
    'how long a stopping server keeps asking the coordinator to move its leaderships before it stops anyway',
  ),
};

/**
 * Read by tablet servers: the object store behind remote log segments and KV snapshots
 * (server/src/remote/; docs/remote-storage.md). The operator writes them from a FlussCluster's
 * `objectStorage`. Credentials left empty come from the AWS default chain instead.
 */
export const REMOTE_STORAGE_SETTINGS = {
  remoteDataDir: setting(
    'remote.data.dir',
    text,
    '',
    'where remote log segments and KV snapshots go: `s3://bucket/prefix`, `file:///path` or a path; empty: nowhere (written by the operator)',
  ),
  s3Endpoint: setting('s3.endpoint', text, '', 'S3 endpoint URL, e.g. `http://minio:9000`; empty: AWS (written by the operator)'),
  s3Region: setting('s3.region', text, 'us-east-1', 'S3 region (requests are signed for it)'),
  s3PathStyleAccess: setting(
    's3.path-style-access',
    boolean,
    'true',
    'URLs `http://host/bucket/key` instead of `http://bucket.host/key` (most S3-compatible servers need them)',
  ),
  s3AccessKey: setting(
    's3.access-key',
    text,
    '',
    'S3 access key id, with `s3.secret-key`; both empty: the AWS default chain (environment, profile, instance role)',
  ),
  s3SecretKey: setting('s3.secret-key', text, '', 'S3 secret access key, with `s3.access-key`'),
  remoteLogTaskIntervalMs: setting(
    'remote.log.task-interval',
    duration,
    '1min',
    "how often a tablet server uploads its led buckets' closed segments below the high watermark, and applies remote retention",
  ),
  remoteLogUploadConcurrency: setting('remote.log.upload-concurrency', positiveInteger, '4', 'buckets a tablet server uploads at the same time'),
  remoteLogCacheBytes: setting(
    'remote.log.cache-size',
    size,
    '1gb',
    'local disk for remote segments downloaded to serve fetches below the local log start (least recently used evicted)',
  ),
};

/**
 * Accepted, read by no server of this version: the operator writes them from a FlussCluster's
 * `objectStorage` for lake tiering, which servers do not do yet.
 */
export const RESERVED_SETTINGS = {
  lakeWarehouse: setting('datalake.iceberg.warehouse', text, '', 'reserved: lakehouse warehouse (written by the operator)'),
};

type SettingGroup = Record<string, Setting<unknown>>;
export type SettingValues<G extends SettingGroup> = { [K in keyof G]: G[K] extends Setting<infer T> ? T : never };

/** Every setting with who reads it, in docs order. */
export const ALL_SETTINGS: ReadonlyArray<{ role: ServerRole | 'reserved'; setting: Setting<unknown> }> = [
  ...Object.values(COORDINATOR_SETTINGS).map((s) => ({ role: 'coordinator' as const, setting: s })),
  ...Object.values(TABLET_SETTINGS).map((s) => ({ role: 'tablet-server' as const, setting: s })),
  ...Object.values(REMOTE_STORAGE_SETTINGS).map((s) => ({ role: 'tablet-server' as const, setting: s })),
  ...Object.values(RESERVED_SETTINGS).map((s) => ({ role: 'reserved' as const, setting: s })),
];

const BY_KEY = new Map(ALL_SETTINGS.map(({ setting }) => [setting.key, setting]));

/**
 * Checks a whole config, whichever role reads it: a key no role knows fails, naming it and the
 * nearest known key, and so does a value its setting cannot parse (one config serves the cluster,
 * so every server refuses what would break another).
 */
export function checkSettings(config: Record<string, string>): void {
  for (const [key, value] of Object.entries(config)) {
    const known = BY_KEY.get(key);
    if (known === undefined) {
      const suggestion = closestName(key, BY_KEY.keys());
      const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
      throw new TypeError(`Unknown config key: ${key}${hint}. Known keys are listed in docs/configuration.md`);
    }
    parseValue(known, value);
  }
}

/** Checks the config (checkSettings), then reads the settings of one group, defaults filling the gaps. */
export function readSettings<G extends SettingGroup>(group: G, config: Record<string, string>): SettingValues<G> {
  checkSettings(config);
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(group)) values[name] = parseValue(setting, config[setting.key] ?? setting.defaultText);
  return values as SettingValues<G>;
}

function parseValue<T>(setting: Setting<T>, value: string): T {
  try {
    return setting.type.parse(value);
  } catch (error) {
    throw new TypeError(`Invalid config ${setting.key}="${value}": ${(error as Error).message}`, { cause: error });
  }
}
