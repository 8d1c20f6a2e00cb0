import { describe, expect, it } from 'vitest';
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { FlussCluster } from '../../api/types.ts';
import { sampleCluster } from '../../specs/fixtures.ts';
import type { FakeKubeApi } from '../../kube/fake-kube-api.ts';
import { KubeApiError, type KubeObject } from '../../kube/kube-api.ts';
import type { AccessKeyPair, BucketProbe } from '../../object-storage/bucket-probe.ts';
import { testContext } from '../test-context.ts';
import { reconcileCluster, type ClusterReconcilerDeps } from './reconcile.ts';

const clusterRef = { apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussCluster', namespace: 'data', name: 'demo' };
const setRef = (name: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'data', name });

async function setup(spec: Partial<FlussCluster['spec']> = {}) {
  const context = testContext();
  let reachable: 'reachable' | 'unreachable' | 'no-route' = 'reachable';
  let bucket: BucketProbe = { ok: true };
  const probedWith: AccessKeyPair[] = [];
  const deps: ClusterReconcilerDeps = {
    ...context,
    probeCoordinator: async () => reachable,
    // No route: these tests are about objects and conditions; scaling and rolling have their own.
    adminFor: () => undefined,
    probeBucket: async (_storage, credentials) => {
      probedWith.push(credentials);
      return bucket;
    },
  };
  const { metadata, ...rest } = sampleCluster(spec);
  await context.api.create<FlussCluster>({ ...rest, metadata: { name: metadata.name, namespace: 'data' } });
  return {
    deps,
    api: context.api,
    probedWith,
    setReachable: (value: typeof reachable) => (reachable = value),
    setBucket: (value: BucketProbe) => (bucket = value),
  };
}

/** Plays the StatefulSet controller + kubelet: every pod of the current template is Ready. */
async function markRolledOut(api: FakeKubeApi, name: string): Promise<void> {
  const set = await api.get<V1StatefulSet>(setRef(name));
  const replicas = set?.spec?.replicas ?? 0;
  api.setStatus(setRef(name), {
    observedGeneration: set?.metadata?.generation,
    replicas,
    readyReplicas: replicas,
    updatedReplicas: replicas,
    currentRevision: `r${set?.metadata?.generation}`,
    updateRevision: `r${set?.metadata?.generation}`,
  });
}

const conditionOf = async (api: FakeKubeApi, type: string) => (await api.get<FlussCluster>(clusterRef))?.status?.conditions?.find((c) => c.type === type);
const eventReasons = async (api: FakeKubeApi) =>
  (await api.list<KubeObject & { type?: string; reason?: string }>('v1', 'Event')).items.map((event) => `${event.type} ${event.reason}`);
const tabletReplicas = async (api: FakeKubeApi) => (await api.get<V1StatefulSet>(setRef('demo-tablet')))?.spec?.replicas;

describe('reconcileCluster', () => {
  it('creates every owned object, then writes nothing on a second reconcile', async () => {
    const { deps, api } = await setup();
    api.writes.length = 0;
    expect(await reconcileCluster(deps, 'data/demo')).toEqual({ kind: 'requeueAfter', delayMs: 5000 });
    expect(api.writes.filter((write) => write.startsWith('apply'))).toHaveLength(7);
    api.writes.length = 0;
    await reconcileCluster(deps, 'data/demo');
    expect(api.writes).toEqual([]);
  });

  it('becomes Ready once pods are ready and the coordinator answers, and stops polling', async () => {
    const { deps, api, setReachable } = await setup();
    await reconcileCluster(deps, 'data/demo');
    await markRolledOut(api, 'demo-coordinator');
    await markRolledOut(api, 'demo-tablet');
    setReachable('unreachable');
    await reconcileCluster(deps, 'data/demo');
    let cluster = await api.get<FlussCluster>(clusterRef);
    expect(cluster?.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', message: 'coordinator not reachable over gRPC' });
    expect(cluster?.status?.phase).toBe('Degraded');
    setReachable('reachable');
    expect(await reconcileCluster(deps, 'data/demo')).toEqual({ kind: 'done' });
    cluster = await api.get<FlussCluster>(clusterRef);
    expect(cluster?.status).toMatchObject({ phase: 'Running', readyTabletServers: 3, tabletServers: 3, observedGeneration: 1 });
    expect(cluster?.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['Progressing', 'False'],
      ['Degraded', 'False'],
      ['CoordinatorReachable', 'True'],
      ['ObjectStorageReady', 'True'],
    ]);
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({ reason: 'NotConfigured' });
  });
});

describe('reconcileCluster when a step fails', () => {
  const refusal = new KubeApiError(422, 'Invalid', 'StatefulSet.apps "demo-tablet" is invalid: requests: must be less than or equal to cpu limit of 1');

  it('writes Ready=False (ReconcileFailed) naming the step, warns once, and still fails for the backoff', async () => {
    const { deps, api } = await setup();
    api.refusals.set('apply StatefulSet/data/demo-tablet', refusal);
    await expect(reconcileCluster(deps, 'data/demo')).rejects.toThrow('applying StatefulSet demo-tablet: StatefulSet.apps "demo-tablet" is invalid');
    expect(await conditionOf(api, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReconcileFailed',
      message: `applying StatefulSet demo-tablet: ${refusal.message}`,
    });
    expect(await eventReasons(api)).toEqual(['Warning ReconcileFailed']);

    await expect(reconcileCluster(deps, 'data/demo')).rejects.toThrow(refusal.message);
    expect(await eventReasons(api)).toHaveLength(1);

    api.refusals.clear();
    await reconcileCluster(deps, 'data/demo');
    expect((await conditionOf(api, 'Ready'))?.reason).toBe('ServersNotReady');
  });
});

describe('reconcileCluster with the pause annotation', () => {
  const pause = (api: FakeKubeApi, value: string | null) =>
    api.mergePatch(clusterRef, { metadata: { annotations: { 'fluss.dev/pause-reconciliation': value } } });

  it('only writes ReconciliationPaused until the annotation goes, then applies the spec and drops the condition', async () => {
    const { deps, api } = await setup();
    await reconcileCluster(deps, 'data/demo');
    await pause(api, 'true');
    await api.mergePatch(clusterRef, { spec: { tabletServers: { replicas: 5 } } });
    api.writes.length = 0;

    expect(await reconcileCluster(deps, 'data/demo')).toEqual({ kind: 'done' });
    expect(await tabletReplicas(api)).toBe(3);
    expect(await conditionOf(api, 'ReconciliationPaused')).toMatchObject({ status: 'True', reason: 'PauseAnnotation' });
    expect(api.writes.filter((write) => !write.startsWith('create Event/'))).toEqual(['status FlussCluster/data/demo']);
    expect(await eventReasons(api)).toEqual(['Normal ReconciliationPaused']);
    api.writes.length = 0;
    await reconcileCluster(deps, 'data/demo');
    expect(api.writes).toEqual([]);

    await pause(api, null);
    await reconcileCluster(deps, 'data/demo');
    expect(await tabletReplicas(api)).toBe(5);
    expect(await conditionOf(api, 'ReconciliationPaused')).toBeUndefined();
  });

  it('is not paused by any other value', async () => {
    const { deps, api } = await setup();
    await pause(api, 'false');
    await reconcileCluster(deps, 'data/demo');
    expect(await tabletReplicas(api)).toBe(3);
    expect(await conditionOf(api, 'ReconciliationPaused')).toBeUndefined();
  });
});

describe('reconcileCluster checks objectStorage settings', () => {
  const storage = { endpoint: 'http://s3.storage:9000', bucket: 'fluss', credentialsSecretRef: { name: 's3-creds', secretAccessKeyKey: 'secret' } };
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const createSecret = (api: FakeKubeApi, data: Record<string, string>) =>
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's3-creds', namespace: 'data' }, data } as KubeObject);

  async function readyCluster() {
    const fixture = await setup({ objectStorage: storage });
    await reconcileCluster(fixture.deps, 'data/demo');
    await markRolledOut(fixture.api, 'demo-coordinator');
    await markRolledOut(fixture.api, 'demo-tablet');
    return fixture;
  }

  it('says when the credentials Secret is missing, warns once, keeps the cluster Ready and looks again', async () => {
    const { deps, api, probedWith } = await readyCluster();
    expect(await reconcileCluster(deps, 'data/demo')).toEqual({ kind: 'requeueAfter', delayMs: 30_000 });
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
    expect((await conditionOf(api, 'ObjectStorageReady'))?.message).toContain('s3-creds');
    expect(await conditionOf(api, 'Ready')).toMatchObject({ status: 'True' });
    await reconcileCluster(deps, 'data/demo');
    expect((await eventReasons(api)).filter((reason) => reason === 'Warning SecretNotFound')).toHaveLength(1);
    expect(probedWith).toEqual([]);
  });

  it('names the keys the Secret lacks, then probes the bucket with the decoded pair once they are there', async () => {
    const { deps, api, probedWith } = await readyCluster();
    await createSecret(api, { AWS_ACCESS_KEY_ID: base64('AKIA1'), secret: '' });
    await reconcileCluster(deps, 'data/demo');
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({
      status: 'False',
      reason: 'SecretKeyMissing',
      message: 'Secret s3-creds has no value for secret',
    });

    await api.mergePatch({ apiVersion: 'v1', kind: 'Secret', namespace: 'data', name: 's3-creds' }, { data: { secret: base64('s3cr3t') } });
    expect(await reconcileCluster(deps, 'data/demo')).toEqual({ kind: 'done' });
    expect(probedWith).toEqual([{ accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' }]);
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({ status: 'True', reason: 'BucketReachable' });
  });

  it('turns a refused or missing bucket into its own reason, with the store message', async () => {
    const { deps, api, setBucket } = await readyCluster();
    await createSecret(api, { AWS_ACCESS_KEY_ID: base64('AKIA1'), secret: base64('wrong') });
    setBucket({ ok: false, code: 'denied', message: 'listing: InvalidAccessKeyId: The key does not exist' });
    await reconcileCluster(deps, 'data/demo');
    const condition = await conditionOf(api, 'ObjectStorageReady');
    expect(condition).toMatchObject({ status: 'False', reason: 'AccessDenied' });
    expect(condition?.message).toBe('s3://fluss/remote/ at http://s3.storage:9000: listing: InvalidAccessKeyId: The key does not exist');
    setBucket({ ok: false, code: 'no-bucket', message: 'NoSuchBucket' });
    await reconcileCluster(deps, 'data/demo');
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({ status: 'False', reason: 'BucketNotFound' });
    expect((await eventReasons(api)).filter((reason) => reason.startsWith('Warning'))).toEqual([
      'Warning SecretNotFound',
      'Warning AccessDenied',
      'Warning BucketNotFound',
    ]);
  });

  it('cannot check credentials it is not given', async () => {
    const { deps, api, probedWith } = await setup({ objectStorage: { endpoint: 'http://s3.storage:9000', bucket: 'fluss' } });
    await reconcileCluster(deps, 'data/demo');
    expect(await conditionOf(api, 'ObjectStorageReady')).toMatchObject({ status: 'Unknown', reason: 'AmbientCredentials' });
    expect(probedWith).toEqual([]);
  });
});
