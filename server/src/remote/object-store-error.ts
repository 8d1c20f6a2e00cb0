/**
 * What went wrong with an object store call, as a code the caller can act on without knowing which
 * store it talks to:
 * - `not-found`: no object under the key.
 * - `exists`: a put-if-absent found the key taken (the commit lost a race, or was already made).
 * - `unavailable`: unreachable, timed out, throttled or a server-side 5xx: retriable; the stores
 *   have already retried with backoff when this reaches a caller.
 * - `denied`: credentials refused or not allowed: permanent until the config changes.
 * - `no-bucket`: the bucket (or the local root directory) does not exist: permanent.
 * - `corrupt`: the bytes read do not match the checksum stored with the object (bit rot, a torn or
 *   replaced object): the content is never returned.
 * - `invalid`: the store refused the request as malformed (a bug or an unsupported key): permanent.
 */
export type ObjectStoreErrorCode = 'not-found' | 'exists' | 'unavailable' | 'denied' | 'no-bucket' | 'corrupt' | 'invalid';

export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';

  readonly code: ObjectStoreErrorCode;

  constructor(code: ObjectStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** Whether trying again later may succeed (only `unavailable`). */
  get retriable(): boolean {
    return this.code === 'unavailable';
  }
}

export function isObjectStoreError(error: unknown, code?: ObjectStoreErrorCode): error is ObjectStoreError {
  return error instanceof ObjectStoreError && (code === undefined || error.code === code);
}
