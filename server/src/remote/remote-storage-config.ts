import { readSettings, REMOTE_STORAGE_SETTINGS } from '../common/server-settings.ts';
import { parseRemoteLocation, type RemoteLocation } from './remote-uri.ts';

/** What a tablet server needs to open its object store (docs/configuration.md, "Remote storage"). */
export interface RemoteStorageConfig {
  /** Undefined when `remote.data.dir` is empty: no remote storage. */
  location: RemoteLocation | undefined;
  s3: {
    endpoint: string | undefined;
    region: string;
    pathStyle: boolean;
    /** Undefined: the AWS default credential chain. */
    credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  };
  /** The remote log's upkeep (remote-log/remote-log-manager.ts). */
  log: { taskIntervalMs: number; uploadConcurrency: number; cacheBytes: number };
}

/** Reads and checks the remote storage settings; a bad one throws a TypeError naming its key. */
export function remoteStorageConfig(config: Record<string, string>): RemoteStorageConfig {
  const values = readSettings(REMOTE_STORAGE_SETTINGS, config);
  const { remoteDataDir, s3AccessKey, s3SecretKey } = values;
  let location: RemoteLocation | undefined;
  if (remoteDataDir.trim() !== '') {
    try {
      location = parseRemoteLocation(remoteDataDir);
    } catch (error) {
      throw new TypeError(`Invalid config ${REMOTE_STORAGE_SETTINGS.remoteDataDir.key}="${remoteDataDir}": ${(error as Error).message}`, { cause: error });
    }
  }
  if ((s3AccessKey === '') !== (s3SecretKey === '')) {
    // Never the values: one of them is a secret.
    throw new TypeError(`Config ${REMOTE_STORAGE_SETTINGS.s3AccessKey.key} and ${REMOTE_STORAGE_SETTINGS.s3SecretKey.key} go together: set both or neither`);
  }
  return {
    location,
    s3: {
      endpoint: values.s3Endpoint.trim() === '' ? undefined : values.s3Endpoint.trim(),
      region: values.s3Region,
      pathStyle: values.s3PathStyleAccess,
      credentials: s3AccessKey === '' ? undefined : { accessKeyId: s3AccessKey, secretAccessKey: s3SecretKey },
    },
    log: { taskIntervalMs: values.remoteLogTaskIntervalMs, uploadConcurrency: values.remoteLogUploadConcurrency, cacheBytes: values.remoteLogCacheBytes },
  };
}
