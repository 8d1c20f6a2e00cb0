// The coordinator and tablet-server StatefulSets. Both run the same image with different
// entrypoints; one builder serves both, the role decides the differences.
import type { V1Container, V1EnvVar, V1PersistentVolumeClaim, V1ResourceRequirements, V1StatefulSet, V1Volume } from '@kubernetes/client-node';
import type { FlussCluster, ResourceRequirements, StorageSpec } from '../api/types.ts';
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
  portName: string;
  port: number;
  args: string[];
  resources: ResourceRequirements | undefined;
  storage: StorageSpec | undefined;
}

function roles(cluster: FlussCluster): { coordinator: Role; tabletServers: Role } {
  const names = clusterNames(cluster.metadata.name);
  const common = ['--data-dir', dataMountPath, '--config-file', `${configMountPath}/${configFileName}`];
  return {
    coordinator: {
      component: 'coordinator',
      name: names.coordinator,
      replicas: 1,
      portName: 'coordinator',
      port: coordinatorPortDefault,
      args: ['coordinator', '--port', String(coordinatorPortDefault), ...common],
      resources: cluster.spec.coordinator?.resources,
      storage: cluster.spec.coordinator?.storage,
    },
    tabletServers: {
      component: 'tablet-server',
      name: names.tabletServers,
      replicas: cluster.spec.tabletServers.replicas,
      portName: 'tablet',
      port: tabletServerPortDefault,
      // $(POD_INDEX) is expanded by Kubernetes from the env below: the server id is the ordinal.
      args: ['tablet-server', '--id', '$(POD_INDEX)', '--port', String(tabletServerPortDefault), '--coordinator', coordinatorAddress(cluster), ...common],
      resources: cluster.spec.tabletServers.resources,
      storage: cluster.spec.tabletServers.storage,
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
      // Scaling starts all new pods at once; updates still roll one pod at a time: RollingUpdate
      // replaces one pod and waits for it to be Ready before the next (maxUnavailable is left
      // out: it is behind a feature gate and would be dropped, making every apply look changed).
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
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
    },
  };
}

export interface ConfigHashes {
  coordinator: string;
  tabletServers: string;
}

export function buildCoordinatorStatefulSet(cluster: FlussCluster, hashes: ConfigHashes): V1StatefulSet {
  return statefulSet(cluster, roles(cluster).coordinator, hashes.coordinator);
}

export function buildTabletServerStatefulSet(cluster: FlussCluster, hashes: ConfigHashes): V1StatefulSet {
  return statefulSet(cluster, roles(cluster).tabletServers, hashes.tabletServers);
}
