/**
 * Domain errors of the log that callers catch and map to wire statuses. Bad arguments from our own
 * code (a negative maxBytes, a malformed config) are RangeError/TypeError instead: they are bugs,
 * not conditions a client can cause.
 */
export type LogErrorCode =
  /** The requested offset lies outside [logStartOffset, logEndOffset]. */
  | 'OFFSET_OUT_OF_RANGE'
  /** A stored batch failed validation (magic, lengths, offsets or CRC); its bytes are never served. */
  | 'CORRUPT_RECORD'
  /** A writer's batch sequence skips ahead of, or falls behind, the retained sequence window. */
  | 'OUT_OF_ORDER_SEQUENCE'
  /** An append carries invalid fields (record count, schema id, writer id, sequence). */
  | 'INVALID_RECORD'
  /** A payload too large for the batch format's 32-bit length. */
  | 'RECORD_TOO_LARGE'
  /**
   * An append that was to go at a given offset (`atOffset`) found the log ending elsewhere: it was
   * truncated or appended to meanwhile. Nothing was written.
   */
  | 'END_MOVED'
  /** The tablet was closed or deleted. */
  | 'CLOSED'
  /**
   * The file system is full (ENOSPC, or EDQUOT over a quota). Nothing of the failed call was kept
   * and the tablet stays open: the same call succeeds once space is freed.
   */
  | 'NO_SPACE'
  /** A file-system error; the tablet stops serving (fail-stop) until it is reopened and recovered. */
  | 'STORAGE_ERROR';

export class LogError extends Error {
  readonly code: LogErrorCode;

  constructor(code: LogErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogError';
    this.code = code;
  }
}

/** True for a LogError with the given code; convenient in `catch` blocks and test assertions. */
export function isLogError(error: unknown, code?: LogErrorCode): error is LogError {
  return error instanceof LogError && (code === undefined || error.code === code);
}

/** NO_SPACE for a write of `path` refused by a full file system, once its partial bytes are gone. */
export function noSpaceError(path: string, cause: unknown): LogError {
  return new LogError('NO_SPACE', `Cannot write ${path}: no space left on device`, { cause });
}
