// One cheap call that tells whether a FlussCluster's bucket works with the credentials its servers
// get: a list of at most one key under the remote data prefix, through the servers' own S3 store
// (same signing, path style and error classification), tried once with a short timeout.
import { S3ObjectStore } from '../../../server/src/remote/s3-object-store.ts';
import { isObjectStoreError, type ObjectStoreErrorCode } from '../../../server/src/remote/object-store-error.ts';
import type { ObjectStorageSpec } from '../api/types.ts';

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export type BucketProbe = { ok: true } | { ok: false; code: ObjectStoreErrorCode | 'error'; message: string };

export type ProbeBucket = (storage: ObjectStorageSpec, credentials: AccessKeyPair) => Promise<BucketProbe>;

/** The servers' default region (server setting `s3.region`). */
const defaultRegion = 'us-east-1';

export async function probeBucket(storage: ObjectStorageSpec, credentials: AccessKeyPair, timeoutMs = 5_000): Promise<BucketProbe> {
  const store = new S3ObjectStore({
    bucket: storage.bucket,
    prefix: '',
    endpoint: storage.endpoint,
    region: storage.region ?? defaultRegion,
    pathStyle: storage.pathStyleAccess ?? true,
    credentials,
    retry: { maxAttempts: 1 },
    requestTimeoutMs: timeoutMs,
  });
  try {
    await store.list(`${storage.remoteDataPrefix ?? 'remote'}/`, { maxKeys: 1 });
    return { ok: true };
  } catch (error) {
    if (isObjectStoreError(error)) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'error', message: error instanceof Error ? error.message : String(error) };
  } finally {
    store.close();
  }
}
