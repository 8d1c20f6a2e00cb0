// FlussCluster status from what the operator observed. Pure: the reconciler gathers the inputs.
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { ConditionInput } from '../../api/conditions.ts';
import type { AutoRebalanceStatus, ClusterPhase, FlussCluster, FlussClusterStatus, RollingRestartStatus } from '../../api/types.ts';
import { selectorLabels, selectorString } from '../../specs/labels.ts';
import { isRolledOut, templateConfigHash } from './rollout.ts';

export interface ClusterObservation {
  cluster: FlussCluster;
  desiredConfigHash: string;
  coordinator: V1StatefulSet | undefined;
  tabletServers: V1StatefulSet | undefined;
  coordinatorProbe: CoordinatorProbe;
  /** The tablet-server count the set should have now (scale.ts): the spec's, or more while a drain runs. */
  tabletReplicas: number;
  autoRebalance: AutoRebalanceStatus;
  rollingRestart: RollingRestartStatus;
  /** The coordinator's new template waits for the tablet servers' roll. */
  coordinatorHeld: boolean;
}

/**
 * What the admin probe found. `no-route`: out of cluster without an address; `not-probed`: the
 * coordinator pod is not ready, so there is nothing to ask yet.
 */
export type CoordinatorProbe = 'reachable' | 'unreachable' | 'no-route' | 'not-probed';

const reachabilityConditions: Record<CoordinatorProbe, ConditionInput> = {
  reachable: { type: 'CoordinatorReachable', status: 'True', reason: 'Reachable', message: 'The coordinator answered an admin call' },
  unreachable: { type: 'CoordinatorReachable', status: 'False', reason: 'Unreachable', message: 'The coordinator did not answer an admin call' },
  'no-route': { type: 'CoordinatorReachable', status: 'Unknown', reason: 'NoRoute', message: 'The operator runs out of cluster without --coordinator-address' },
  'not-probed': { type: 'CoordinatorReachable', status: 'Unknown', reason: 'PodNotReady', message: 'The coordinator pod is not ready yet' },
};

export interface ClusterStatusResult {
  status: Omit<FlussClusterStatus, 'conditions'>;
  conditions: ConditionInput[];
  ready: boolean;
  progressing: boolean;
}

function scalingMessage(state: AutoRebalanceStatus): string {
  const what =
    state.state === 'RebalanceOnScaleUp'
      ? `Rebalancing onto tablet servers ${(state.servers ?? []).join(', ')}`
      : `Draining tablet servers ${(state.servers ?? []).join(', ')}`;
  const moves = state.movesTotal !== undefined ? `: ${state.movesDone ?? 0}/${state.movesTotal} moves` : '';
  return `${what} (${state.step ?? 'starting'})${moves}${state.message ? `; ${state.message}` : ''}`;
}

function progress(observation: ClusterObservation): { progressing: boolean; reason: string; message: string } {
  const { coordinator, tabletServers, desiredConfigHash, tabletReplicas, autoRebalance, rollingRestart } = observation;
  if (!coordinator || !tabletServers) return { progressing: true, reason: 'Creating', message: 'StatefulSets are being created' };
  if (autoRebalance.state !== 'Idle') return { progressing: true, reason: 'Rebalancing', message: scalingMessage(autoRebalance) };
  if ((tabletServers.status?.replicas ?? 0) !== tabletReplicas || (tabletServers.spec?.replicas ?? 0) !== tabletReplicas) {
    return { progressing: true, reason: 'Scaling', message: `Scaling tablet servers to ${tabletReplicas}` };
  }
  if (rollingRestart.state !== 'Idle')
    return { progressing: true, reason: 'RollingRestart', message: rollingRestart.message ?? 'Tablet servers are restarting one at a time' };
  const coordinatorRolling =
    observation.coordinatorHeld ||
    templateConfigHash(coordinator) !== desiredConfigHash ||
    (!isRolledOut(coordinator) && (coordinator.status?.updatedReplicas ?? 0) < (coordinator.spec?.replicas ?? 0));
  if (coordinatorRolling) return { progressing: true, reason: 'RollingRestart', message: 'The coordinator restarts with the new pod template' };
  return { progressing: false, reason: 'Stable', message: 'Every pod runs the desired spec' };
}

export function clusterStatus(observation: ClusterObservation): ClusterStatusResult {
  const { cluster, coordinator, tabletServers, coordinatorProbe } = observation;
  const desiredReplicas = cluster.spec.tabletServers.replicas;
  const readyTabletServers = tabletServers?.status?.readyReplicas ?? 0;
  const coordinatorPodReady = (coordinator?.status?.readyReplicas ?? 0) >= 1;
  const podsReady = coordinatorPodReady && readyTabletServers >= desiredReplicas;
  const ready = podsReady && coordinatorProbe !== 'unreachable';
  const { progressing, reason: progressReason, message: progressMessage } = progress(observation);

  const notReady: string[] = [];
  if (!coordinatorPodReady) notReady.push('coordinator pod not ready');
  if (readyTabletServers < desiredReplicas) notReady.push(`${readyTabletServers}/${desiredReplicas} tablet servers ready`);
  if (coordinatorProbe === 'unreachable') notReady.push('coordinator not reachable over gRPC');
  const degraded = !ready && !progressing;

  const phase: ClusterPhase = ready
    ? progressing
      ? 'Updating'
      : 'Running'
    : progressing
      ? readyTabletServers === 0 && !coordinatorPodReady
        ? 'Pending'
        : 'Updating'
      : 'Degraded';
  return {
    ready,
    progressing,
    status: {
      ...(cluster.metadata.generation !== undefined && { observedGeneration: cluster.metadata.generation }),
      phase,
      readyTabletServers,
      tabletServers: tabletServers?.status?.replicas ?? 0,
      selector: selectorString(selectorLabels(cluster.metadata.name, 'tablet-server')),
      coordinatorReady: coordinatorPodReady && coordinatorProbe !== 'unreachable',
      // The hash every pod runs: it moves to the new config only once the roll has finished.
      ...(progressing ? cluster.status?.configHash !== undefined && { configHash: cluster.status.configHash } : { configHash: observation.desiredConfigHash }),
      autoRebalance: observation.autoRebalance,
      rollingRestart: observation.rollingRestart,
    },
    conditions: [
      ready
        ? { type: 'Ready', status: 'True', reason: 'AllServersReady', message: `Coordinator and ${readyTabletServers} tablet servers ready` }
        : { type: 'Ready', status: 'False', reason: 'ServersNotReady', message: notReady.join('; ') },
      { type: 'Progressing', status: progressing ? 'True' : 'False', reason: progressReason, message: progressMessage },
      degraded
        ? { type: 'Degraded', status: 'True', reason: 'ServersNotReady', message: notReady.join('; ') }
        : { type: 'Degraded', status: 'False', reason: 'Healthy', message: progressing ? 'Changes in progress' : 'All servers healthy' },
      reachabilityConditions[coordinatorProbe],
    ],
  };
}
