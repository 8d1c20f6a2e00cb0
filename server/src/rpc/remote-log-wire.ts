import type { RemoteLogRecord } from '../coordinator/remote-log-commits.ts';
import type { TableBucket } from '../table/table-bucket.ts';
import type { RemoteLogManifestRef, RemoteLogManifestRef__Output } from './generated/fluss/v1/RemoteLogManifestRef.ts';

/** A bucket's committed remote log manifest on the wire (version 0: none committed yet). */
export function remoteLogToWire(tb: TableBucket, record: RemoteLogRecord | undefined): RemoteLogManifestRef__Output {
  const where = { tableId: tb.tableId, partitionId: tb.partitionId, bucket: tb.bucket };
  if (record === undefined) {
    return { ...where, version: 0, manifestKey: '', remoteLogStartOffset: 0, remoteLogEndOffset: 0, leaderEpoch: 0, sizeBytes: 0, segmentCount: 0 };
  }
  return {
    ...where,
    version: record.version,
    manifestKey: record.manifestKey,
    remoteLogStartOffset: record.startOffset,
    remoteLogEndOffset: record.endOffset,
    leaderEpoch: record.leaderEpoch,
    sizeBytes: record.sizeBytes ?? 0,
    segmentCount: record.segments ?? 0,
  };
}

/** The record a leader's commit asks for, from its wire form (int64 fields may arrive as strings). */
export function remoteLogFromWire(ref: RemoteLogManifestRef, tableIncarnation: string): RemoteLogRecord {
  return {
    version: Number(ref.version ?? 0),
    manifestKey: ref.manifestKey ?? '',
    startOffset: Number(ref.remoteLogStartOffset ?? 0),
    endOffset: Number(ref.remoteLogEndOffset ?? 0),
    leaderEpoch: ref.leaderEpoch ?? 0,
    tableIncarnation,
    sizeBytes: Number(ref.sizeBytes ?? 0),
    segments: ref.segmentCount ?? 0,
  };
}
