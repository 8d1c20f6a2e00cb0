import type { ColumnDef } from '../arrow/index.ts';
import type { KvTablet } from '../kv/index.ts';
import type { LogTablet } from '../log/index.ts';
import type { TableInfo } from '../table/table-info.ts';
import type { TableBucket } from '../table/table-bucket.ts';
import type { FollowerTracker } from '../replica/follower-tracker.ts';

/**
 * A bucket replica this server hosts, with its role: the leader serves reads and writes; a
 * follower serves nothing to clients (they get NOT_LEADER_OR_FOLLOWER and look the leader up). The
 * role, leader and epoch, the table info and columns are refreshed from the coordinator's
 * heartbeats; the log is the replica's storage, and a primary-key table's replica also has its KV
 * tablet, whose changelog that log holds.
 */
export interface Replica extends TableBucket {
  role: 'leader' | 'follower';
  /** The bucket's leader as this server last heard (-1: none). */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  bucketEpoch: number;
  /** Replicas a rebalance is adding (catching up; their fetches may be throttled). */
  addingReplicas: number[];
  /**
   * Leader of a replicated bucket (replication factor > 1): what it knows of its followers, the
   * log end at which its leader epoch began, and a signal that aborts when this term of leadership
   * ends (a new role or leader epoch): acks=all writes waiting for the ISR then fail with a
   * retriable error, since this log may be cut back to the new leader's. Undefined on followers
   * and single replicas.
   */
  leadership: Leadership | undefined;
  table: TableInfo;
  columns: ColumnDef[];
  /** The columns of the stored log batches: `columns`, plus the change type for a primary-key table. */
  logColumns: ColumnDef[];
  log: LogTablet;
  kv: KvTablet | undefined;
}

export interface Leadership {
  followers: FollowerTracker;
  epochStartOffset: number;
  /**
   * Followers this leader asked the coordinator to add to the ISR, while it has not answered. They
   * count for the high watermark already (Kafka's maximal ISR): the coordinator may accept, and
   * then elect one of them, before this leader hears of it, so nothing may be acknowledged that
   * they lack.
   */
  joining: number[];
  ended: AbortController;
}
