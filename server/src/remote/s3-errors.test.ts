import { describe, expect, it } from 'vitest';
import { ObjectStoreError } from './object-store-error.ts';
import { fromS3Error } from './s3-errors.ts';

/** An error shaped like the AWS SDK's: a name (the S3 code) and the HTTP status. */
function sdkError(name: string, status: number | undefined, code?: string): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: status === undefined ? {} : { httpStatusCode: status }, ...(code && { code }) });
}

function codeOf(error: unknown): unknown {
  const mapped = fromS3Error(error, 'op');
  return mapped instanceof ObjectStoreError ? mapped.code : mapped;
}

describe('fromS3Error', () => {
  it('maps S3 codes by name', () => {
    expect(codeOf(sdkError('NoSuchKey', 404))).toBe('not-found');
    expect(codeOf(sdkError('NoSuchBucket', 404))).toBe('no-bucket');
    expect(codeOf(sdkError('PreconditionFailed', 412))).toBe('exists');
    expect(codeOf(sdkError('SignatureDoesNotMatch', 403))).toBe('denied');
    expect(codeOf(sdkError('InvalidAccessKeyId', 403))).toBe('denied');
    expect(codeOf(sdkError('SlowDown', 503))).toBe('unavailable');
    expect(codeOf(sdkError('ConditionalRequestConflict', 409))).toBe('unavailable');
    expect(codeOf(sdkError('BadDigest', 400))).toBe('corrupt');
  });

  it('falls back to the HTTP status (HEAD answers have no body, so no name)', () => {
    expect(codeOf(sdkError('Unknown', 404))).toBe('not-found');
    expect(codeOf(sdkError('Unknown', 403))).toBe('denied');
    expect(codeOf(sdkError('Unknown', 429))).toBe('unavailable');
    expect(codeOf(sdkError('Unknown', 502))).toBe('unavailable');
    expect(codeOf(sdkError('Unknown', 400))).toBe('invalid');
  });

  it('a request that got no answer is unavailable; a plain bug stays itself', () => {
    expect(codeOf(sdkError('Error', undefined, 'ECONNREFUSED'))).toBe('unavailable');
    expect(codeOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('unavailable');
    expect(codeOf(sdkError('TimeoutError', undefined))).toBe('unavailable');
    const bug = new TypeError('x is undefined');
    expect(fromS3Error(bug, 'op')).toBe(bug);
  });

  it('keeps the cause and says which operation failed', () => {
    const cause = sdkError('NoSuchBucket', 404);
    const mapped = fromS3Error(cause, 'put k in s3://b/') as ObjectStoreError;
    expect(mapped.message).toBe('put k in s3://b/: NoSuchBucket: NoSuchBucket happened');
    expect(mapped.cause).toBe(cause);
  });
});
