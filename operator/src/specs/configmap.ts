import type { V1ConfigMap } from '@kubernetes/client-node';
import type { FlussCluster } from '../api/types.ts';
import { clusterLabels } from './labels.ts';
import { clusterNames } from './names.ts';
import { controllerReference } from './owner.ts';
import { configFileName, renderConfig } from './config.ts';

export function buildConfigMap(cluster: FlussCluster): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: clusterNames(cluster.metadata.name).configMap,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: clusterLabels(cluster.metadata.name),
      ownerReferences: [controllerReference(cluster)],
    },
    data: { [configFileName]: renderConfig(cluster.spec) },
  };
}
