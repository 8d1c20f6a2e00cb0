// FlussCluster reconciler: apply the desired objects (skipping unchanged ones), order the rolling
// restart, probe the coordinator and the object storage, write status. Deletion needs nothing: owner references let the
// garbage collector remove every dependent. guard.ts pauses and reports failed steps.
import type { V1StatefulSet } from '@kubernetes/client-node';
import { setConditions, nowIso } from '../../api/conditions.ts';
import { apiVersion } from '../../api/constants.ts';
import type { FlussCluster, FlussClusterStatus } from '../../api/types.ts';
import type { KubeObject } from '../../kube/kube-api.ts';
import { refOf } from '../../kube/kube-api.ts';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/controller.ts';
import { desiredClusterObjects } from '../../specs/cluster.ts';
import { configHash, renderConfig } from '../../specs/config.ts';
import { clusterNames } from '../../specs/names.ts';
import type { ProbeBucket } from '../../object-storage/bucket-probe.ts';
import type { ReconcilerContext } from '../context.ts';
import { recordConditionWarnings } from '../events.ts';
import { step } from '../failure.ts';
import { guardedReconcile } from '../guard.ts';
import { applyIfChanged, writeStatus } from '../writes.ts';
import { checkObjectStorage, objectStorageCondition } from './object-storage.ts';
import { coordinatorConfigHash } from './rollout.ts';
import { clusterStatus, type CoordinatorProbe } from './status.ts';

export interface ClusterReconcilerDeps extends ReconcilerContext {
  /** Asks the coordinator's admin API for a sign of life. */
  probeCoordinator(cluster: FlussCluster): Promise<Exclude<CoordinatorProbe, 'not-probed'>>;
  /** Tries the bucket of spec.objectStorage with the credentials from its Secret. */
  probeBucket: ProbeBucket;
  /** How soon to look again while pods start or roll. @default 5_000 */
  pollWhileProgressingMs?: number;
  /** How soon to look again while objectStorage settings do not work (a Secret is not watched). @default 30_000 */
  pollWhileObjectStorageFailsMs?: number;
}

function splitKey(key: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = key.split('/');
  return { namespace, name };
}

export async function reconcileCluster(deps: ClusterReconcilerDeps, key: string): Promise<ReconcileResult> {
  const { namespace, name } = splitKey(key);
  const cluster = await deps.api.get<FlussCluster>({ apiVersion, kind: 'FlussCluster', namespace, name });
  if (!cluster || cluster.metadata.deletionTimestamp) return done;
  return guardedReconcile(deps, cluster, (current) => converge(deps, current));
}

async function converge(deps: ClusterReconcilerDeps, cluster: FlussCluster): Promise<ReconcileResult> {
  const namespace = cluster.metadata.namespace ?? '';
  const name = cluster.metadata.name;
  const names = clusterNames(name);
  const statefulSetRef = (setName: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name: setName });
  const [coordinator, tabletServers] = await Promise.all([
    deps.api.get<V1StatefulSet>(statefulSetRef(names.coordinator)),
    deps.api.get<V1StatefulSet>(statefulSetRef(names.tabletServers)),
  ]);

  const desiredHash = configHash(renderConfig(cluster.spec));
  const hashes = { tabletServers: desiredHash, coordinator: coordinatorConfigHash(desiredHash, tabletServers, coordinator) };
  const live = new Map<string, KubeObject | undefined>([
    [`StatefulSet/${names.coordinator}`, coordinator],
    [`StatefulSet/${names.tabletServers}`, tabletServers],
  ]);
  let applied = 0;
  for (const desired of desiredClusterObjects(cluster, hashes)) {
    const ref = refOf(desired);
    const liveKey = `${ref.kind}/${ref.name}`;
    const current = live.has(liveKey) ? live.get(liveKey) : await deps.api.get(ref);
    const outcome = await step(`applying ${ref.kind} ${ref.name}`, () => applyIfChanged(deps, desired, current));
    if (outcome !== 'unchanged') applied += 1;
  }

  // Read the sets back only when something was written; otherwise what we read is current.
  const [coordinatorNow, tabletServersNow] =
    applied > 0
      ? await Promise.all([deps.api.get<V1StatefulSet>(statefulSetRef(names.coordinator)), deps.api.get<V1StatefulSet>(statefulSetRef(names.tabletServers))])
      : [coordinator, tabletServers];
  const coordinatorProbe = (coordinatorNow?.status?.readyReplicas ?? 0) > 0 ? await deps.probeCoordinator(cluster) : 'not-probed';
  const result = clusterStatus({ cluster, desiredConfigHash: desiredHash, coordinator: coordinatorNow, tabletServers: tabletServersNow, coordinatorProbe });
  const storageCondition = objectStorageCondition(await checkObjectStorage(deps, cluster, deps.probeBucket));
  const conditions = [...result.conditions, storageCondition];
  const status: FlussClusterStatus = {
    ...result.status,
    conditions: setConditions(cluster.status?.conditions, conditions, cluster.metadata.generation, nowIso(deps.timers.now())),
  };
  await recordConditionWarnings(deps, cluster, cluster.status?.conditions, [storageCondition]);
  await writeStatus(deps, cluster, status);

  if (!result.ready || result.progressing) return requeueAfter(deps.pollWhileProgressingMs ?? 5_000);
  return storageCondition.status === 'False' ? requeueAfter(deps.pollWhileObjectStorageFailsMs ?? 30_000) : done;
}
