// Rolling restart of the tablet servers on a pod-template change (config, image, resources), one
// server at a time, coordinator last. The StatefulSet uses RollingUpdate with a partition: pods
// at or above it run the new template. A template change is applied with the partition at the
// replica count (no pod restarts), then the operator lowers it by one, restarting the next
// server (the StatefulSet controller deletes the pod; SIGTERM makes the server hand its
// leaderships over, docs/replication.md), only when
//   - the pods at or above the partition run the new template and are Ready,
//   - the server restarted last has registered again and every bucket's ISR holds all its live
//     replicas (it caught up),
//   - no rebalance is moving replicas, and
//   - restarting the next server keeps every bucket at or above its min ISR (availability.ts).
// The partition in the StatefulSet spec is the durable state: an operator restart reads it back.
// status.rollingRestart mirrors it for people. Without a route to the coordinator, only pod
// readiness gates the steps (what the StatefulSet controller alone would do).
import type { V1PodTemplateSpec, V1StatefulSet } from '@kubernetes/client-node';
import { isFlussError } from '../../../../server/src/rpc/errors.ts';
import { configHashAnnotation } from '../../api/constants.ts';
import type { RollingRestartStatus } from '../../api/types.ts';
import type { CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import { readClusterView } from '../../coordinator/cluster-view.ts';
import { isSubset } from '../../kube/subset.ts';
import { catchUpBlocker, restartBlocker, serversNotUp } from './availability.ts';

export function templateConfigHash(statefulSet: V1StatefulSet | undefined): string | undefined {
  return statefulSet?.spec?.template.metadata?.annotations?.[configHashAnnotation];
}

/** All pods of the set run its current template and are Ready. */
export function isRolledOut(statefulSet: V1StatefulSet): boolean {
  const status = statefulSet.status;
  const replicas = statefulSet.spec?.replicas ?? 1;
  if (!status || (status.observedGeneration ?? 0) < (statefulSet.metadata?.generation ?? 0)) return false;
  const revisionSettled = !status.updateRevision || status.currentRevision === status.updateRevision || replicas === 0;
  return revisionSettled && (status.updatedReplicas ?? 0) === replicas && (status.readyReplicas ?? 0) === replicas && status.replicas === replicas;
}

/** The live pods do not run the template they should (what needs a rolling restart). */
export function templateChanged(live: V1StatefulSet | undefined, desiredTemplate: V1PodTemplateSpec): boolean {
  return live !== undefined && !isSubset(desiredTemplate, live.spec?.template);
}

export function livePartition(live: V1StatefulSet | undefined): number {
  return live?.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
}

/** Nothing to restart and nothing restarted still catching up: scaling may start. */
export function rollSettled(live: V1StatefulSet | undefined, desiredTemplate: V1PodTemplateSpec, previous: RollingRestartStatus | undefined): boolean {
  if (!live) return true;
  return !templateChanged(live, desiredTemplate) && livePartition(live) === 0 && isRolledOut(live) && (previous?.state ?? 'Idle') === 'Idle';
}

export interface RollInput {
  live: V1StatefulSet | undefined;
  desiredTemplate: V1PodTemplateSpec;
  /** The count the set gets now (scale.ts). */
  replicas: number;
  previous: RollingRestartStatus | undefined;
  /** undefined: no route to the coordinator. */
  admin: CoordinatorAdmin | undefined;
}

export interface RollOutcome {
  partition: number;
  status: RollingRestartStatus;
  /** Every tablet server runs the desired template and the last one restarted has caught up. */
  done: boolean;
  /** The coordinator did not answer: the roll waits, and the coordinator need not wait for it. */
  coordinatorDown: boolean;
}

const idle: RollingRestartStatus = { state: 'Idle' };

/** Pods of the set at or above `partition` run the update revision, all pods Ready, status current. */
function stepSettled(live: V1StatefulSet, partition: number): boolean {
  const replicas = live.spec?.replicas ?? 0;
  const status = live.status;
  if (!status || (status.observedGeneration ?? 0) < (live.metadata?.generation ?? 0) || status.replicas !== replicas) return false;
  if ((status.readyReplicas ?? 0) < replicas) return false;
  if (partition === 0) return isRolledOut(live);
  return (status.updatedReplicas ?? 0) >= replicas - partition;
}

const coordinatorDownError = (error: unknown): boolean => isFlussError(error, 'UNAVAILABLE') || isFlussError(error, 'DEADLINE_EXCEEDED');

export async function decideRoll(input: RollInput): Promise<RollOutcome> {
  const { live, replicas, admin } = input;
  if (!live) return { partition: 0, status: idle, done: true, coordinatorDown: false };
  const liveReplicas = live.spec?.replicas ?? 0;
  const remaining = Math.max(0, liveReplicas - (live.status?.updatedReplicas ?? 0));
  if (templateChanged(live, input.desiredTemplate)) {
    // New pods (ordinals at or above the live count) start on the new template directly.
    const partition = Math.min(liveReplicas, replicas);
    const status: RollingRestartStatus = {
      state: 'Waiting',
      ...(partition > 0 && { server: partition - 1 }),
      remaining: partition,
      message: 'The pod template changed: restarting the tablet servers one at a time, highest ordinal first',
    };
    return { partition, status, done: partition === 0, coordinatorDown: false };
  }
  const partition = Math.min(livePartition(live), replicas);
  const wasRolling = (input.previous?.state ?? 'Idle') !== 'Idle';
  // Pods starting or coming back on the template they have are not a roll.
  if (partition === 0 && !wasRolling) return { partition, status: idle, done: true, coordinatorDown: false };
  if (!stepSettled(live, partition)) {
    const server = partition < liveReplicas ? partition : undefined;
    return {
      partition,
      status: { state: 'Restarting', ...(server !== undefined && { server }), remaining, message: 'Waiting for the restarted pod to be Ready' },
      done: false,
      coordinatorDown: false,
    };
  }
  if (!admin) {
    if (partition === 0) return { partition, status: idle, done: true, coordinatorDown: false };
    const next = partition - 1;
    const message = 'No route to the coordinator: only pod readiness gates the restarts';
    return { partition: next, status: { state: 'Restarting', server: next, remaining, message }, done: false, coordinatorDown: false };
  }
  try {
    return await stepWithCoordinator(admin, live, partition, remaining);
  } catch (error) {
    const message = `Waiting for the coordinator: ${error instanceof Error ? error.message : String(error)}`;
    return {
      partition,
      status: { state: 'Waiting', server: Math.max(0, partition - 1), remaining, message },
      done: false,
      coordinatorDown: coordinatorDownError(error),
    };
  }
}

async function stepWithCoordinator(admin: CoordinatorAdmin, live: V1StatefulSet, partition: number, remaining: number): Promise<RollOutcome> {
  const liveReplicas = live.spec?.replicas ?? 0;
  const restarted = partition < liveReplicas ? partition : undefined;
  const hold = (state: RollingRestartStatus['state'], server: number | undefined, message: string): RollOutcome => ({
    partition,
    status: { state, ...(server !== undefined && { server }), remaining, message },
    done: false,
    coordinatorDown: false,
  });
  const rebalance = await admin.rebalanceProgress();
  if (rebalance && (rebalance.state === 'IN_PROGRESS' || rebalance.state === 'CANCELING'))
    return hold('Waiting', partition - 1, `Waiting for rebalance ${rebalance.rebalanceId} to finish before the next restart`);
  const view = await readClusterView(admin);
  if (restarted !== undefined && serversNotUp(view, [restarted]).length > 0)
    return hold('Restarting', restarted, `Waiting for tablet server ${restarted} to register again`);
  const behind = catchUpBlocker(view);
  if (behind) return hold(restarted === undefined ? 'Waiting' : 'Restarting', restarted ?? partition - 1, `Waiting for the replicas to catch up: ${behind}`);
  if (partition === 0) return { partition, status: idle, done: true, coordinatorDown: false };
  const next = partition - 1;
  const blocker = restartBlocker(view, next);
  if (blocker) return hold('Waiting', next, blocker);
  return {
    partition: next,
    status: { state: 'Restarting', server: next, remaining, message: `Restarting tablet server ${next}` },
    done: false,
    coordinatorDown: false,
  };
}
