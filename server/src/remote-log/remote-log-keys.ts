import type { TableBucket } from '../table/table-bucket.ts';

/**
 * Where a bucket's remote log lives in the object store:
 *
 *   log/<tableId>/<tableIncarnation>/[p<partitionId>-]b<bucket>/
 *     segments/<baseOffset, 20 digits>-<uuid>.log | .index | .timeindex | .meta.json
 *     manifests/<version, 20 digits>-<uuid>.json
 *     kv-snapshots/<log offset, 20 digits>-<uuid>.kvs     (primary-key tables)
 *
 * The table incarnation keeps a dropped table's objects apart from a later table's (and is what
 * deleting a dropped table's objects is fenced by). Every object gets a fresh uuid, so no upload
 * ever replaces an object: a deposed leader's, or one cut short by a crash, is simply not listed
 * by any committed manifest.
 */
const ROOT = 'log/';
const OFFSET_DIGITS = 20;

/** Every remote log object of one table incarnation. */
export function tableRemotePrefix(tableId: number, tableIncarnation: string): string {
  return `${ROOT}${tableId}/${tableIncarnation}/`;
}

/** Every remote log object of one partition of a table incarnation (a list prefix, not a folder). */
export function partitionRemotePrefix(tableId: number, tableIncarnation: string, partitionId: number): string {
  return `${tableRemotePrefix(tableId, tableIncarnation)}p${partitionId}-`;
}

export function bucketRemotePrefix(tb: TableBucket, tableIncarnation: string): string {
  const partition = tb.partitionId >= 0 ? `p${tb.partitionId}-` : '';
  return `${tableRemotePrefix(tb.tableId, tableIncarnation)}${partition}b${tb.bucket}/`;
}

export interface RemoteSegmentKeys {
  log: string;
  offsetIndex: string;
  timeIndex: string;
  /** The segment's writer state and leader epochs (segment-metadata.ts). */
  metadata: string;
}

export function remoteSegmentKeys(bucketPrefix: string, baseOffset: number, id: string): RemoteSegmentKeys {
  const stem = `${bucketPrefix}segments/${padded(baseOffset)}-${id}`;
  return { log: `${stem}.log`, offsetIndex: `${stem}.index`, timeIndex: `${stem}.timeindex`, metadata: `${stem}.meta.json` };
}

export function kvSnapshotKey(tb: TableBucket, tableIncarnation: string, logOffset: number, id: string): string {
  return `${bucketRemotePrefix(tb, tableIncarnation)}kv-snapshots/${padded(logOffset)}-${id}.kvs`;
}

export function manifestKey(bucketPrefix: string, version: number, id: string): string {
  return `${bucketPrefix}manifests/${padded(version)}-${id}.json`;
}

function padded(value: number): string {
  return String(value).padStart(OFFSET_DIGITS, '0');
}
