import { randomUUID } from 'node:crypto';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import type { PartitionInfo__Output } from '../rpc/generated/fluss/v1/PartitionInfo.ts';

/** Where a bucket replica lives. Single replica today: `replicas` is [leader]. */
export interface BucketAssignment {
  tableId: number;
  /** -1 for a non-partitioned table. */
  partitionId: number;
  bucket: number;
  /** Tablet server id, or -1 while no server was available to take it. */
  leader: number;
  replicas: number[];
  leaderEpoch: number;
}

export interface DatabaseRecord {
  comment: string;
  createdAtMs: number;
}

export interface PartitionRecord {
  tableId: number;
  info: PartitionInfo__Output;
}

/**
 * Replica data of a dropped table (partitionId -1) or partition that tablet servers delete. Kept
 * after the drop, so a server that was down at the time deletes the data when it comes back; a
 * server deletes a directory only when the incarnation recorded in it matches.
 */
export interface ReplicaDeletionRecord {
  seq: number;
  tableId: number;
  tableIncarnation: string;
  partitionId: number;
}

/**
 * Everything the coordinator must not forget across restarts, persisted as one checksummed JSON
 * document (metadata.json). Ids are never reused: `nextTableId`/`nextPartitionId` only grow, and
 * grow past any id a tablet server reports holding data for.
 */
export interface MetadataState {
  version: 2;
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
  tables: Record<string, TableInfo__Output>;
  /** By partition id. */
  partitions: Record<string, PartitionRecord>;
  /** By bucketKey(tableId, partitionId, bucket). */
  buckets: Record<string, BucketAssignment>;
  deletions: ReplicaDeletionRecord[];
  nextDeletionSeq: number;
}

/** The state of a coordinator that has never been used: no cluster id yet (see Catalog.format). */
export function emptyState(): MetadataState {
  return {
    version: 2,
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

/** The incarnation given to tables created before incarnations existed. */
export function legacyIncarnation(table: { tableId: number; createdAtMs: number }): string {
  return `legacy-${table.tableId}-${table.createdAtMs}`;
}

export function isLegacyIncarnation(incarnation: string): boolean {
  return incarnation.startsWith('legacy-');
}

/** A new table's incarnation. */
export function newIncarnation(): string {
  return randomUUID();
}

/**
 * Brings metadata written by an older version up to the current one. Version 1 had no cluster id
 * (it gets one: the servers that hold its data have none either, and adopt it), no incarnations
 * and no deletions.
 */
export function upgradeState(stored: { version: number } & Record<string, unknown>): MetadataState {
  if (stored.version === 2) return stored as unknown as MetadataState;
  if (stored.version !== 1) throw new TypeError(`unknown metadata version ${stored.version}`);
  type V1 = Omit<MetadataState, 'version' | 'clusterId' | 'adoptsLegacyServers' | 'coordinatorEpoch' | 'deletions' | 'nextDeletionSeq'>;
  const v1 = stored as unknown as V1;
  const tables = Object.fromEntries(
    Object.entries(v1.tables).map(([id, table]) => [id, { ...table, incarnation: table.incarnation || legacyIncarnation(table) }]),
  );
  return { ...v1, version: 2, clusterId: randomUUID(), adoptsLegacyServers: true, coordinatorEpoch: 0, tables, deletions: [], nextDeletionSeq: 1 };
}

export function bucketKey(tableId: number, partitionId: number, bucket: number): string {
  return `${tableId}/${partitionId}/${bucket}`;
}
