// The TypeScript client of a Fluss cluster (docs/client.md).
export { FlussConnection, type ConnectionOptions } from './connection.ts';
export {
  Admin,
  type BucketRemoteLog,
  type ClusterMetadata,
  type PartitionInfo,
  type RebalanceOptions,
  type RebalanceProgress,
  type ServerSummary,
  type TableInfo,
} from './admin.ts';
export { Table } from './table.ts';
export type { TableDescriptor, ColumnDescriptor } from './table-descriptor.ts';
export { parseTablePath, formatTablePath, type TablePath } from './table-path.ts';
export { AppendWriter, type WriterCounters } from './writer/append-writer.ts';
export { DEFAULT_WRITER_OPTIONS, type Acks, type AppendWriterOptions } from './writer/options.ts';
export { LogScanner, type LogScannerOptions } from './scanner/log-scanner.ts';
export { UpsertWriter, type UpsertWriterOptions, type UpsertWriterCounters } from './kv/upsert-writer.ts';
export { Lookuper, PrefixLookuper, type LookuperOptions } from './kv/lookupers.ts';
export type { ChangeType } from '../table/change-type.ts';
export type { ScanRecord } from './scanner/records.ts';
export type { BucketOffset, OffsetQuery } from './offsets.ts';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry.ts';
export { FlussError, isFlussError } from '../rpc/errors.ts';
export { RowError } from '../arrow/index.ts';
