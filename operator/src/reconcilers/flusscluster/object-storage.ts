// The ObjectStorageReady condition of a FlussCluster: are its objectStorage settings usable? The
// credentials Secret must exist with both keys set, and the bucket must answer a list with them.
// Writes never wait for the bucket (servers keep data locally until uploads work), so this
// condition does not make the cluster unready; it says why remote data falls behind.
import type { ConditionInput } from '../../api/conditions.ts';
import type { FlussCluster, ObjectStorageSpec } from '../../api/types.ts';
import type { KubeObject } from '../../kube/kube-api.ts';
import type { AccessKeyPair, BucketProbe, ProbeBucket } from '../../object-storage/bucket-probe.ts';
import type { ReconcilerContext } from '../context.ts';

export const objectStorageConditionType = 'ObjectStorageReady';

/** What the operator found, in the order it looks: spec, Secret, keys, bucket. */
export type ObjectStorageCheck =
  | { kind: 'not-configured' }
  | { kind: 'ambient-credentials' }
  | { kind: 'secret-not-found'; secret: string }
  | { kind: 'secret-keys-missing'; secret: string; keys: string[] }
  | { kind: 'probed'; location: string; probe: BucketProbe };

interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

export async function checkObjectStorage(context: ReconcilerContext, cluster: FlussCluster, probeBucket: ProbeBucket): Promise<ObjectStorageCheck> {
  const storage = cluster.spec.objectStorage;
  if (!storage) return { kind: 'not-configured' };
  const ref = storage.credentialsSecretRef;
  if (!ref) return { kind: 'ambient-credentials' };
  const secret = await context.api.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', namespace: cluster.metadata.namespace ?? '', name: ref.name });
  if (!secret) return { kind: 'secret-not-found', secret: ref.name };
  const keys = { accessKeyId: ref.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID', secretAccessKey: ref.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY' };
  const value = (key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
  const missing = Object.values(keys).filter((key) => value(key) === '');
  if (missing.length > 0) return { kind: 'secret-keys-missing', secret: ref.name, keys: missing };
  const credentials: AccessKeyPair = { accessKeyId: value(keys.accessKeyId), secretAccessKey: value(keys.secretAccessKey) };
  return { kind: 'probed', location: bucketLocation(storage), probe: await probeBucket(storage, credentials) };
}

function bucketLocation(storage: ObjectStorageSpec): string {
  return `s3://${storage.bucket}/${storage.remoteDataPrefix ?? 'remote'}/ at ${storage.endpoint}`;
}

const probeReasons: Record<Exclude<BucketProbe, { ok: true }>['code'], string> = {
  'no-bucket': 'BucketNotFound',
  denied: 'AccessDenied',
  unavailable: 'Unreachable',
  'not-found': 'ProbeFailed',
  exists: 'ProbeFailed',
  corrupt: 'ProbeFailed',
  invalid: 'ProbeFailed',
  error: 'ProbeFailed',
};

/** Pure: the condition for what checkObjectStorage found. */
export function objectStorageCondition(check: ObjectStorageCheck): ConditionInput {
  const type = objectStorageConditionType;
  switch (check.kind) {
    case 'not-configured':
      return { type, status: 'True', reason: 'NotConfigured', message: 'No objectStorage: each server keeps its remote data under its own data volume' };
    case 'ambient-credentials':
      return {
        type,
        status: 'Unknown',
        reason: 'AmbientCredentials',
        message: 'No credentialsSecretRef: servers use the credentials of their environment, which the operator cannot check',
      };
    case 'secret-not-found':
      return { type, status: 'False', reason: 'SecretNotFound', message: `Secret ${check.secret} (objectStorage.credentialsSecretRef) does not exist` };
    case 'secret-keys-missing':
      return { type, status: 'False', reason: 'SecretKeyMissing', message: `Secret ${check.secret} has no value for ${check.keys.join(', ')}` };
    case 'probed':
      return check.probe.ok
        ? { type, status: 'True', reason: 'BucketReachable', message: `Listed ${check.location} with the Secret's credentials` }
        : { type, status: 'False', reason: probeReasons[check.probe.code], message: `${check.location}: ${check.probe.message}` };
  }
}
