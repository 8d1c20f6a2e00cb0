export {
  LogTablet,
  type ClosedSegment,
  type FollowerAppendResult,
  type LogObserver,
  type LogOpenOptions,
  type RawReadResult,
  type ReadResult,
  type RetentionOptions,
  type WaitTarget,
} from './log-tablet.ts';
export type { EpochEntry } from './leader-epoch-history.ts';
export { DEFAULT_LOG_CONFIG, type LogConfig } from './config.ts';
export { NO_WRITER_ID, type BatchHeader } from './batch-format.ts';
export { SegmentReader } from './segment-reader.ts';
export { LogError, isLogError, type LogErrorCode } from './errors.ts';
export { WRITER_BATCHES_RETAINED, type SequenceCheck, type WriterBatch } from './writer-state.ts';
export type { AppendInput, AppendResult, Clock, LogLogger, StoredBatch } from './types.ts';
