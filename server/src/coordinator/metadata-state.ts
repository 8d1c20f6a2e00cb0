import { randomUUID } from 'node:crypto';
import type { PartitionInfo, TableInfo } from '../table/table-info.ts';
import type { BucketAssignment, ReplicaDeletionRecord, ReplicaRemovalRecord } from '../table/table-bucket.ts';
import { legacyIncarnation } from '../table/table-info.ts';
import type { KvSnapshotRecord } from './kv-snapshot-commits.ts';
import type { RemoteLogRecord } from './remote-log-commits.ts';
import type { RebalanceRecord } from './rebalance/rebalance-record.ts';

export interface DatabaseRecord {
  comment: string;
  createdAtMs: number;
}

export interface PartitionRecord {
  tableId: number;
  info: PartitionInfo;
}

/**
 * Everything the coordinator must not forget across restarts, persisted as one checksummed JSON
 * document (metadata.json). Ids are never reused: `nextTableId`/`nextPartitionId` only grow, and
 * grow past any id a tablet server reports holding data for.
 */
export interface MetadataState {
  version: 3;
  /** Made once, when the cluster is first used; tablet servers store it and refuse other clusters. */
  clusterId: string;
  /** True when upgraded from metadata without cluster ids: servers whose data predates them may join. */
  adoptsLegacyServers: boolean;
  /** Grows at every coordinator start: servers ignore commands from an older coordinator. */
  coordinatorEpoch: number;
  nextTableId: number;
  nextPartitionId: number;
  databases: Record<string, DatabaseRecord>;
  /** By table id. */
  tables: Record<string, TableInfo>;
  /** By partition id. */
  partitions: Record<string, PartitionRecord>;
  /** By tableBucketKey. */
  buckets: Record<string, BucketAssignment>;
  deletions: ReplicaDeletionRecord[];
  nextDeletionSeq: number;
  /**
   * By tableBucketKey: each bucket's committed remote log manifest (remote-log-commits.ts).
   * Optional: metadata written before remote logs has none, which means no bucket has one.
   */
  remoteLogs?: Record<string, RemoteLogRecord>;
  /** By tableBucketKey: each primary-key bucket's newest remote KV snapshot (kv-snapshot-commits.ts). Optional, as remoteLogs. */
  kvSnapshots?: Record<string, KvSnapshotRecord>;
  /** By server id: its tags (PERMANENT_OFFLINE, TEMPORARY_OFFLINE; rebalance/server-tags.ts). Optional, as remoteLogs. */
  serverTags?: Record<string, string[]>;
  /** The current or last rebalance (rebalance/rebalance-record.ts). Optional, as remoteLogs. */
  rebalance?: RebalanceRecord;
  /** Replicas a rebalance moved away, whose data their server deletes; numbered by nextDeletionSeq. Optional, as remoteLogs. */
  removals?: ReplicaRemovalRecord[];
}

/** The state of a coordinator that has never been used: no cluster id yet (see Catalog.format). */
export function emptyState(): MetadataState {
  return {
    version: 3,
    clusterId: '',
    adoptsLegacyServers: false,
    coordinatorEpoch: 0,
    nextTableId: 1,
    nextPartitionId: 1,
    databases: {},
    tables: {},
    partitions: {},
    buckets: {},
    deletions: [],
    nextDeletionSeq: 1,
  };
}

/**
 * Brings metadata written by an older version up to the current one, one version at a time.
 * Version 1 had no cluster id (it gets one: the servers that hold its data have none either, and
 * adopt it), no incarnations and no deletions; version 2 had no ISR and no bucket epochs (a bucket's
 * replicas were all in sync: there was one).
 */
export function upgradeState(stored: { version: number } & Record<string, unknown>): MetadataState {
  let state = stored;
  if (state.version === 1) state = fromVersion1(state) as unknown as typeof state;
  if (state.version === 2) state = fromVersion2(state) as unknown as typeof state;
  if (state.version !== 3) throw new TypeError(`unknown metadata version ${stored.version}`);
  return state as unknown as MetadataState;
}

type Version2 = Omit<MetadataState, 'version' | 'buckets'> & { version: 2; buckets: Record<string, Omit<BucketAssignment, 'isr' | 'bucketEpoch'>> };

function fromVersion1(stored: Record<string, unknown>): Version2 {
  type V1 = Omit<Version2, 'version' | 'clusterId' | 'adoptsLegacyServers' | 'coordinatorEpoch' | 'deletions' | 'nextDeletionSeq'>;
  const v1 = stored as unknown as V1;
  const tables = Object.fromEntries(
    Object.entries(v1.tables).map(([id, table]) => [id, { ...table, incarnation: table.incarnation || legacyIncarnation(table) }]),
  );
  return { ...v1, version: 2, clusterId: randomUUID(), adoptsLegacyServers: true, coordinatorEpoch: 0, tables, deletions: [], nextDeletionSeq: 1 };
}

function fromVersion2(stored: Record<string, unknown>): MetadataState {
  const v2 = stored as unknown as Version2;
  const buckets = Object.fromEntries(Object.entries(v2.buckets).map(([key, bucket]) => [key, { ...bucket, isr: [...bucket.replicas], bucketEpoch: 0 }]));
  return { ...v2, version: 3, buckets };
}
