import type { KvSnapshotRecord } from '../coordinator/kv-snapshot-commits.ts';
import type { TableBucket } from '../table/table-bucket.ts';
import type { KvSnapshotRef, KvSnapshotRef__Output } from './generated/fluss/v1/KvSnapshotRef.ts';

/** A bucket's recorded remote KV snapshot on the wire (empty key: none recorded). */
export function kvSnapshotToWire(tb: TableBucket, record: KvSnapshotRecord | undefined): KvSnapshotRef__Output {
  const where = { tableId: tb.tableId, partitionId: tb.partitionId, bucket: tb.bucket };
  if (record === undefined) return { ...where, logOffset: 0, snapshotKey: '', sizeBytes: 0, sha256: '', leaderEpoch: 0 };
  return {
    ...where,
    logOffset: record.logOffset,
    snapshotKey: record.key,
    sizeBytes: record.sizeBytes,
    sha256: record.sha256,
    leaderEpoch: record.leaderEpoch,
  };
}

/** The record a leader asks for, from its wire form (int64 fields may arrive as strings); undefined for "none". */
export function kvSnapshotFromWire(ref: KvSnapshotRef, tableIncarnation: string): KvSnapshotRecord | undefined {
  if ((ref.snapshotKey ?? '') === '') return undefined;
  return {
    logOffset: Number(ref.logOffset ?? 0),
    key: ref.snapshotKey ?? '',
    sizeBytes: Number(ref.sizeBytes ?? 0),
    sha256: ref.sha256 ?? '',
    leaderEpoch: ref.leaderEpoch ?? 0,
    tableIncarnation,
  };
}
