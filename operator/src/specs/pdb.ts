import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { FlussCluster } from '../api/types.ts';
import { clusterLabels, selectorLabels } from './labels.ts';
import { clusterNames } from './names.ts';
import { controllerReference } from './owner.ts';

/** At most one tablet server down through voluntary disruptions (drains, node upgrades). */
export function buildTabletServerBudget(cluster: FlussCluster): V1PodDisruptionBudget {
  const name = cluster.metadata.name;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: clusterNames(name).tabletServerBudget,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: clusterLabels(name),
      ownerReferences: [controllerReference(cluster)],
    },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(name, 'tablet-server') },
    },
  };
}
