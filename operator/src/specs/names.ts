// Names of the objects derived from one FlussCluster. Kept in one place so builders, reconcilers
// and tests agree.
import type { FlussCluster } from '../api/types.ts';
import { coordinatorPortDefault } from '../api/constants.ts';

export interface ClusterNames {
  configMap: string;
  headlessService: string;
  coordinatorService: string;
  coordinator: string;
  tabletServers: string;
  tabletServerBudget: string;
  serviceAccount: string;
}

export function clusterNames(clusterName: string): ClusterNames {
  return {
    configMap: `${clusterName}-config`,
    headlessService: `${clusterName}-headless`,
    coordinatorService: `${clusterName}-coordinator`,
    coordinator: `${clusterName}-coordinator`,
    tabletServers: `${clusterName}-tablet`,
    tabletServerBudget: `${clusterName}-tablet`,
    serviceAccount: `${clusterName}-server`,
  };
}

/** In-cluster address of the coordinator's admin gRPC endpoint (through the client Service). */
export function coordinatorAddress(cluster: Pick<FlussCluster, 'metadata'>): string {
  const names = clusterNames(cluster.metadata.name);
  return `${names.coordinatorService}.${cluster.metadata.namespace ?? 'default'}.svc:${coordinatorPortDefault}`;
}
