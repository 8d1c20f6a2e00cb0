import { InvalidBatchError } from '../arrow/index.ts';
import { KvError, type KvErrorCode } from '../kv/index.ts';
import { LogError, type LogErrorCode } from '../log/index.ts';
import { FlussError, type ErrorCodeName } from '../rpc/errors.ts';
import { ReplicaDirRefusedError } from './replica-marker.ts';

const STATUS_OF_LOG_ERROR: Record<LogErrorCode, ErrorCodeName> = {
  OFFSET_OUT_OF_RANGE: 'OUT_OF_RANGE',
  CORRUPT_RECORD: 'DATA_LOSS',
  OUT_OF_ORDER_SEQUENCE: 'FAILED_PRECONDITION',
  INVALID_RECORD: 'INVALID_ARGUMENT',
  RECORD_TOO_LARGE: 'INVALID_ARGUMENT',
  CLOSED: 'UNAVAILABLE',
  NO_SPACE: 'RESOURCE_EXHAUSTED',
  STORAGE_ERROR: 'UNAVAILABLE',
};

const STATUS_OF_KV_ERROR: Record<KvErrorCode, ErrorCodeName> = {
  INVALID_WRITE: 'INVALID_ARGUMENT',
  OUT_OF_ORDER_SEQUENCE: 'FAILED_PRECONDITION',
  CLOSED: 'UNAVAILABLE',
  STORAGE_ERROR: 'UNAVAILABLE',
};

/** Maps storage and Arrow validation failures to the status a client sees, keeping the message. */
export function toFlussError(error: unknown, where: string): unknown {
  if (error instanceof FlussError) return error;
  if (error instanceof LogError) return new FlussError(STATUS_OF_LOG_ERROR[error.code], `${where}: ${error.message}`, { cause: error });
  if (error instanceof KvError) {
    const what = error.code === 'INVALID_WRITE' ? `Invalid write to ${where}` : where;
    return new FlussError(STATUS_OF_KV_ERROR[error.code], `${what}: ${error.message}`, { cause: error });
  }
  if (error instanceof ReplicaDirRefusedError) return new FlussError('FAILED_PRECONDITION', error.message, { cause: error });
  if (error instanceof InvalidBatchError) return new FlussError('INVALID_ARGUMENT', `Invalid batch for ${where}: ${error.message}`, { cause: error });
  return error;
}
