/**
 * Failures of a KV tablet that callers map to wire statuses: a write the data makes impossible
 * (nothing of its batch is written), a writer's batch sequence with a gap (nothing written
 * either), or the tablet being unusable (closed, or failed on storage
 * and waiting to be reopened, which recovers it).
 */
export type KvErrorCode = 'INVALID_WRITE' | 'OUT_OF_ORDER_SEQUENCE' | 'CLOSED' | 'STORAGE_ERROR';

export class KvError extends Error {
  readonly code: KvErrorCode;
  /** The offending row of the batch, for INVALID_WRITE. */
  readonly rowIndex: number | undefined;

  constructor(code: KvErrorCode, message: string, options?: ErrorOptions & { rowIndex?: number }) {
    super(message, options);
    this.name = 'KvError';
    this.code = code;
    this.rowIndex = options?.rowIndex;
  }
}
