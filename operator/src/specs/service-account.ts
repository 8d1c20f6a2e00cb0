import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { FlussCluster } from '../api/types.ts';
import { clusterLabels } from './labels.ts';
import { clusterNames } from './names.ts';
import { controllerReference } from './owner.ts';

/** The servers' own identity; they need no Kubernetes API access, so no token is mounted. */
export function buildServiceAccount(cluster: FlussCluster): V1ServiceAccount {
  const name = cluster.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: clusterNames(name).serviceAccount,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: clusterLabels(name),
      ownerReferences: [controllerReference(cluster)],
    },
    automountServiceAccountToken: false,
  };
}
