import { parseDuration } from '../common/duration.ts';
import { parseSize } from '../common/size.ts';

/** Tablet-server settings and their config keys (`--config key=value`, the cluster ConfigMap). */
export interface TabletConfig {
  /** `log.segment.file-size` (default 256mb): roll a segment past this size. */
  segmentBytes: number;
  /** `log.segment.roll-interval` (default 7d): roll a segment this old. */
  segmentMs: number;
  /** `log.index.interval-size` (default 4kb): bytes between sparse index entries. */
  indexIntervalBytes: number;
  /** `log.flush.fsync` (default true): fsync (group commit) before acknowledging acks>=1. */
  fsync: boolean;
  /** `log.retention.check-interval` (default 5min). */
  retentionCheckIntervalMs: number;
  /** `log.retention.bytes` (default -1 = no size limit) per bucket. */
  retentionBytes: number;
  /** `fetch.max-wait.cap` (default 5s): the longest a fetch may long-poll. */
  maxFetchWaitMs: number;
  /** `kv.snapshot.interval` (default 10min, as Fluss): how often each primary-key bucket snapshots its KV state. */
  kvSnapshotIntervalMs: number;
  /** `kv.snapshot.num-retained` (default 2): snapshots kept per bucket. */
  kvSnapshotsRetained: number;
}

export function tabletConfig(config: Record<string, string>): TabletConfig {
  const get = (key: string, fallback: string): string => config[key] ?? fallback;
  const fsyncText = get('log.flush.fsync', 'true').toLowerCase();
  if (fsyncText !== 'true' && fsyncText !== 'false') throw new TypeError(`Config log.flush.fsync must be true or false: "${fsyncText}"`);
  const retentionBytesText = get('log.retention.bytes', '-1');
  return {
    segmentBytes: parseSize(get('log.segment.file-size', '256mb')),
    segmentMs: parseDuration(get('log.segment.roll-interval', '7d')),
    indexIntervalBytes: parseSize(get('log.index.interval-size', '4kb')),
    fsync: fsyncText === 'true',
    retentionCheckIntervalMs: parseDuration(get('log.retention.check-interval', '5min')),
    retentionBytes: retentionBytesText.trim() === '-1' ? -1 : parseSize(retentionBytesText),
    maxFetchWaitMs: parseDuration(get('fetch.max-wait.cap', '5s')),
    kvSnapshotIntervalMs: parseDuration(get('kv.snapshot.interval', '10min')),
    kvSnapshotsRetained: positiveInteger('kv.snapshot.num-retained', get('kv.snapshot.num-retained', '2')),
  };
}

function positiveInteger(key: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) throw new TypeError(`Config ${key} must be a positive integer: "${text}"`);
  return value;
}
