import type { TableInfo } from '../table/table-info.ts';
import type { BucketAssignment } from '../table/table-bucket.ts';

/**
 * A bucket's committed remote log manifest as the coordinator keeps it (metadata.json,
 * `remoteLogs`): which manifest object is the bucket's truth, and what it covers. Only the leader
 * writes manifests; the coordinator is where one becomes the truth, so that a deposed leader's
 * manifest, or one a leader wrote and crashed before committing, is never seen.
 */
export interface RemoteLogRecord {
  /** Grows by one with every commit. */
  version: number;
  manifestKey: string;
  /** The offsets the remote segments cover: [startOffset, endOffset). */
  startOffset: number;
  endOffset: number;
  /** Of the leader that committed it. */
  leaderEpoch: number;
  tableIncarnation: string;
  /** Bytes and count of the segments the manifest names (absent in records written before these fields). */
  sizeBytes?: number;
  segments?: number;
}

/** A bucket leader's request to make `record` the bucket's (fenced by fenceLeader). */
export interface LeaderCommit<R> {
  serverId: number;
  leaderEpoch: number;
  record: R;
}

/** A leader's request to make a new manifest version the committed one. */
export type RemoteLogCommit = LeaderCommit<RemoteLogRecord>;

export type RemoteLogCommitVerdict =
  | { kind: 'applied'; record: RemoteLogRecord }
  | { kind: 'refused'; code: 'UNKNOWN_TABLE_OR_BUCKET' | 'FENCED_LEADER_EPOCH' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT'; message: string };

/**
 * Judges a manifest commit (pure). Accepted only:
 * - for a bucket of the live table incarnation the manifest names (a dropped and re-created table
 *   is another table);
 * - from the bucket's current leader at its current leader epoch (a deposed leader is fenced);
 * - as the next version after the committed one (two leaders can never both commit version N+1;
 *   the loser re-reads the committed manifest), with offsets that never go back (retention moves
 *   the start up, uploads move the end up).
 * The same commit seen again (its answer was lost) is applied again, changing nothing.
 */
export function judgeRemoteLogCommit(
  bucket: BucketAssignment | undefined,
  table: TableInfo | undefined,
  current: RemoteLogRecord | undefined,
  commit: RemoteLogCommit,
): RemoteLogCommitVerdict {
  const { record } = commit;
  const fenced = fenceLeader(bucket, table, record.tableIncarnation, commit, 'Remote log commit');
  if (fenced !== undefined) return fenced;
  if (current !== undefined && sameRecord(current, record)) return { kind: 'applied', record: current };
  const invalid = invalidRecord(record);
  if (invalid !== undefined) return { kind: 'refused', code: 'INVALID_ARGUMENT', message: `Invalid remote log manifest: ${invalid}` };
  const committedVersion = current?.version ?? 0;
  if (record.version !== committedVersion + 1) {
    return {
      kind: 'refused',
      code: 'FAILED_PRECONDITION',
      message: `Remote log manifest version ${record.version} does not follow the committed version ${committedVersion}`,
    };
  }
  if (current !== undefined && (record.startOffset < current.startOffset || record.endOffset < current.endOffset)) {
    return {
      kind: 'refused',
      code: 'INVALID_ARGUMENT',
      message: `Remote log manifest [${record.startOffset}, ${record.endOffset}) goes back from the committed [${current.startOffset}, ${current.endOffset})`,
    };
  }
  return { kind: 'applied', record: { ...record } };
}

/**
 * Why a leader's commit for a bucket is refused before its content is looked at: a bucket not of
 * the live table incarnation (dropped, or re-created), or a sender that is not the bucket's
 * current leader at its current leader epoch (deposed). Undefined when neither.
 */
export function fenceLeader(
  bucket: BucketAssignment | undefined,
  table: TableInfo | undefined,
  tableIncarnation: string,
  sender: { serverId: number; leaderEpoch: number },
  what: string,
): { kind: 'refused'; code: 'UNKNOWN_TABLE_OR_BUCKET' | 'FENCED_LEADER_EPOCH'; message: string } | undefined {
  if (bucket === undefined || table === undefined || table.incarnation !== tableIncarnation) {
    return { kind: 'refused', code: 'UNKNOWN_TABLE_OR_BUCKET', message: 'No such bucket of this table incarnation (dropped?)' };
  }
  if (bucket.leader !== sender.serverId || bucket.leaderEpoch !== sender.leaderEpoch) {
    return {
      kind: 'refused',
      code: 'FENCED_LEADER_EPOCH',
      message: `${what} from server ${sender.serverId} at leader epoch ${sender.leaderEpoch}; the leader is ${bucket.leader} at epoch ${bucket.leaderEpoch}`,
    };
  }
  return undefined;
}

function invalidRecord(record: RemoteLogRecord): string | undefined {
  if (record.manifestKey === '') return 'no manifest key';
  const offsets = [record.startOffset, record.endOffset, record.version, record.leaderEpoch, record.sizeBytes ?? 0, record.segments ?? 0];
  if (!offsets.every((value) => Number.isSafeInteger(value) && value >= 0))
    return 'offsets, version, epoch, size and segment count must be non-negative integers';
  if (record.startOffset > record.endOffset) return `start offset ${record.startOffset} past end offset ${record.endOffset}`;
  return undefined;
}

function sameRecord(a: RemoteLogRecord, b: RemoteLogRecord): boolean {
  return (
    a.version === b.version &&
    a.manifestKey === b.manifestKey &&
    a.startOffset === b.startOffset &&
    a.endOffset === b.endOffset &&
    a.leaderEpoch === b.leaderEpoch &&
    a.tableIncarnation === b.tableIncarnation &&
    (a.sizeBytes ?? 0) === (b.sizeBytes ?? 0) &&
    (a.segments ?? 0) === (b.segments ?? 0)
  );
}
