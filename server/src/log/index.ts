export { LogTablet, type FollowerAppendResult, type LogOpenOptions, type RawReadResult, type ReadResult, type WaitTarget } from './log-tablet.ts';
export type { EpochEntry } from './leader-epoch-history.ts';
export { DEFAULT_LOG_CONFIG, type LogConfig } from './config.ts';
export { NO_WRITER_ID } from './batch-format.ts';
export { LogError, isLogError, type LogErrorCode } from './errors.ts';
export type { SequenceCheck, WriterBatch } from './writer-state.ts';
export type { AppendInput, AppendResult, Clock, LogLogger, StoredBatch } from './types.ts';
