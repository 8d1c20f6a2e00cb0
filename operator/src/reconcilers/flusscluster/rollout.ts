// Rolling restart on a config change, one pod at a time, coordinator last.
// The StatefulSet controller rolls a set one pod at a time and waits for each pod to be Ready
// (RollingUpdate, maxUnavailable 1); its status is the durable state of the roll, so an operator
// restart resumes it. The operator only orders the two sets: the coordinator's template gets the
// new config hash once every tablet server runs it and is Ready.
import type { V1StatefulSet } from '@kubernetes/client-node';
import { configHashAnnotation } from '../../api/constants.ts';

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

export function coordinatorConfigHash(desiredHash: string, tabletServers: V1StatefulSet | undefined, coordinator: V1StatefulSet | undefined): string {
  const current = templateConfigHash(coordinator);
  if (current === undefined || current === desiredHash) return desiredHash;
  const tabletsDone = tabletServers !== undefined && templateConfigHash(tabletServers) === desiredHash && isRolledOut(tabletServers);
  return tabletsDone ? desiredHash : current;
}
