// All objects one FlussCluster wants, in apply order (config and identity before workloads).
import type { KubeObject } from '../kube/kube-api.ts';
import type { FlussCluster } from '../api/types.ts';
import { buildConfigMap } from './configmap.ts';
import { buildTabletServerBudget } from './pdb.ts';
import { buildServiceAccount } from './service-account.ts';
import { buildCoordinatorService, buildHeadlessService } from './services.ts';
import { buildCoordinatorStatefulSet, buildTabletServerStatefulSet, specTabletPlan, type TabletServerPlan } from './statefulsets.ts';

export function desiredClusterObjects(cluster: FlussCluster, configHash: string, tablets: TabletServerPlan = specTabletPlan(cluster)): KubeObject[] {
  return [
    buildServiceAccount(cluster),
    buildConfigMap(cluster),
    buildHeadlessService(cluster),
    buildCoordinatorService(cluster),
    buildTabletServerBudget(cluster),
    buildCoordinatorStatefulSet(cluster, configHash),
    buildTabletServerStatefulSet(cluster, configHash, tablets),
  ];
}
