/**
 * One bucket of one table, and the one key and text for it everywhere: the coordinator's
 * assignment, the tablet server's replicas and the client's routing. `partitionId` is -1 when the
 * table is not partitioned.
 */
export interface TableBucket {
  tableId: number;
  partitionId: number;
  bucket: number;
}

/**
 * Which tablet servers hold a bucket's replicas, which of them are in sync, and which one leads it
 * (coordinator/leader-election.ts describes how it changes).
 */
export interface BucketAssignment extends TableBucket {
  /** Tablet server id, or -1: not placed yet, or no in-sync replica is alive. */
  leader: number;
  /** In preference order; empty until the bucket is placed. */
  replicas: number[];
  /** In-sync replicas: they have everything the leader acknowledged. */
  isr: number[];
  /** Grows with every new leader. */
  leaderEpoch: number;
  /** Grows with every change of leader, ISR or replicas. */
  bucketEpoch: number;
  /**
   * While a rebalance moves the bucket (coordinator/rebalance/): replicas being added, catching up,
   * and replicas removed once those are in the ISR. Both within `replicas`; absent or empty otherwise.
   */
  addingReplicas?: number[];
  removingReplicas?: number[];
}

/**
 * A bucket's replica that a rebalance moved off `serverId` (coordinator/rebalance/): that server
 * deletes its data, unless the bucket is assigned to it again by then. Sequenced with the
 * deletions of dropped tables.
 */
export interface ReplicaRemovalRecord extends TableBucket {
  seq: number;
  tableIncarnation: string;
  serverId: number;
}

/** A bucket within one table (the client's view of the table it reads or writes). */
export type PartitionBucket = Pick<TableBucket, 'partitionId' | 'bucket'>;

/** `<tableId>/<partitionId>/<bucket>`: a map key. */
export function tableBucketKey(tb: TableBucket): string {
  return `${tb.tableId}/${tb.partitionId}/${tb.bucket}`;
}

/** `<partitionId>/<bucket>`: a map key within one table. */
export function partitionBucketKey(pb: PartitionBucket): string {
  return `${pb.partitionId}/${pb.bucket}`;
}

/** How errors and logs name a bucket: `db.t bucket 3`, `db.t partition 12 bucket 0`. */
export function tableBucketText(tb: TableBucket, table?: { path: { database: string; table: string } }): string {
  const name = table ? `${table.path.database}.${table.path.table}` : `table ${tb.tableId}`;
  return tb.partitionId >= 0 ? `${name} partition ${tb.partitionId} bucket ${tb.bucket}` : `${name} bucket ${tb.bucket}`;
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
