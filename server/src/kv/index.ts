// Primary-key tables' storage: per-bucket KV tablets on RocksDB with their changelog in the log.
export { KvTablet, type KvTableSpec, type KvTabletOptions, type KvWriteBatch, type KvWriteResult } from './kv-tablet.ts';
export { KvError, type KvErrorCode } from './errors.ts';
export type { Change, MergeEngine, MergeOutcome } from './merge/merge-engine.ts';
export type { Row } from './values.ts';
export type { SnapshotFile } from './snapshot-files.ts';
