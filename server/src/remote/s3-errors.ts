import { ObjectStoreError, type ObjectStoreErrorCode } from './object-store-error.ts';

/** Error names (S3 codes) and Node network codes, by what they mean to a caller. */
const BY_NAME: Record<string, ObjectStoreErrorCode> = {
  NoSuchKey: 'not-found',
  NotFound: 'not-found',
  NoSuchBucket: 'no-bucket',
  PreconditionFailed: 'exists',
  AccessDenied: 'denied',
  InvalidAccessKeyId: 'denied',
  SignatureDoesNotMatch: 'denied',
  ExpiredToken: 'denied',
  InvalidToken: 'denied',
  // The server computed another checksum than the one sent: the bytes changed on the way (or the
  // file being uploaded changed): not worth retrying blindly.
  BadDigest: 'corrupt',
  XAmzContentSHA256Mismatch: 'corrupt',
  // A conditional write raced another one on the same key: retry, and learn who won.
  ConditionalRequestConflict: 'unavailable',
  SlowDown: 'unavailable',
  RequestTimeout: 'unavailable',
  RequestTimeTooSkewed: 'unavailable',
  InternalError: 'unavailable',
  ServiceUnavailable: 'unavailable',
  TimeoutError: 'unavailable',
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ECONNABORTED: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
};

/**
 * What an error of the AWS SDK (or of the connection under it) means, as an ObjectStoreError.
 * The name decides where it is known; otherwise the HTTP status (HEAD answers have no body, hence
 * no name); no status at all means the request never got an answer: unavailable. Anything else (a
 * TypeError of a bug) is returned as it is, so it is neither retried nor disguised.
 */
export function fromS3Error(error: unknown, what: string): unknown {
  if (error instanceof ObjectStoreError) return error;
  const code = classify(error);
  if (code === undefined) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ObjectStoreError(code, `${what}: ${detail}`, { cause: error });
}

function classify(error: unknown): ObjectStoreErrorCode | undefined {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  for (const name of [fields.name, fields.code]) {
    if (typeof name === 'string' && Object.hasOwn(BY_NAME, name)) return BY_NAME[name]!;
  }
  const status = fields.$metadata?.httpStatusCode;
  if (status === undefined) return typeof fields.code === 'string' || fields.$metadata !== undefined ? 'unavailable' : undefined;
  if (status === 404) return 'not-found';
  if (status === 412) return 'exists';
  if (status === 401 || status === 403) return 'denied';
  if (status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'invalid';
}
