import { parseDuration } from '../common/duration.ts';

/** Coordinator settings and their config keys (`--config key=value`). */
export interface CoordinatorConfig {
  /** `default.bucket.number`: buckets of a table that does not say. */
  defaultBuckets: number;
  /** `tablet-server.heartbeat.interval`. */
  heartbeatIntervalMs: number;
  /** `tablet-server.session.timeout`: a server missing heartbeats this long is dead. */
  sessionTimeoutMs: number;
  /** `auto-partition.check.interval`. */
  autoPartitionCheckIntervalMs: number;
}

export function coordinatorConfig(config: Record<string, string>): CoordinatorConfig {
  const get = (key: string, fallback: string): string => config[key] ?? fallback;
  const defaultBuckets = Number(get('default.bucket.number', '1'));
  if (!Number.isInteger(defaultBuckets) || defaultBuckets < 1) {
    throw new TypeError(`Config default.bucket.number must be a positive integer: "${config['default.bucket.number']}"`);
  }
  return {
    defaultBuckets,
    heartbeatIntervalMs: parseDuration(get('tablet-server.heartbeat.interval', '1s')),
    sessionTimeoutMs: parseDuration(get('tablet-server.session.timeout', '10s')),
    autoPartitionCheckIntervalMs: parseDuration(get('auto-partition.check.interval', '1min')),
  };
}
