// The server config file (server.properties) rendered from a FlussCluster, and its hash.
// Every server reads the same file through `--config-file`; the hash goes on the pod template,
// so a change rolls the pods.
import { createHash } from 'node:crypto';
import type { FlussClusterSpec } from '../api/types.ts';

export const configFileName = 'server.properties';
export const configMountPath = '/etc/fluss';

/** Config keys the operator sets from typed spec fields; users override anything via spec.config. */
export function derivedConfig(spec: FlussClusterSpec): Record<string, string> {
  const storage = spec.objectStorage;
  if (!storage) return {};
  const bucketUri = `s3://${storage.bucket}`;
  const derived: Record<string, string> = {
    'remote.data.dir': `${bucketUri}/${storage.remoteDataPrefix ?? 'remote'}`,
    'datalake.iceberg.warehouse': `${bucketUri}/${storage.lakehousePrefix ?? 'lake'}`,
    's3.endpoint': storage.endpoint,
    's3.path-style-access': String(storage.pathStyleAccess ?? true),
  };
  if (storage.region) derived['s3.region'] = storage.region;
  return derived;
}

/** `key=value` lines sorted by key, so equal configs render byte-for-byte equal. */
export function renderConfig(spec: FlussClusterSpec): string {
  const merged = { ...derivedConfig(spec), ...spec.config };
  return Object.keys(merged)
    .sort()
    .map((key) => `${key}=${escapeValue(merged[key] ?? '')}`)
    .join('\n')
    .concat('\n');
}

// Java-properties style: a newline inside a value would start a new key.
function escapeValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

export function configHash(renderedConfig: string): string {
  return createHash('sha256').update(renderedConfig).digest('hex').slice(0, 16);
}
