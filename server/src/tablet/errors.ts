import { InvalidBatchError } from '../arrow/index.ts';
import { KvError, type KvErrorCode } from '../kv/index.ts';
import { LogError, type LogErrorCode } from '../log/index.ts';
import { FlussError, type ErrorCodeName } from '../rpc/errors.ts';
import { ReplicaDirRefusedError } from './replica-marker.ts';

const STATUS_OF_LOG_ERROR: Record<LogErrorCode, ErrorCodeName> = {
  OFFSET_OUT_OF_RANGE: 'OFFSET_OUT_OF_RANGE',
  CORRUPT_RECORD: 'CORRUPT_RECORD',
  OUT_OF_ORDER_SEQUENCE: 'OUT_OF_ORDER_SEQUENCE',
  INVALID_RECORD: 'INVALID_RECORD',
  RECORD_TOO_LARGE: 'RECORD_TOO_LARGE',
  // Only a primary-key write, whose replica stopped leading while it merged.
  END_MOVED: 'NOT_LEADER_OR_FOLLOWER',
  CLOSED: 'UNAVAILABLE',
  NO_SPACE: 'STORAGE_FULL',
  STORAGE_ERROR: 'STORAGE_ERROR',
};

const STATUS_OF_KV_ERROR: Record<KvErrorCode, ErrorCodeName> = {
  INVALID_WRITE: 'INVALID_RECORD',
  OUT_OF_ORDER_SEQUENCE: 'OUT_OF_ORDER_SEQUENCE',
  CLOSED: 'UNAVAILABLE',
  STORAGE_ERROR: 'STORAGE_ERROR',
};

/** Maps storage and Arrow validation failures to the error code a client sees, keeping the message. */
export function toFlussError(error: unknown, where: string): unknown {
  if (error instanceof FlussError) return error;
  if (error instanceof LogError) return new FlussError(STATUS_OF_LOG_ERROR[error.code], `${where}: ${error.message}`, { cause: error });
  if (error instanceof KvError) {
    const what = error.code === 'INVALID_WRITE' ? `Invalid write to ${where}` : where;
    return new FlussError(STATUS_OF_KV_ERROR[error.code], `${what}: ${error.message}`, { cause: error });
  }
  if (error instanceof ReplicaDirRefusedError) return new FlussError('FAILED_PRECONDITION', error.message, { cause: error });
  if (error instanceof InvalidBatchError) return new FlussError('INVALID_RECORD', `Invalid batch for ${where}: ${error.message}`, { cause: error });
  return error;
}
