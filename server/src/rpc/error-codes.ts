import { status as GrpcStatus } from '@grpc/grpc-js';

/** What a failure means to a client: the gRPC status it travels as and whether to retry it. */
export interface ErrorCodeDefinition {
  /** The gRPC status of a call failing with this code (older clients and other tools see only this). */
  readonly status: GrpcStatus;
  /** The same request may succeed later: after a pause, a metadata refresh or a reconnect. */
  readonly retriable: boolean;
  /** One line for docs/client.md. */
  readonly doc: string;
}

const code = (status: GrpcStatus, retriable: boolean, doc: string): ErrorCodeDefinition => ({ status, retriable, doc });

/**
 * Generic codes, one per gRPC status: what a failure without a more specific code travels as, and
 * what a client names an error from a server that sent no code. A generic code also stands for
 * every specific code of its status in `isFlussError` (UNKNOWN_TABLE is a NOT_FOUND).
 */
export const GENERIC_ERROR_CODES = {
  INVALID_ARGUMENT: code(GrpcStatus.INVALID_ARGUMENT, false, 'The request is invalid.'),
  NOT_FOUND: code(GrpcStatus.NOT_FOUND, false, 'Something the request names does not exist.'),
  ALREADY_EXISTS: code(GrpcStatus.ALREADY_EXISTS, false, 'Something the request creates exists already.'),
  FAILED_PRECONDITION: code(GrpcStatus.FAILED_PRECONDITION, false, 'The request does not fit the current state (e.g. a closed writer).'),
  OUT_OF_RANGE: code(GrpcStatus.OUT_OF_RANGE, false, 'A value is outside what exists.'),
  RESOURCE_EXHAUSTED: code(GrpcStatus.RESOURCE_EXHAUSTED, false, 'A limit was reached.'),
  UNAVAILABLE: code(GrpcStatus.UNAVAILABLE, true, 'The server cannot be reached or cannot serve now (down, restarting, no leader).'),
  DEADLINE_EXCEEDED: code(GrpcStatus.DEADLINE_EXCEEDED, true, 'No answer within the request timeout.'),
  DATA_LOSS: code(GrpcStatus.DATA_LOSS, false, 'Stored data is damaged.'),
  INTERNAL: code(GrpcStatus.INTERNAL, false, 'A server bug, or an answer the client cannot read.'),
} as const satisfies Record<string, ErrorCodeDefinition>;

/**
 * Codes a client acts on, like Kafka's Errors: refresh metadata and retry, give up, start a new
 * writer, reset an offset. Servers send the name in the `fluss-error` trailer of a failed call, and
 * in the `error` field of a per-bucket answer (Fetch, ListOffsets).
 */
export const SPECIFIC_ERROR_CODES = {
  NOT_LEADER_OR_FOLLOWER: code(GrpcStatus.FAILED_PRECONDITION, true, 'This server does not lead the bucket (it moved): refresh metadata and retry.'),
  UNKNOWN_TABLE_OR_BUCKET: code(
    GrpcStatus.NOT_FOUND,
    true,
    'This tablet server does not host the bucket (not opened yet, moved, or dropped): refresh metadata and retry; a dropped table then fails with UNKNOWN_TABLE.',
  ),
  UNKNOWN_DATABASE: code(GrpcStatus.NOT_FOUND, false, 'The database does not exist.'),
  UNKNOWN_TABLE: code(GrpcStatus.NOT_FOUND, false, 'The table does not exist.'),
  UNKNOWN_PARTITION: code(GrpcStatus.NOT_FOUND, false, 'The partition does not exist (never created, or dropped).'),
  DATABASE_ALREADY_EXISTS: code(GrpcStatus.ALREADY_EXISTS, false, 'The database exists already.'),
  TABLE_ALREADY_EXISTS: code(GrpcStatus.ALREADY_EXISTS, false, 'The table exists already.'),
  PARTITION_ALREADY_EXISTS: code(GrpcStatus.ALREADY_EXISTS, false, 'The partition exists already.'),
  DATABASE_NOT_EMPTY: code(GrpcStatus.FAILED_PRECONDITION, false, 'The database still has tables: drop it with cascade.'),
  INVALID_RECORD: code(GrpcStatus.INVALID_ARGUMENT, false, 'A batch or row is malformed or does not match the table.'),
  RECORD_TOO_LARGE: code(GrpcStatus.INVALID_ARGUMENT, false, 'A batch is larger than the server accepts.'),
  REQUEST_TOO_LARGE: code(GrpcStatus.RESOURCE_EXHAUSTED, false, 'The request is larger than the server accepts.'),
  INVALID_CONFIG: code(GrpcStatus.INVALID_ARGUMENT, false, 'A table property or setting is unknown or has a bad value.'),
  CORRUPT_RECORD: code(GrpcStatus.DATA_LOSS, false, 'Stored data failed its checksum; the server does not serve it.'),
  OUT_OF_ORDER_SEQUENCE: code(
    GrpcStatus.FAILED_PRECONDITION,
    false,
    'A batch sequence skipped ahead of what the bucket has from this writer: earlier batches were lost, so the writer must start over with a new writer id.',
  ),
  OFFSET_OUT_OF_RANGE: code(GrpcStatus.OUT_OF_RANGE, false, 'The offset is below the log start (expired) or above the end.'),
  NOT_ENOUGH_REPLICAS: code(
    GrpcStatus.UNAVAILABLE,
    true,
    'Too few in-sync replicas to accept an acks=all write (the ISR is below table.min-insync-replicas), or the ISR did not replicate it within produce.ack-timeout: retry.',
  ),
  STORAGE_FULL: code(
    GrpcStatus.RESOURCE_EXHAUSTED,
    false,
    "The tablet server's disk is full; the write was refused and undone. Not retried by the client (space rarely comes back within its retries); the same write succeeds once space is freed.",
  ),
  STORAGE_ERROR: code(GrpcStatus.UNAVAILABLE, true, "The bucket's storage failed or is closing (e.g. moving): retry, possibly elsewhere."),
  CLUSTER_ID_MISMATCH: code(GrpcStatus.FAILED_PRECONDITION, false, 'The server belongs to another cluster (its data dir was made by another coordinator).'),
  FENCED_LEADER_EPOCH: code(
    GrpcStatus.FAILED_PRECONDITION,
    true,
    'The request acts on a leader epoch that is no longer current (a deposed leader, or a stale view of it): refresh metadata and retry.',
  ),
  STALE_BUCKET_EPOCH: code(
    GrpcStatus.FAILED_PRECONDITION,
    true,
    'A bucket-state change based on an older bucket epoch: apply the newest assignment, then retry.',
  ),
} as const satisfies Record<string, ErrorCodeDefinition>;

/** Every code, generic and specific, in one table. */
export const ERROR_CODES: Readonly<Record<ErrorCodeName, ErrorCodeDefinition>> = { ...GENERIC_ERROR_CODES, ...SPECIFIC_ERROR_CODES };

export type GenericErrorCodeName = keyof typeof GENERIC_ERROR_CODES;
export type ErrorCodeName = GenericErrorCodeName | keyof typeof SPECIFIC_ERROR_CODES;

export function isErrorCodeName(name: string): name is ErrorCodeName {
  return Object.hasOwn(ERROR_CODES, name);
}

export function isGenericErrorCodeName(name: string): name is GenericErrorCodeName {
  return Object.hasOwn(GENERIC_ERROR_CODES, name);
}

const GENERIC_BY_STATUS = new Map<number, GenericErrorCodeName>(
  Object.entries(GENERIC_ERROR_CODES).map(([name, definition]) => [definition.status, name as GenericErrorCodeName]),
);

/** The generic code of a gRPC status (INTERNAL for one without: UNKNOWN, CANCELLED, ...). */
export function genericCodeOf(status: number): GenericErrorCodeName {
  return GENERIC_BY_STATUS.get(status) ?? 'INTERNAL';
}
