/** Time as a seam: the log reads commit timestamps and segment ages from it; tests drive it by hand. */
export type { Clock, Timers } from '../common/timers.ts';

/** The subset of a pino logger the log needs. */
export interface LogLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface AppendInput {
  /** Opaque bytes (Arrow IPC from the client), stored as they came. */
  payload: Uint8Array;
  /** Records in the payload: the batch occupies that many offsets. 0 (with a writer) only records the writer's sequence. */
  recordCount: number;
  schemaId: number;
  /** Idempotent writer id, or -1 for none. */
  writerId: number;
  /** The writer's sequence number for this batch (ignored when writerId is -1). */
  batchSequence: number;
}

export interface AppendResult {
  baseOffset: number;
  recordCount: number;
  commitTimestampMs: number;
  /** True when this was a retry of an already appended (writerId, batchSequence); nothing was written. */
  duplicate: boolean;
}

export interface StoredBatch {
  baseOffset: number;
  recordCount: number;
  commitTimestampMs: number;
  schemaId: number;
  /** A view into the read buffer (no copy); CRC-checked before it is returned. */
  payload: Uint8Array;
}
