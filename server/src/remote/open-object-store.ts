import { LocalObjectStore } from './local-object-store.ts';
import type { ObjectStore } from './object-store.ts';
import type { RemoteStorageConfig } from './remote-storage-config.ts';
import type { RetryPolicy } from './retry.ts';
import { S3ObjectStore } from './s3-object-store.ts';

/** The object store `remote.data.dir` names, or undefined when it names none. `localOwner`: see LocalObjectStore.open. */
export async function openObjectStore(
  config: RemoteStorageConfig,
  options: { retry?: RetryPolicy; localOwner?: string } = {},
): Promise<ObjectStore | undefined> {
  const { location, s3 } = config;
  if (location === undefined) return undefined;
  if (location.kind === 'file') return LocalObjectStore.open(location.path, options.localOwner === undefined ? {} : { owner: options.localOwner });
  return new S3ObjectStore({
    bucket: location.bucket,
    prefix: location.prefix,
    ...(s3.endpoint !== undefined && { endpoint: s3.endpoint }),
    region: s3.region,
    pathStyle: s3.pathStyle,
    ...(s3.credentials !== undefined && { credentials: s3.credentials }),
    ...(options.retry !== undefined && { retry: options.retry }),
  });
}
