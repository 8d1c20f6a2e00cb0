import { listDirIfExists, TEMP_FILE_SUFFIX } from '../common/files.ts';
import { join } from 'node:path';
import { readCheckedJson, writeCheckedJson } from '../common/checked-json-file.ts';

/**
 * Each replica directory records whose data it holds (`replica.json`): the cluster, the table id
 * and the table's incarnation, the partition and bucket. A replica is opened only when the record
 * matches what the coordinator assigns, and deleted only when a deletion names the same incarnation,
 * so a reused id, a coordinator on wrong metadata or a stray directory never mixes tables up.
 */
export interface ReplicaMarker {
  clusterId: string;
  tableId: number;
  tableIncarnation: string;
  partitionId: number;
  bucket: number;
}

const MARKER_FILE = 'replica.json';

export async function readReplicaMarker(bucketDir: string): Promise<ReplicaMarker | undefined> {
  return readCheckedJson<ReplicaMarker>(join(bucketDir, MARKER_FILE));
}

export async function writeReplicaMarker(bucketDir: string, marker: ReplicaMarker): Promise<void> {
  await writeCheckedJson(join(bucketDir, MARKER_FILE), marker);
}

/**
 * True when the directory exists and holds anything but temp files. A temp file is a write a
 * crash interrupted (common/files.ts), such as the first `replica.json` itself: a power loss while
 * it was being fsynced leaves only `replica.json.tmp`, which is no replica data, and counting it
 * as data would refuse the replica for good (found by the simulation, seed 79 of 150).
 */
export async function holdsFiles(dir: string): Promise<boolean> {
  return (await listDirIfExists(dir)).some((name) => !name.endsWith(TEMP_FILE_SUFFIX));
}

export type MarkerVerdict =
  | { kind: 'open' }
  /** Empty directory (a new replica), or data from before markers of a table from before incarnations. */
  | { kind: 'mark-and-open' }
  | { kind: 'refuse'; reason: string };

/** Whether a replica directory may be opened for `expected` (pure). */
export function judgeReplicaDir(found: ReplicaMarker | undefined, holdsData: boolean, expected: ReplicaMarker, tableIsLegacy: boolean): MarkerVerdict {
  if (found === undefined) {
    if (!holdsData || tableIsLegacy) return { kind: 'mark-and-open' };
    return { kind: 'refuse', reason: `it holds data without a ${MARKER_FILE} record, and table ${expected.tableId} is newer than such data` };
  }
  const differences = (Object.keys(expected) as (keyof ReplicaMarker)[])
    .filter((key) => found[key] !== expected[key])
    .map((key) => `${key} ${String(found[key])} (expected ${String(expected[key])})`);
  if (differences.length === 0) return { kind: 'open' };
  return { kind: 'refuse', reason: `it holds the data of another replica: ${differences.join(', ')}` };
}

/** A replica directory that holds other data than the replica to open. */
export class ReplicaDirRefusedError extends Error {
  readonly dir: string;
  constructor(dir: string, message: string) {
    super(message);
    this.dir = dir;
  }
}
