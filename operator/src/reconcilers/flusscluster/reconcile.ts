// FlussCluster reconciler: move the scaling on (scale.ts: it says how many tablet servers the
// StatefulSet runs now), step the rolling restart (rollout.ts: it says the partition and whether
// the coordinator waits), apply the desired objects (skipping unchanged ones), probe the
// coordinator and the object storage, write status. Deletion needs nothing: owner references let
// the garbage collector remove every dependent. guard.ts pauses and reports failed steps.
import type { V1StatefulSet } from '@kubernetes/client-node';
import { nowIso, removeCondition, setConditions, type ConditionInput } from '../../api/conditions.ts';
import { apiVersion } from '../../api/constants.ts';
import type { FlussCluster, FlussClusterStatus, RollingRestartStatus } from '../../api/types.ts';
import type { CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import type { KubeObject } from '../../kube/kube-api.ts';
import { refOf } from '../../kube/kube-api.ts';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/controller.ts';
import { desiredClusterObjects } from '../../specs/cluster.ts';
import { configHash, renderConfig } from '../../specs/config.ts';
import { clusterNames } from '../../specs/names.ts';
import { buildTabletServerStatefulSet } from '../../specs/statefulsets.ts';
import type { ProbeBucket } from '../../object-storage/bucket-probe.ts';
import type { ReconcilerContext } from '../context.ts';
import { recordConditionWarnings, recordEvent } from '../events.ts';
import { step } from '../failure.ts';
import { guardedReconcile } from '../guard.ts';
import { applyIfChanged, writeStatus } from '../writes.ts';
import { checkObjectStorage, objectStorageCondition } from './object-storage.ts';
import { decideRoll, livePartition, rollSettled, type RollOutcome } from './rollout.ts';
import { advanceScaling, scaleDownBlockedType } from './scale.ts';
import { clusterStatus, type CoordinatorProbe } from './status.ts';

export interface ClusterReconcilerDeps extends ReconcilerContext {
  /** Asks the coordinator's admin API for a sign of life. */
  probeCoordinator(cluster: FlussCluster): Promise<Exclude<CoordinatorProbe, 'not-probed'>>;
  /** The cluster's coordinator admin (connecting on first use), or undefined when the operator has no route to it. */
  adminFor(cluster: FlussCluster): CoordinatorAdmin | undefined;
  /** Tries the bucket of spec.objectStorage with the credentials from its Secret. */
  probeBucket: ProbeBucket;
  /** How soon to look again while pods start or roll. @default 5_000 */
  pollWhileProgressingMs?: number;
  /** How soon to look again while objectStorage settings do not work (a Secret is not watched). @default 30_000 */
  pollWhileObjectStorageFailsMs?: number;
}

/** How soon a refused scale-down looks again (tables may have been dropped meanwhile). */
const pollWhileScaleDownBlockedMs = 30_000;

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

async function warnOnNewBlock(deps: ClusterReconcilerDeps, cluster: FlussCluster, blocked: ConditionInput | undefined): Promise<void> {
  if (!blocked) return;
  const before = cluster.status?.conditions?.find((condition) => condition.type === blocked.type);
  if (before?.status === blocked.status && before.reason === blocked.reason && before.message === blocked.message) return;
  await recordEvent(deps, cluster, 'Warning', scaleDownBlockedType, blocked.message);
}

/** A restart step, or a new reason to wait, in the log (not every poll). */
function logRoll(deps: ClusterReconcilerDeps, live: V1StatefulSet | undefined, roll: RollOutcome, previous: RollingRestartStatus | undefined): void {
  if (live && roll.partition < livePartition(live)) deps.log.info({ server: roll.partition, remaining: roll.status.remaining }, 'restarting tablet server');
  else if (roll.status.message !== previous?.message && roll.status.state !== 'Idle') deps.log.info({ rollingRestart: roll.status }, 'rolling restart waits');
}

async function converge(deps: ClusterReconcilerDeps, cluster: FlussCluster): Promise<ReconcileResult> {
  const namespace = cluster.metadata.namespace ?? '';
  const names = clusterNames(cluster.metadata.name);
  const statefulSetRef = (setName: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name: setName });
  const readSets = () =>
    Promise.all([deps.api.get<V1StatefulSet>(statefulSetRef(names.coordinator)), deps.api.get<V1StatefulSet>(statefulSetRef(names.tabletServers))]);
  const [coordinator, tabletServers] = await readSets();
  const admin = deps.adminFor(cluster);
  const now = nowIso(deps.timers.now());

  const desiredHash = configHash(renderConfig(cluster.spec));
  const desiredTemplate = buildTabletServerStatefulSet(cluster, desiredHash).spec?.template ?? {};
  // The status as written so far: the scaling writes its transitions before it acts on them.
  let written: FlussClusterStatus = cluster.status ?? {};
  const scaling = await advanceScaling(
    {
      admin,
      nowIso: now,
      save: async (autoRebalance) => {
        deps.log.info({ autoRebalance }, 'scaling step');
        const next = { ...written, autoRebalance };
        await step('writing status.autoRebalance', () => writeStatus(deps, { ...cluster, status: written }, next));
        written = next;
      },
      event: (type, reason, message) => recordEvent(deps, cluster, type, reason, message),
    },
    { cluster, tablets: tabletServers, rolledOut: rollSettled(tabletServers, desiredTemplate, cluster.status?.rollingRestart) },
  );
  const roll = await decideRoll({ live: tabletServers, desiredTemplate, replicas: scaling.replicas, previous: cluster.status?.rollingRestart, admin });
  logRoll(deps, tabletServers, roll, cluster.status?.rollingRestart);
  // Coordinator last: its new template waits for the tablet servers, unless it is down (then it
  // cannot get worse, and the roll needs it back).
  const coordinatorHeld = coordinator !== undefined && !roll.done && !roll.coordinatorDown;

  const live = new Map<string, KubeObject | undefined>([
    [`StatefulSet/${names.coordinator}`, coordinator],
    [`StatefulSet/${names.tabletServers}`, tabletServers],
  ]);
  let applied = 0;
  for (const desired of desiredClusterObjects(cluster, desiredHash, { replicas: scaling.replicas, partition: roll.partition })) {
    const ref = refOf(desired);
    const liveKey = `${ref.kind}/${ref.name}`;
    if (coordinatorHeld && liveKey === `StatefulSet/${names.coordinator}`) continue;
    const current = live.has(liveKey) ? live.get(liveKey) : await deps.api.get(ref);
    const outcome = await step(`applying ${ref.kind} ${ref.name}`, () => applyIfChanged(deps, desired, current));
    if (outcome !== 'unchanged') applied += 1;
  }

  // Read the sets back only when something was written; otherwise what we read is current.
  const [coordinatorNow, tabletServersNow] = applied > 0 ? await readSets() : [coordinator, tabletServers];
  const coordinatorProbe = (coordinatorNow?.status?.readyReplicas ?? 0) > 0 ? await deps.probeCoordinator(cluster) : 'not-probed';
  const result = clusterStatus({
    cluster,
    desiredConfigHash: desiredHash,
    coordinator: coordinatorNow,
    tabletServers: tabletServersNow,
    coordinatorProbe,
    tabletReplicas: scaling.replicas,
    autoRebalance: scaling.autoRebalance,
    rollingRestart: roll.status,
    coordinatorHeld,
  });
  const storageCondition = objectStorageCondition(await checkObjectStorage(deps, cluster, deps.probeBucket));
  const conditions = [...result.conditions, storageCondition, ...(scaling.blocked ? [scaling.blocked] : [])];
  const previousConditions = scaling.blocked ? written.conditions : removeCondition(written.conditions, scaleDownBlockedType);
  const status: FlussClusterStatus = {
    ...result.status,
    conditions: setConditions(previousConditions, conditions, cluster.metadata.generation, now),
  };
  await recordConditionWarnings(deps, cluster, cluster.status?.conditions, [storageCondition]);
  await warnOnNewBlock(deps, cluster, scaling.blocked);
  await writeStatus(deps, { ...cluster, status: written }, status);

  const busy = !result.ready || result.progressing || scaling.busy || !roll.done;
  if (busy) return requeueAfter(deps.pollWhileProgressingMs ?? 5_000);
  if (scaling.blocked) return requeueAfter(pollWhileScaleDownBlockedMs);
  return storageCondition.status === 'False' ? requeueAfter(deps.pollWhileObjectStorageFailsMs ?? 30_000) : done;
}
