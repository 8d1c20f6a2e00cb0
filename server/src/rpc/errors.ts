import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { ERROR_CODES, genericCodeOf, isErrorCodeName, isGenericErrorCodeName, type ErrorCodeName, type GenericErrorCodeName } from './error-codes.ts';

export type { ErrorCodeName } from './error-codes.ts';

/** Trailing metadata of a failed call: the error code's name, and whether a retry may succeed. */
export const ERROR_CODE_KEY = 'fluss-error';
export const RETRIABLE_KEY = 'fluss-retriable';

/**
 * A domain failure: a code from the table in error-codes.ts (the gRPC status and retriability come
 * from it) and a message for people. Thrown by handlers, rebuilt by clients from the trailers.
 */
export class FlussError extends Error {
  readonly code: ErrorCodeName;
  /** Worth retrying after a metadata refresh or a pause: the same request may succeed later. */
  readonly retriable: boolean;

  /** `retriable` overrides the code's flag: a newer server's word on a code this client lacks. */
  constructor(code: ErrorCodeName, message: string, options?: ErrorOptions & { retriable?: boolean }) {
    super(message, options);
    this.name = 'FlussError';
    this.code = code;
    this.retriable = options?.retriable ?? ERROR_CODES[code].retriable;
  }

  get grpcCode(): number {
    return ERROR_CODES[this.code].status;
  }

  /** The generic code of the gRPC status (NOT_FOUND for UNKNOWN_TABLE). */
  get status(): GenericErrorCodeName {
    return genericCodeOf(this.grpcCode);
  }
}

/** The trailers the server sends with a FlussError. */
export function errorMetadata(error: FlussError): Metadata {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, error.code);
  metadata.set(RETRIABLE_KEY, String(error.retriable));
  return metadata;
}

/**
 * Rebuilds a FlussError from its code's name (a trailer or a bucket's `error` field) or, when the
 * name is absent or unknown here, from the gRPC status. A `retriable` sent along wins.
 */
export function flussErrorOf(
  wire: { status: number; name?: string | undefined; retriable?: string | undefined; message: string },
  options?: ErrorOptions,
): FlussError {
  const code = wire.name !== undefined && isErrorCodeName(wire.name) ? wire.name : genericCodeOf(wire.status);
  const retriable = wire.retriable === 'true' ? true : wire.retriable === 'false' ? false : undefined;
  return new FlussError(code, wire.message, { ...options, ...(retriable === undefined ? {} : { retriable }) });
}

/** Turns a grpc-js client error into a FlussError that keeps the server's code and message. */
export function fromServiceError(error: ServiceError): FlussError {
  const text = (key: string): string | undefined => {
    const value = error.metadata?.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
  return flussErrorOf(
    { status: error.code, name: text(ERROR_CODE_KEY), retriable: text(RETRIABLE_KEY), message: error.details || error.message },
    { cause: error },
  );
}

/** The fields of a per-bucket error in a response (Fetch, ListOffsets): status, code name, message. */
export function bucketErrorFields(error: FlussError): { errorCode: number; error: string; errorMessage: string } {
  return { errorCode: error.grpcCode, error: error.code, errorMessage: error.message };
}

/** Rebuilds a per-bucket error of a response (bucketErrorFields). */
export function fromBucketError(bucket: { errorCode: number; error: string; errorMessage: string }): FlussError {
  return flussErrorOf({ status: bucket.errorCode, name: bucket.error || undefined, message: bucket.errorMessage });
}

/**
 * Whether `error` is a FlussError, of `code` if given. A generic code matches every code of its
 * status: `isFlussError(e, 'NOT_FOUND')` holds for UNKNOWN_TABLE too.
 */
export function isFlussError(error: unknown, code?: ErrorCodeName): error is FlussError {
  if (!(error instanceof FlussError)) return false;
  if (code === undefined || error.code === code) return true;
  return isGenericErrorCodeName(code) && error.status === code;
}
