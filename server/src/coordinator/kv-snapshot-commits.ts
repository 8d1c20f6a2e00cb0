import type { BucketAssignment } from '../table/table-bucket.ts';
import type { TableInfo } from '../table/table-info.ts';
import { fenceLeader, type LeaderCommit } from './remote-log-commits.ts';

/**
 * A primary-key bucket's newest KV snapshot in the remote store, as the coordinator records it
 * (metadata.json, `kvSnapshots`). The leader uploads the snapshot object under a fresh key, then
 * records it here; an object no record names (a deposed leader's, one cut short) is never read.
 */
export interface KvSnapshotRecord {
  /** The snapshot holds the bucket's state up to this changelog offset. */
  logOffset: number;
  key: string;
  sizeBytes: number;
  /** Base64 SHA-256 of the object, checked when it is downloaded. */
  sha256: string;
  leaderEpoch: number;
  tableIncarnation: string;
}

export type KvSnapshotCommit = LeaderCommit<KvSnapshotRecord>;

export type KvSnapshotVerdict =
  | { kind: 'applied'; record: KvSnapshotRecord }
  | { kind: 'refused'; code: 'UNKNOWN_TABLE_OR_BUCKET' | 'FENCED_LEADER_EPOCH' | 'INVALID_ARGUMENT'; message: string };

/**
 * Judges a KV snapshot record (pure). Accepted only from the bucket's current leader at its current
 * leader epoch, for a primary-key table of the named incarnation, at a log offset not below the
 * recorded one (a snapshot never takes the bucket's state back). The same record again changes nothing.
 */
export function judgeKvSnapshotCommit(
  bucket: BucketAssignment | undefined,
  table: TableInfo | undefined,
  current: KvSnapshotRecord | undefined,
  commit: KvSnapshotCommit,
): KvSnapshotVerdict {
  const { record } = commit;
  const fenced = fenceLeader(bucket, table, record.tableIncarnation, commit, 'KV snapshot record');
  if (fenced !== undefined) return fenced;
  if (table!.primaryKey.length === 0) return { kind: 'refused', code: 'INVALID_ARGUMENT', message: 'A log table has no KV snapshots' };
  if (record.key === '' || record.sha256 === '')
    return { kind: 'refused', code: 'INVALID_ARGUMENT', message: 'A KV snapshot record needs its key and SHA-256' };
  if (![record.logOffset, record.sizeBytes, record.leaderEpoch].every((value) => Number.isSafeInteger(value) && value >= 0)) {
    return { kind: 'refused', code: 'INVALID_ARGUMENT', message: 'KV snapshot offset, size and leader epoch must be non-negative integers' };
  }
  if (current !== undefined && record.logOffset < current.logOffset) {
    return {
      kind: 'refused',
      code: 'INVALID_ARGUMENT',
      message: `KV snapshot at offset ${record.logOffset} is older than the recorded one at ${current.logOffset}`,
    };
  }
  return { kind: 'applied', record: { ...record } };
}
