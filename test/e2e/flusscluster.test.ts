// FlussCluster against a real kube-apiserver + controller-manager + scheduler, with kwok as the
// kubelet. The operator runs as a separate process with the chart's RBAC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, runWithInput, type ControlPlane } from './controlplane/controlplane.ts';
import { chartDir, condition, getJson, startControlPlaneWithCrds, tryGetJson, waitClusterCondition, warningEvents, type KubeJson } from './cluster-fixture.ts';
import { OperatorProcess } from './operator-process.ts';
import { startVersitygw, VERSITYGW_BUILD_TIMEOUT_MS, type Versitygw } from '../support/versitygw.ts';
import { eventually, sleep } from './wait.ts';

let controlPlane: ControlPlane;
let operatorA: OperatorProcess;
let operatorB: OperatorProcess | undefined;

const ns = 'data';
const ownedObjects = [
  ['serviceaccount', 'demo-server'],
  ['configmap', 'demo-config'],
  ['service', 'demo-headless'],
  ['service', 'demo-coordinator'],
  ['poddisruptionbudget', 'demo-tablet'],
  ['statefulset', 'demo-coordinator'],
  ['statefulset', 'demo-tablet'],
] as const;

const clusterYaml = (extra = '') => `apiVersion: fluss.dev/v1alpha1
kind: FlussCluster
metadata: {name: demo, namespace: ${ns}}
spec:
  image: fluss-ts:e2e
  tabletServers: {replicas: 3}
${extra}`;

function newOperator(identity: string): OperatorProcess {
  return new OperatorProcess({ identity, kubeconfig: controlPlane.operatorKubeconfig, logDir: controlPlane.dir });
}

async function cluster(): Promise<KubeJson> {
  return getJson(controlPlane, ['-n', ns, 'get', 'flusscluster', 'demo']);
}

async function waitReady(): Promise<KubeJson> {
  return eventually(
    'FlussCluster demo Ready and not Progressing',
    async () => {
      const current = await cluster();
      return condition(current, 'Ready')?.status === 'True' && condition(current, 'Progressing')?.status === 'False' && current;
    },
    90_000,
  );
}

async function resourceVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = { cluster: (await cluster()).metadata.resourceVersion };
  for (const [kind, name] of ownedObjects) versions[`${kind}/${name}`] = (await getJson(controlPlane, ['-n', ns, 'get', kind, name])).metadata.resourceVersion;
  return versions;
}

async function expectKubectlRefusal(yaml: string, message: string): Promise<void> {
  await expect(controlPlane.kubectl(['apply', '-f', '-'], yaml)).rejects.toThrow(message);
}

beforeAll(async () => {
  controlPlane = await startControlPlaneWithCrds();
  await controlPlane.kubectl(['create', 'namespace', ns]);
  operatorA = newOperator('operator-a');
  await operatorA.start();
});

afterAll(async () => {
  await operatorB?.stop();
  await operatorA?.stop();
  await controlPlane?.stop();
});

describe('CRDs on a real apiserver', () => {
  it('are served with their printer columns and short names', async () => {
    const output = await controlPlane.kubectl(['api-resources', '--api-group=fluss.dev']);
    expect(output).toMatch(/flussclusters\s+fc,fluss\s+fluss.dev\/v1alpha1\s+true\s+FlussCluster/);
    expect(output).toMatch(/flusstables\s+ft\s+fluss.dev\/v1alpha1\s+true\s+FlussTable/);
  });

  it('refuses invalid FlussClusters by schema and CEL, with their messages', async () => {
    await expectKubectlRefusal(clusterYaml().replace('replicas: 3', 'replicas: -1'), 'spec.tabletServers.replicas: Invalid value: -1');
    await expectKubectlRefusal(
      clusterYaml('  objectStorage: {endpoint: "minio:9000", bucket: lake}'),
      'objectStorage.endpoint must be an http:// or https:// URL',
    );
  });

  it('refuses invalid FlussTables and changes to what may not change', async () => {
    const table = (pk: string, cluster = 'demo') => `apiVersion: fluss.dev/v1alpha1
kind: FlussTable
metadata: {name: t1, namespace: ${ns}}
spec:
  clusterRef: {name: ${cluster}}
  database: shop
  name: orders
  schema: {columns: [{name: id, type: BIGINT}, {name: sku, type: STRING}]}
  primaryKey: [${pk}]
`;
    await expectKubectlRefusal(table('nope'), 'every primaryKey column must be a column of the schema');
    await controlPlane.kubectl(['apply', '-f', '-'], table('id'));
    await expectKubectlRefusal(table('sku'), 'primaryKey is immutable');
    await expectKubectlRefusal(table('id', 'other'), 'clusterRef is immutable');
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusstable', 't1', '--wait=true']);
  });
});

describe('Helm chart on a real apiserver', () => {
  it('renders objects the apiserver accepts, the sample FlussCluster included (server-side dry run)', async () => {
    const rendered = await runWithInput(binary('helm'), [
      'template',
      'fluss-operator',
      chartDir,
      '--namespace',
      'fluss-system',
      '--skip-crds',
      '--set',
      'sampleCluster.enabled=true',
      '--set',
      'sampleCluster.storageSize=10Gi',
    ]);
    const output = await controlPlane.kubectl(['apply', '--dry-run=server', '-f', '-'], rendered);
    expect(output).toContain('deployment.apps/fluss-operator created (server dry run)');
    expect(output).toContain('flusscluster.fluss.dev/fluss created (server dry run)');
  });

  it('accepts the examples under examples/kubernetes (server-side dry run)', async () => {
    const output = await controlPlane.kubectl(['apply', '--dry-run=server', '-f', 'examples/kubernetes/']);
    expect(output).toContain('flusscluster.fluss.dev/demo created (server dry run)');
    expect(output).toContain('flusstable.fluss.dev/clicks created (server dry run)');
  });
});

describe('FlussCluster reconciler', () => {
  it('creates every object with an owner reference and becomes Ready once pods are ready', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], clusterYaml());
    const ready = await waitReady();
    expect(ready.status).toMatchObject({ phase: 'Running', readyTabletServers: 3, tabletServers: 3, observedGeneration: 1 });
    expect(condition(ready, 'CoordinatorReachable')?.reason).toBe('NoRoute');
    for (const [kind, name] of ownedObjects) {
      const object = await getJson(controlPlane, ['-n', ns, 'get', kind, name]);
      expect(object.metadata.ownerReferences, `${kind}/${name}`).toEqual([
        expect.objectContaining({ kind: 'FlussCluster', name: 'demo', uid: ready.metadata.uid, controller: true }),
      ]);
    }
    const pods = await getJson<{ items: KubeJson[] }>(controlPlane, ['-n', ns, 'get', 'pods', '-l', 'fluss.dev/cluster=demo']);
    expect(pods.items.map((pod) => pod.metadata.name).sort()).toEqual(['demo-coordinator-0', 'demo-tablet-0', 'demo-tablet-1', 'demo-tablet-2']);
  });

  it('writes nothing when a reconcile finds nothing changed', async () => {
    const before = await resourceVersions();
    const writesBefore = await operatorA.metric('fluss_operator_kube_writes_total');
    const reconcilesBefore = await operatorA.metric('fluss_operator_reconcile_total', { controller: 'flusscluster' });
    // An annotation is a watch event but no spec change: it triggers a reconcile that must be a no-op.
    await controlPlane.kubectl(['-n', ns, 'annotate', 'flusscluster', 'demo', 'e2e/touch=1']);
    await eventually(
      'a reconcile after the annotation',
      async () => (await operatorA.metric('fluss_operator_reconcile_total', { controller: 'flusscluster' })) > reconcilesBefore,
    );
    await sleep(2000);
    const after = await resourceVersions();
    expect({ ...after, cluster: 'ignored' }).toEqual({ ...before, cluster: 'ignored' });
    expect(await operatorA.metric('fluss_operator_kube_writes_total')).toBe(writesBefore);
  });

  it('kubectl scale changes the tablet-server StatefulSet and the status follows', async () => {
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=5']);
    await eventually(
      'tablet StatefulSet at 5 replicas',
      async () => (await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])).spec?.['replicas'] === 5,
    );
    const ready = await waitReady();
    expect(ready.status).toMatchObject({ readyTabletServers: 5, tabletServers: 5 });
    const scale = JSON.parse(await controlPlane.kubectl(['get', '--raw', `/apis/fluss.dev/v1alpha1/namespaces/${ns}/flussclusters/demo/scale`])) as {
      status: unknown;
    };
    expect(scale.status).toEqual({ replicas: 5, selector: 'app.kubernetes.io/component=tablet-server,fluss.dev/cluster=demo' });
    const printed = await controlPlane.kubectl(['-n', ns, 'get', 'flusscluster', 'demo']);
    expect(printed).toMatch(/demo\s+5\s+5\s+Running\s+Idle\s+Idle/);
  });

  it('refuses a scale-down it cannot drain (no route to the coordinator): the pods stay, a condition and a Warning say why', async () => {
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=4']);
    const blocked = await waitClusterCondition(controlPlane, ns, 'demo', 'ScaleDownBlocked');
    expect(condition(blocked, 'ScaleDownBlocked')).toMatchObject({ reason: 'NoRoute' });
    expect(condition(blocked, 'ScaleDownBlocked')?.message).toContain('cannot drain servers 4');
    expect((await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])).spec?.['replicas']).toBe(5);
    expect(blocked.status).toMatchObject({ tabletServers: 5 });
    expect(await warningEvents(controlPlane, ns, 'demo', 'ScaleDownBlocked')).toHaveLength(1);
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=5']);
    await eventually('ScaleDownBlocked gone', async () => condition(await cluster(), 'ScaleDownBlocked') === undefined);
  });

  it('rolls a config change one pod at a time, tablet servers before the coordinator', async () => {
    const hashOf = async (name: string) =>
      ((await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', name])).spec as { template: { metadata: { annotations: Record<string, string> } } })
        .template.metadata.annotations['fluss.dev/config-hash'];
    const oldHash = await hashOf('demo-coordinator');
    let maxTabletsDown = 0;
    let coordinatorChangedWhileTabletsRolling = false;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const pods = await getJson<{ items: Array<KubeJson & { status?: { conditions?: Array<{ type: string; status: string }> } }> }>(controlPlane, [
          '-n',
          ns,
          'get',
          'pods',
          '-l',
          'app.kubernetes.io/component=tablet-server',
        ]);
        const ready = pods.items.filter(
          (pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !('deletionTimestamp' in pod.metadata),
        ).length;
        maxTabletsDown = Math.max(maxTabletsDown, 5 - ready);
        // The coordinator first: once it has the new hash the tablet servers must have rolled, and
        // they stay rolled, so a later look at them that finds them rolling is a real violation.
        const coordinatorHash = await hashOf('demo-coordinator');
        const tabletSet = await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet']);
        const rolled =
          tabletSet.status?.['updatedReplicas'] === 5 &&
          tabletSet.status['readyReplicas'] === 5 &&
          tabletSet.status['currentRevision'] === tabletSet.status['updateRevision'];
        if (!rolled && coordinatorHash !== oldHash) coordinatorChangedWhileTabletsRolling = true;
      }
    })();
    await controlPlane.kubectl(['-n', ns, 'patch', 'flusscluster', 'demo', '--type=merge', '-p', '{"spec":{"config":{"log.segment.file-size":"1mb"}}}']);
    const newHash = await eventually(
      'coordinator on the new config',
      async () => {
        const hash = await hashOf('demo-coordinator');
        return hash !== oldHash && hash;
      },
      120_000,
    );
    const ready = await waitReady();
    sampling = false;
    await sampler;
    expect(await hashOf('demo-tablet')).toBe(newHash);
    expect(ready.status?.['configHash']).toBe(newHash);
    expect(coordinatorChangedWhileTabletsRolling).toBe(false);
    expect(maxTabletsDown).toBeLessThanOrEqual(1);
    const configMap = await getJson<{ data: Record<string, string> }>(controlPlane, ['-n', ns, 'get', 'configmap', 'demo-config']);
    expect(configMap.data['server.properties']).toBe('log.segment.file-size=1mb\n');
  });
});

describe('pausing and failing', () => {
  const tabletReplicas = async () => (await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])).spec?.['replicas'];
  const reconciles = () => operatorA.metric('fluss_operator_reconcile_total', { controller: 'flusscluster' });

  it('a paused cluster keeps its objects until the annotation is removed, then takes the spec change', async () => {
    await controlPlane.kubectl(['-n', ns, 'annotate', 'flusscluster', 'demo', 'fluss.dev/pause-reconciliation=true']);
    const paused = await eventually('ReconciliationPaused', async () => {
      const current = await cluster();
      return condition(current, 'ReconciliationPaused')?.status === 'True' && current;
    });
    expect(condition(paused, 'ReconciliationPaused')?.reason).toBe('PauseAnnotation');
    const before = await reconciles();
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=6']);
    await eventually('a reconcile of the paused cluster after the scale', async () => (await reconciles()) > before);
    await sleep(2000);
    expect(await tabletReplicas()).toBe(5);
    expect((await cluster()).status).toMatchObject({ tabletServers: 5, observedGeneration: paused.metadata.generation });

    await controlPlane.kubectl(['-n', ns, 'annotate', 'flusscluster', 'demo', 'fluss.dev/pause-reconciliation-']);
    await eventually('tablet StatefulSet at 6 replicas', async () => (await tabletReplicas()) === 6);
    const ready = await waitReady();
    expect(ready.status).toMatchObject({ readyTabletServers: 6, tabletServers: 6 });
    expect(condition(ready, 'ReconciliationPaused')).toBeUndefined();
  });

  it('a step the API server refuses shows as Ready=False (ReconcileFailed) with its message and a Warning Event', async () => {
    // The schema lets requests exceed limits; the StatefulSet validation does not.
    const broken = clusterYaml()
      .replace('name: demo', 'name: broken')
      .replace('{replicas: 3}', "{replicas: 1, resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}}");
    await controlPlane.kubectl(['apply', '-f', '-'], broken);
    const failed = await eventually('Ready=False ReconcileFailed', async () => {
      const current = await getJson(controlPlane, ['-n', ns, 'get', 'flusscluster', 'broken']);
      return condition(current, 'Ready')?.reason === 'ReconcileFailed' && current;
    });
    expect(condition(failed, 'Ready')?.status).toBe('False');
    expect(condition(failed, 'Ready')?.message).toMatch(/^applying StatefulSet broken-tablet: .*must be less than or equal to cpu limit/);
    const events = await getJson<{ items: Array<{ type: string }> }>(controlPlane, [
      '-n',
      ns,
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=broken,reason=ReconcileFailed',
    ]);
    expect(events.items.map((event) => event.type)).toEqual(['Warning']);

    await controlPlane.kubectl([
      '-n',
      ns,
      'patch',
      'flusscluster',
      'broken',
      '--type=merge',
      '-p',
      '{"spec":{"tabletServers":{"resources":{"limits":{"cpu":"2"}}}}}',
    ]);
    await eventually('the fixed spec applied', async () => (await tryGetJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'broken-tablet'])) !== undefined);
    await eventually(
      'Ready no longer ReconcileFailed',
      async () => condition(await getJson(controlPlane, ['-n', ns, 'get', 'flusscluster', 'broken']), 'Ready')?.reason !== 'ReconcileFailed',
    );
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusscluster', 'broken', '--wait=true']);
    await eventually(
      'broken-tablet collected',
      async () => (await tryGetJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'broken-tablet'])) === undefined,
      60_000,
      1000,
    );
  });
});

describe('objectStorage settings', () => {
  let s3: Versitygw;
  beforeAll(async () => {
    s3 = await startVersitygw();
    await s3.createBucket('fluss-e2e');
  }, VERSITYGW_BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await s3?.stop({ remove: true });
  });

  const storedYaml = () =>
    clusterYaml(`  objectStorage: {endpoint: '${s3.endpoint}', bucket: fluss-e2e, credentialsSecretRef: {name: s3-creds}}`)
      .replace('name: demo', 'name: stored')
      .replace('{replicas: 3}', '{replicas: 1}');
  const secretYaml = (secret: string) => `apiVersion: v1
kind: Secret
metadata: {name: s3-creds, namespace: ${ns}}
stringData: {AWS_ACCESS_KEY_ID: ${s3.credentials.accessKeyId}, AWS_SECRET_ACCESS_KEY: ${secret}}
`;
  /** The reason of ObjectStorageReady once it is `reason`; an annotation makes the operator look again now. */
  const waitStorageReason = (reason: string) =>
    eventually(`ObjectStorageReady ${reason}`, async () => {
      await controlPlane.kubectl(['-n', ns, 'annotate', '--overwrite', 'flusscluster', 'stored', `e2e/poke=${Date.now()}`]);
      const current = await getJson(controlPlane, ['-n', ns, 'get', 'flusscluster', 'stored']);
      return condition(current, 'ObjectStorageReady')?.reason === reason && current;
    });

  it('a missing Secret, then a refused key, show as ObjectStorageReady=False with a Warning; the right key makes it True', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], storedYaml());
    const missing = await waitStorageReason('SecretNotFound');
    expect(condition(missing, 'ObjectStorageReady')).toMatchObject({
      status: 'False',
      message: 'Secret s3-creds (objectStorage.credentialsSecretRef) does not exist',
    });
    await controlPlane.kubectl(['apply', '-f', '-'], secretYaml('not-the-secret'));
    expect(condition(await waitStorageReason('AccessDenied'), 'ObjectStorageReady')?.status).toBe('False');
    const warnings = await getJson<{ items: Array<{ type: string; reason: string }> }>(controlPlane, [
      '-n',
      ns,
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=stored,type=Warning',
    ]);
    expect(warnings.items.map((event) => event.reason).sort()).toEqual(['AccessDenied', 'SecretNotFound']);

    await controlPlane.kubectl(['apply', '-f', '-'], secretYaml(s3.credentials.secretAccessKey));
    expect(condition(await waitStorageReason('BucketReachable'), 'ObjectStorageReady')?.status).toBe('True');
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusscluster', 'stored', '--wait=true']);
  });
});

describe('operator restart and leader hand-over', () => {
  it('a restarted operator leaves everything as it was', async () => {
    const before = await resourceVersions();
    expect(await operatorA.stop()).toBe(0);
    operatorA = newOperator('operator-a');
    await operatorA.start();
    await eventually('operator-a leads again', async () => (await operatorA.metric('fluss_operator_leader')) === 1, 30_000);
    await eventually(
      'the restarted operator reconciled the cluster',
      async () => (await operatorA.metric('fluss_operator_reconcile_total', { controller: 'flusscluster' })) > 0,
    );
    await sleep(2000);
    expect(await resourceVersions()).toEqual(before);
    expect(await operatorA.metric('fluss_operator_kube_writes_total')).toBe(0);
  });

  it('a standby takes over when the leader stops, and changes nothing until there is something to do', async () => {
    operatorB = newOperator('operator-b');
    await operatorB.start();
    const lease = async () =>
      getJson<{ spec: { holderIdentity?: string; leaseTransitions?: number } }>(controlPlane, ['-n', 'fluss-system', 'get', 'lease', 'fluss-operator']);
    expect((await lease()).spec.holderIdentity).toBe('operator-a');
    expect(await operatorB.metric('fluss_operator_leader')).toBe(0);
    const before = await resourceVersions();

    expect(await operatorA.stop()).toBe(0);
    await eventually('operator-b holds the lease', async () => (await lease()).spec.holderIdentity === 'operator-b', 20_000);
    await eventually(
      'operator-b reconciled',
      async () => ((await operatorB?.metric('fluss_operator_reconcile_total', { controller: 'flusscluster' })) ?? 0) > 0,
    );
    await sleep(2000);
    expect(await resourceVersions()).toEqual(before);

    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=7']);
    await eventually(
      'operator-b scaled the tablet servers to 7',
      async () => (await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])).spec?.['replicas'] === 7,
    );
    expect((await waitReady()).status).toMatchObject({ readyTabletServers: 7 });
  });

  it('deleting the FlussCluster garbage-collects what it owned', async () => {
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusscluster', 'demo']);
    await eventually(
      'dependents removed',
      async () =>
        (await tryGetJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])) === undefined &&
        (await tryGetJson(controlPlane, ['-n', ns, 'get', 'configmap', 'demo-config'])) === undefined,
      90_000,
      1000,
    );
  });
});
