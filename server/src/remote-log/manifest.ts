import type { TableBucket } from '../table/table-bucket.ts';
import type { RemoteSegmentKeys } from './remote-log-keys.ts';

/** One segment in remote storage, as its bucket's manifest lists it. */
export interface RemoteSegment {
  /** Unique per upload (part of every key). */
  id: string;
  /** The base offset of the segment file (its name and index base). */
  segmentBaseOffset: number;
  /**
   * The first offset served from this segment: its base offset, or the previous segment's end when
   * that lies inside it (a new leader's segments need not start where the old leader's did).
   */
  startOffset: number;
  /** The offset after its last batch. */
  endOffset: number;
  maxTimestampMs: number;
  sizeBytes: number;
  /** Base64 SHA-256 of the .log object: checked on download, besides the store's own check. */
  sha256: string;
  /** The leader epoch of the leader that uploaded it. */
  leaderEpoch: number;
  keys: RemoteSegmentKeys;
}

/**
 * A bucket's remote log: its segments in remote storage, in offset order, non-overlapping
 * ([startOffset, endOffset) ranges), as one immutable object per version. The coordinator holds
 * which version is committed (coordinator/remote-log-commits.ts); a manifest object no committed
 * version names is never read.
 */
export interface RemoteLogManifest extends TableBucket {
  format: 1;
  tableIncarnation: string;
  /** 0: the empty manifest before the first commit (never stored). */
  version: number;
  /** Of the leader that wrote this version. */
  leaderEpoch: number;
  segments: RemoteSegment[];
  /**
   * The end of what was ever uploaded: the last segment's end, kept when retention removed every
   * segment, so uploads resume there. Undefined until the first upload.
   */
  endOffset: number | undefined;
  /**
   * Objects the previous version named and this one does not (expired segments, the previous
   * manifest). Deleted after the commit, and again, idempotently, by whoever loads this version
   * (a leader that crashed between commit and delete left them).
   */
  obsoleteKeys: string[];
}

export function emptyManifest(tb: TableBucket, tableIncarnation: string): RemoteLogManifest {
  return {
    tableId: tb.tableId,
    partitionId: tb.partitionId,
    bucket: tb.bucket,
    format: 1,
    tableIncarnation,
    version: 0,
    leaderEpoch: 0,
    segments: [],
    endOffset: undefined,
    obsoleteKeys: [],
  };
}

/** The first offset held remotely, or undefined when nothing is. */
export function remoteStartOffset(manifest: RemoteLogManifest): number | undefined {
  return manifest.segments[0]?.startOffset;
}

/** The segment whose range holds `offset`, or undefined. */
export function segmentHolding(manifest: RemoteLogManifest, offset: number): RemoteSegment | undefined {
  return manifest.segments.find((segment) => segment.startOffset <= offset && offset < segment.endOffset);
}

/**
 * The next version: `added` appended (they must start at or after the current end), the oldest
 * `expired` segments dropped (their objects, and the previous manifest's key, become obsolete).
 */
export function nextManifest(
  manifest: RemoteLogManifest,
  change: { added: readonly RemoteSegment[]; expired: number; leaderEpoch: number; previousKey: string | undefined },
): RemoteLogManifest {
  let end = manifest.endOffset;
  for (const segment of change.added) {
    if (end !== undefined && segment.startOffset < end) {
      throw new RangeError(`Remote segment [${segment.startOffset}, ${segment.endOffset}) overlaps the remote log ending at ${end}`);
    }
    if (segment.startOffset >= segment.endOffset) throw new RangeError(`Remote segment [${segment.startOffset}, ${segment.endOffset}) is empty`);
    end = segment.endOffset;
  }
  const dropped = manifest.segments.slice(0, change.expired);
  return {
    ...manifest,
    version: manifest.version + 1,
    leaderEpoch: change.leaderEpoch,
    segments: [...manifest.segments.slice(change.expired), ...change.added],
    endOffset: end,
    obsoleteKeys: [...dropped.flatMap((segment) => Object.values(segment.keys)), ...(change.previousKey === undefined ? [] : [change.previousKey])],
  };
}

export function encodeManifest(manifest: RemoteLogManifest): Uint8Array {
  return Buffer.from(JSON.stringify(manifest));
}

/**
 * Reads a manifest object and checks it is the one expected (bucket, incarnation, version) and
 * well formed (ordered, non-overlapping ranges); anything else throws a TypeError saying what.
 */
export function decodeManifest(bytes: Uint8Array, expected: TableBucket & { tableIncarnation: string; version: number }): RemoteLogManifest {
  let parsed: RemoteLogManifest;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as RemoteLogManifest;
  } catch (error) {
    throw new TypeError(`remote log manifest is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (parsed?.format !== 1) throw new TypeError(`remote log manifest of unknown format ${String(parsed?.format)}`);
  const fields = ['tableId', 'partitionId', 'bucket', 'tableIncarnation', 'version'] as const;
  for (const field of fields) {
    if (parsed[field] !== expected[field]) {
      throw new TypeError(`remote log manifest has ${field} ${String(parsed[field])}, expected ${String(expected[field])}`);
    }
  }
  if (!Array.isArray(parsed.segments) || !Array.isArray(parsed.obsoleteKeys)) throw new TypeError('remote log manifest without segment list');
  let previousEnd = -1;
  for (const segment of parsed.segments) {
    if (!(segment.startOffset >= previousEnd && segment.endOffset > segment.startOffset && segment.startOffset >= segment.segmentBaseOffset)) {
      throw new TypeError(`remote log manifest lists segment [${segment.startOffset}, ${segment.endOffset}) out of order`);
    }
    previousEnd = segment.endOffset;
  }
  if (parsed.segments.length > 0 && parsed.endOffset !== previousEnd)
    throw new TypeError(`remote log manifest ends at ${parsed.endOffset}, its segments at ${previousEnd}`);
  return parsed;
}
