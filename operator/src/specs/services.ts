import type { V1Service } from '@kubernetes/client-node';
import type { FlussCluster } from '../api/types.ts';
import { coordinatorPortDefault, labels, tabletServerPortDefault } from '../api/constants.ts';
import { clusterLabels, selectorLabels } from './labels.ts';
import { clusterNames } from './names.ts';
import { controllerReference } from './owner.ts';

/**
 * Headless Service over all server pods: gives each pod a stable DNS name
 * (<pod>.<cluster>-headless.<ns>.svc) that tablet servers advertise to clients.
 * Not-ready addresses are published because servers must find each other while starting.
 */
export function buildHeadlessService(cluster: FlussCluster): V1Service {
  const name = cluster.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: clusterNames(name).headlessService,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: clusterLabels(name),
      ownerReferences: [controllerReference(cluster)],
    },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { [labels.cluster]: name },
      ports: [
        { name: 'coordinator', port: coordinatorPortDefault, targetPort: 'coordinator', protocol: 'TCP' },
        { name: 'tablet', port: tabletServerPortDefault, targetPort: 'tablet', protocol: 'TCP' },
      ],
    },
  };
}

/** Client Service: the bootstrap address of clients and of the operator's admin calls. */
export function buildCoordinatorService(cluster: FlussCluster): V1Service {
  const name = cluster.metadata.name;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: clusterNames(name).coordinatorService,
      namespace: cluster.metadata.namespace ?? 'default',
      labels: clusterLabels(name),
      ownerReferences: [controllerReference(cluster)],
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(name, 'coordinator'),
      ports: [{ name: 'coordinator', port: coordinatorPortDefault, targetPort: 'coordinator', protocol: 'TCP' }],
    },
  };
}
