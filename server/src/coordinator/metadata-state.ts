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
 * Everything the coordinator must not forget across restarts, persisted as one JSON document
 * (metadata.json). Ids are never reused: `nextTableId`/`nextPartitionId` only grow.
 */
export interface MetadataState {
  version: 1;
  nextTableId: number;
  nextPartitionId: number;
  databases: Record<string, DatabaseRecord>;
  /** By table id. */
  tables: Record<string, TableInfo__Output>;
  /** By partition id. */
  partitions: Record<string, PartitionRecord>;
  /** By bucketKey(tableId, partitionId, bucket). */
  buckets: Record<string, BucketAssignment>;
}

export function emptyState(): MetadataState {
  return { version: 1, nextTableId: 1, nextPartitionId: 1, databases: {}, tables: {}, partitions: {}, buckets: {} };
}

export function bucketKey(tableId: number, partitionId: number, bucket: number): string {
  return `${tableId}/${partitionId}/${bucket}`;
}
