import type { ColumnDef } from '../arrow/index.ts';
import type { KvTablet } from '../kv/index.ts';
import type { LogTablet } from '../log/index.ts';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';

/** Identifies one bucket of one table (partitionId -1 when the table is not partitioned). */
export interface TableBucket {
  tableId: number;
  partitionId: number;
  bucket: number;
}

export function tableBucketKey(tb: TableBucket): string {
  return `${tb.tableId}/${tb.partitionId}/${tb.bucket}`;
}

export function tableBucketText(tb: TableBucket, table?: TableInfo__Output): string {
  const name = table?.path ? `${table.path.database}.${table.path.table}` : `table ${tb.tableId}`;
  return tb.partitionId >= 0 ? `${name} partition ${tb.partitionId} bucket ${tb.bucket}` : `${name} bucket ${tb.bucket}`;
}

/**
 * A bucket replica this server hosts (the leader; replication comes later). The table info and
 * columns are refreshed from the coordinator's heartbeats; the log is the replica's storage, and
 * a primary-key table's replica also has its KV tablet, whose changelog that log holds.
 */
export interface Replica extends TableBucket {
  leaderEpoch: number;
  table: TableInfo__Output;
  columns: ColumnDef[];
  /** The columns of the stored log batches: `columns`, plus the change type for a primary-key table. */
  logColumns: ColumnDef[];
  log: LogTablet;
  kv: KvTablet | undefined;
}
