// The coordinator and tablet-server StatefulSets. Both run the same image with different
// entrypoints; one builder serves both, the role decides the differences.
import type { V1Container, V1EnvVar, V1PersistentVolumeClaim, V1ResourceRequirements, V1StatefulSet, V1Volume } from '@kubernetes/client-node';
import type { FlussCluster, ResourceRequirements, StorageSpec, TabletServerStorageSpec } from '../api/types.ts';
import { configHashAnnotation, coordinatorPortDefault, tabletServerPortDefault } from '../api/constants.ts';
import { configFileName, configMountPath } from './config.ts';
import { componentLabels, selectorLabels, type Component } from './labels.ts';
import { clusterNames, coordinatorAddress } from './names.ts';
import { controllerReference } from './owner.ts';

export const dataMountPath = '/var/lib/fluss';
const dataVolume = 'data';
const configVolume = 'config';
// The root filesystem is read-only; Node and RocksDB may still want a scratch directory.
const scratchVolume = 'tmp';

interface Role {
  component: Component;
  name: string;
  replicas: number;
  /** Pods with a lower ordinal keep the current revision on a template change. */
  partition: number;
  portName: string;
  port: number;
  args: string[];
  resources: ResourceRequirements | undefined;
  storage: StorageSpec | undefined;
  /** Only tablet servers scale down: what happens to their claims then. */
  deleteClaimOnScaleDown?: boolean;
}

/**
 * The tablet-server set as the scaling and the rolling restart need it now: `replicas` is the
 * effective count (spec, or the count before a drain while it runs: reconcilers/flusscluster/
 * scale.ts) and `partition` the rolling-restart step (reconcilers/flusscluster/rollout.ts).
 */
export interface TabletServerPlan {
  replicas: number;
  partition: number;
}

function roles(cluster: FlussCluster, tablets: TabletServerPlan): { coordinator: Role; tabletServers: Role } {
  const names = clusterNames(cluster.metadata.name);
  const common = ['--data-dir', dataMountPath, '--config-file', `${configMountPath}/${configFileName}`];
  return {
    coordinator: {
      component: 'coordinator',
      name: names.coordinator,
      replicas: 1,
      partition: 0,
      portName: 'coordinator',
      port: coordinatorPortDefault,
      args: ['coordinator', '--port', String(coordinatorPortDefault), ...common],
      resources: cluster.spec.coordinator?.resources,
      storage: cluster.spec.coordinator?.storage,
    },
    tabletServers: {
      component: 'tablet-server',
      name: names.tabletServers,
      replicas: tablets.replicas,
      partition: tablets.partition,
      portName: 'tablet',
      port: tabletServerPortDefault,
      // $(POD_INDEX) is expanded by Kubernetes from the env below: the server id is the ordinal.
      args: ['tablet-server', '--id', '$(POD_INDEX)', '--port', String(tabletServerPortDefault), '--coordinator', coordinatorAddress(cluster), ...common],
      resources: cluster.spec.tabletServers.resources,
      storage: cluster.spec.tabletServers.storage,
      deleteClaimOnScaleDown: (cluster.spec.tabletServers.storage as TabletServerStorageSpec | undefined)?.deleteClaimOnScaleDown ?? false,
    },
  };
}

function toResourceRequirements(resources: ResourceRequirements | undefined): V1ResourceRequirements {
  const stringify = (values: Record<string, string | number> | undefined): Record<string, string> | undefined =>
    values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
  const requests = stringify(resources?.requests);
  const limits = stringify(resources?.limits);
  return { ...(requests && { requests }), ...(limits && { limits }) };
}

function environment(cluster: FlussCluster): V1EnvVar[] {
  const fieldRef = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
  const env: V1EnvVar[] = [
    { name: 'POD_NAME', ...fieldRef('metadata.name') },
    { name: 'POD_NAMESPACE', ...fieldRef('metadata.namespace') },
    { name: 'POD_INDEX', ...fieldRef("metadata.labels['apps.kubernetes.io/pod-index']") },
    {
      name: 'FLUSS_ADVERTISED_HOST',
      value: `$(POD_NAME).${clusterNames(cluster.metadata.name).headlessService}.$(POD_NAMESPACE).svc`,
    },
  ];
  const secret = cluster.spec.objectStorage?.credentialsSecretRef;
  if (secret) {
    const fromSecret = (name: string, key: string): V1EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret.name, key } } });
    env.push(fromSecret('AWS_ACCESS_KEY_ID', secret.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID'));
    env.push(fromSecret('AWS_SECRET_ACCESS_KEY', secret.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY'));
  }
  return env;
}

function container(cluster: FlussCluster, role: Role): V1Container {
  return {
    name: role.component,
    image: cluster.spec.image,
    imagePullPolicy: cluster.spec.imagePullPolicy ?? 'IfNotPresent',
    command: ['fluss'],
    args: role.args,
    env: environment(cluster),
    ports: [{ name: role.portName, containerPort: role.port, protocol: 'TCP' }],
    readinessProbe: { tcpSocket: { port: role.portName }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port: role.portName }, periodSeconds: 10, failureThreshold: 6, initialDelaySeconds: 30 },
    resources: toResourceRequirements(role.resources),
    volumeMounts: [
      { name: dataVolume, mountPath: dataMountPath },
      { name: configVolume, mountPath: configMountPath, readOnly: true },
      { name: scratchVolume, mountPath: '/tmp' },
    ],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

function volumeClaim(storage: StorageSpec): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: dataVolume },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: storage.size } },
      ...(storage.storageClassName && { storageClassName: storage.storageClassName }),
    },
  };
}

function statefulSet(cluster: FlussCluster, role: Role, configHash: string): V1StatefulSet {
  const clusterName = cluster.metadata.name;
  const names = clusterNames(clusterName);
  const placement = cluster.spec.placement;
  const volumes: V1Volume[] = [
    { name: configVolume, configMap: { name: names.configMap } },
    { name: scratchVolume, emptyDir: {} },
  ];
  if (!role.storage) volumes.push({ name: dataVolume, emptyDir: {} });
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: role.name,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: componentLabels(clusterName, role.component),
      ownerReferences: [controllerReference(cluster)],
    },
    spec: {
      replicas: role.replicas,
      serviceName: names.headlessService,
      // Scaling starts all new pods at once. Updates roll one pod at a time: RollingUpdate replaces
      // the pods at or above the partition, highest ordinal first, each once the previous is
      // Ready; the operator lowers the partition one server at a time when that is safe
      // (maxUnavailable is left out: it is behind a feature gate and would be dropped, making
      // every apply look changed).
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: role.partition } },
      selector: { matchLabels: selectorLabels(clusterName, role.component) },
      template: {
        metadata: {
          labels: componentLabels(clusterName, role.component),
          annotations: { [configHashAnnotation]: configHash },
        },
        spec: {
          serviceAccountName: names.serviceAccount,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
          terminationGracePeriodSeconds: 60,
          containers: [container(cluster, role)],
          volumes,
          ...(placement?.nodeSelector && { nodeSelector: placement.nodeSelector }),
          ...(placement?.tolerations && { tolerations: placement.tolerations }),
          ...(placement?.affinity && { affinity: placement.affinity }),
        },
      },
      ...(role.storage && { volumeClaimTemplates: [volumeClaim(role.storage)] }),
      // Claims outlive the set (deleting a FlussCluster keeps its data); on scale-down as asked.
      ...(role.storage &&
        role.deleteClaimOnScaleDown !== undefined && {
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: role.deleteClaimOnScaleDown ? 'Delete' : 'Retain' },
        }),
    },
  };
}

/** The spec's count, with no rolling-restart step: a new cluster, or one with nothing in progress. */
export function specTabletPlan(cluster: FlussCluster): TabletServerPlan {
  return { replicas: cluster.spec.tabletServers.replicas, partition: 0 };
}

export function buildCoordinatorStatefulSet(cluster: FlussCluster, configHash: string): V1StatefulSet {
  return statefulSet(cluster, roles(cluster, specTabletPlan(cluster)).coordinator, configHash);
}

export function buildTabletServerStatefulSet(cluster: FlussCluster, configHash: string, plan: TabletServerPlan = specTabletPlan(cluster)): V1StatefulSet {
  return statefulSet(cluster, roles(cluster, plan).tabletServers, configHash);
}
