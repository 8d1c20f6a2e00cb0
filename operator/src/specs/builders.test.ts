import { describe, expect, it } from 'vitest';
import { buildConfigMap } from './configmap.ts';
import { configHash, renderConfig } from './config.ts';
import { sampleCluster } from './fixtures.ts';
import { buildTabletServerBudget } from './pdb.ts';
import { buildCoordinatorService, buildHeadlessService } from './services.ts';
import { buildCoordinatorStatefulSet, buildTabletServerStatefulSet } from './statefulsets.ts';
import { desiredClusterObjects } from './cluster.ts';

const owner = [{ apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussCluster', name: 'demo', uid: 'uid-demo', controller: true, blockOwnerDeletion: true }];
const clusterLabels = {
  'app.kubernetes.io/name': 'fluss',
  'app.kubernetes.io/instance': 'demo',
  'app.kubernetes.io/managed-by': 'fluss-operator',
  'fluss.dev/cluster': 'demo',
};

describe('renderConfig', () => {
  it('merges object-storage settings under user overrides, sorted by key', () => {
    const spec = sampleCluster({
      config: { 's3.path-style-access': 'false', 'log.segment.file-size': '1mb' },
      objectStorage: { endpoint: 'http://minio:9000', bucket: 'fluss', region: 'eu-1' },
    }).spec;
    expect(renderConfig(spec)).toBe(
      [
        'datalake.iceberg.warehouse=s3://fluss/lake',
        'log.segment.file-size=1mb',
        'remote.data.dir=s3://fluss/remote',
        's3.endpoint=http://minio:9000',
        's3.path-style-access=false',
        's3.region=eu-1',
        '',
      ].join('\n'),
    );
  });
  it('hashes equal configs equally and different configs differently', () => {
    const a = renderConfig(sampleCluster({ config: { a: '1', b: '2' } }).spec);
    const b = renderConfig(sampleCluster({ config: { b: '2', a: '1' } }).spec);
    const c = renderConfig(sampleCluster({ config: { a: '1', b: '3' } }).spec);
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).not.toBe(configHash(c));
  });
});

describe('buildConfigMap', () => {
  it('carries the rendered config, labels and the owner', () => {
    expect(buildConfigMap(sampleCluster({ config: { k: 'v' } }))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'demo-config', namespace: 'data', labels: clusterLabels, ownerReferences: owner },
      data: { 'server.properties': 'k=v\n' },
    });
  });
});

describe('services', () => {
  it('headless service publishes not-ready pods of both roles', () => {
    expect(buildHeadlessService(sampleCluster()).spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'fluss.dev/cluster': 'demo' },
      ports: [
        { name: 'coordinator', port: 9123, targetPort: 'coordinator', protocol: 'TCP' },
        { name: 'tablet', port: 9124, targetPort: 'tablet', protocol: 'TCP' },
      ],
    });
  });
  it('client service selects the coordinator only', () => {
    expect(buildCoordinatorService(sampleCluster()).spec?.selector).toEqual({ 'fluss.dev/cluster': 'demo', 'app.kubernetes.io/component': 'coordinator' });
  });
});

describe('buildTabletServerBudget', () => {
  it('allows one tablet server down', () => {
    expect(buildTabletServerBudget(sampleCluster()).spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'fluss.dev/cluster': 'demo', 'app.kubernetes.io/component': 'tablet-server' } },
    });
  });
});

describe('buildTabletServerStatefulSet', () => {
  it('builds the whole set', () => {
    const cluster = sampleCluster({
      tabletServers: {
        replicas: 3,
        storage: { size: '10Gi', storageClassName: 'fast' },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: 2147483648 } },
      },
      objectStorage: { endpoint: 'http://minio:9000', bucket: 'fluss', credentialsSecretRef: { name: 's3-creds' } },
      placement: { nodeSelector: { pool: 'fluss' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'fluss', effect: 'NoSchedule' }] },
    });
    const selector = { 'fluss.dev/cluster': 'demo', 'app.kubernetes.io/component': 'tablet-server' };
    expect(buildTabletServerStatefulSet(cluster, 'beef')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'demo-tablet', namespace: 'data', labels: { ...clusterLabels, ...selector }, ownerReferences: owner },
      spec: {
        replicas: 3,
        serviceName: 'demo-headless',
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...clusterLabels, ...selector }, annotations: { 'fluss.dev/config-hash': 'beef' } },
          spec: {
            serviceAccountName: 'demo-server',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
            terminationGracePeriodSeconds: 60,
            nodeSelector: { pool: 'fluss' },
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'fluss', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'tablet-server',
                image: 'fluss-ts:0.1.0',
                imagePullPolicy: 'IfNotPresent',
                command: ['fluss'],
                args: [
                  'tablet-server',
                  '--id',
                  '$(POD_INDEX)',
                  '--port',
                  '9124',
                  '--coordinator',
                  'demo-coordinator.data.svc:9123',
                  '--data-dir',
                  '/var/lib/fluss',
                  '--config-file',
                  '/etc/fluss/server.properties',
                ],
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'POD_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } },
                  { name: 'FLUSS_ADVERTISED_HOST', value: '$(POD_NAME).demo-headless.$(POD_NAMESPACE).svc' },
                  { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_ACCESS_KEY_ID' } } },
                  { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 's3-creds', key: 'AWS_SECRET_ACCESS_KEY' } } },
                ],
                ports: [{ name: 'tablet', containerPort: 9124, protocol: 'TCP' }],
                readinessProbe: { tcpSocket: { port: 'tablet' }, periodSeconds: 5, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: 'tablet' }, periodSeconds: 10, failureThreshold: 6, initialDelaySeconds: 30 },
                resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2147483648' } },
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/fluss' },
                  { name: 'config', mountPath: '/etc/fluss', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'demo-config' } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'fast' },
          },
        ],
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
    });
  });

  it('runs the effective replica count and rolling-restart partition it is given, not the spec', () => {
    const set = buildTabletServerStatefulSet(sampleCluster(), 'beef', { replicas: 5, partition: 2 });
    expect(set.spec?.replicas).toBe(5);
    expect(set.spec?.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  });

  it('deletes the claims of removed servers only when deleteClaimOnScaleDown says so', () => {
    const withClaims = (deleteClaimOnScaleDown?: boolean) =>
      buildTabletServerStatefulSet(
        sampleCluster({ tabletServers: { replicas: 3, storage: { size: '1Gi', ...(deleteClaimOnScaleDown !== undefined && { deleteClaimOnScaleDown }) } } }),
        'beef',
      ).spec?.persistentVolumeClaimRetentionPolicy;
    expect(withClaims(true)).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    expect(withClaims(false)).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(withClaims()).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(buildTabletServerStatefulSet(sampleCluster(), 'beef').spec?.persistentVolumeClaimRetentionPolicy).toBeUndefined();
  });
});

describe('buildCoordinatorStatefulSet', () => {
  it('runs one coordinator on an emptyDir when no storage is asked', () => {
    const set = buildCoordinatorStatefulSet(sampleCluster(), 'c0ffee');
    expect(set.spec?.replicas).toBe(1);
    expect(set.spec?.volumeClaimTemplates).toBeUndefined();
    expect(set.spec?.template.spec?.volumes).toEqual([
      { name: 'config', configMap: { name: 'demo-config' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'data', emptyDir: {} },
    ]);
    expect(set.spec?.template.spec?.containers[0]?.args).toEqual([
      'coordinator',
      '--port',
      '9123',
      '--data-dir',
      '/var/lib/fluss',
      '--config-file',
      '/etc/fluss/server.properties',
    ]);
    expect(set.spec?.template.metadata?.annotations).toEqual({ 'fluss.dev/config-hash': 'c0ffee' });
  });
});

describe('desiredClusterObjects', () => {
  it('lists every owned object once, config before workloads', () => {
    expect(desiredClusterObjects(sampleCluster(), 'beef').map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual([
      'ServiceAccount/demo-server',
      'ConfigMap/demo-config',
      'Service/demo-headless',
      'Service/demo-coordinator',
      'PodDisruptionBudget/demo-tablet',
      'StatefulSet/demo-coordinator',
      'StatefulSet/demo-tablet',
    ]);
  });
});
