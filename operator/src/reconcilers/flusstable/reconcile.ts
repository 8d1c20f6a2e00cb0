// FlussTable reconciler: make the table exist in the coordinator as the spec says (create when
// missing, also after an out-of-band drop; alter properties and comment), report what cannot
// change, and on deletion drop the table only under deletionPolicy: Delete (finalizer).
import { nowIso, setConditions, type ConditionInput } from '../../api/conditions.ts';
import { apiVersion, tableFinalizer } from '../../api/constants.ts';
import type { FlussCluster, FlussTable, FlussTableStatus, TablePhase } from '../../api/types.ts';
import { AdminError, type CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import type { TableInfo } from '../../coordinator/messages.ts';
import { diffTable, tablePath, toTableSpecMessage } from '../../coordinator/table-diff.ts';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/controller.ts';
import type { ReconcilerContext } from '../context.ts';
import { recordConditionWarnings, recordEvent } from '../events.ts';
import { writeStatus } from '../writes.ts';

export interface TableReconcilerDeps extends ReconcilerContext {
  /** The admin client for a cluster, or undefined when the operator has no route to it. */
  adminFor(cluster: FlussCluster): CoordinatorAdmin | undefined;
  /** How often a Ready table is checked against the coordinator (out-of-band drops). @default 60_000 */
  pollIntervalMs?: number;
}

interface Outcome {
  phase: TablePhase;
  conditions: ConditionInput[];
  table?: TableInfo;
  managedProperties?: string[];
  result: ReconcileResult;
}

const notReady = (reason: string, message: string, result: ReconcileResult, phase: TablePhase = 'Pending'): Outcome => ({
  phase,
  conditions: [{ type: 'Ready', status: 'False', reason, message }],
  result,
});

async function setFinalizer(deps: TableReconcilerDeps, table: FlussTable, present: boolean): Promise<FlussTable> {
  const finalizers = table.metadata.finalizers ?? [];
  if (finalizers.includes(tableFinalizer) === present) return table;
  const next = present ? [...finalizers, tableFinalizer] : finalizers.filter((finalizer) => finalizer !== tableFinalizer);
  deps.metrics.kubeWritesTotal.inc({ verb: 'patch', kind: 'FlussTable' });
  // resourceVersion in the patch: fail (and retry) rather than overwrite another finalizer change.
  return deps.api.mergePatch<FlussTable>(
    { apiVersion, kind: 'FlussTable', namespace: table.metadata.namespace ?? '', name: table.metadata.name },
    { metadata: { finalizers: next, resourceVersion: table.metadata.resourceVersion } },
  );
}

async function finalize(deps: TableReconcilerDeps, table: FlussTable, cluster: FlussCluster | undefined): Promise<ReconcileResult> {
  if (!table.metadata.finalizers?.includes(tableFinalizer)) return done;
  if (table.spec.deletionPolicy === 'Delete' && cluster) {
    const admin = deps.adminFor(cluster);
    // No route (out of cluster without an address): keep the finalizer until there is one.
    if (!admin) return requeueAfter(60_000);
    const dropped = await admin.dropTable(tablePath(table.spec));
    deps.log.info({ table: `${table.spec.database}.${table.spec.name}`, dropped }, 'dropped table (deletionPolicy Delete)');
    if (dropped) await recordEvent(deps, table, 'Normal', 'Dropped', `Dropped table ${table.spec.database}.${table.spec.name}`);
  } else if (table.spec.deletionPolicy === 'Delete') {
    // Without its cluster the table cannot exist any more; holding the finalizer would block forever.
    deps.log.warn({ table: table.metadata.name }, 'cluster gone; releasing the finalizer without a drop');
  }
  await setFinalizer(deps, table, false);
  return done;
}

async function converge(deps: TableReconcilerDeps, table: FlussTable, admin: CoordinatorAdmin): Promise<Outcome> {
  const pollMs = deps.pollIntervalMs ?? 60_000;
  const spec = table.spec;
  let live = await admin.getTable(tablePath(spec));
  if (!live) {
    try {
      live = await admin.createTable(toTableSpecMessage(spec));
      deps.log.info({ table: `${spec.database}.${spec.name}`, tableId: live.tableId }, 'created table');
      await recordEvent(deps, table, 'Normal', 'Created', `Created table ${spec.database}.${spec.name} with id ${live.tableId}`);
    } catch (error) {
      if (error instanceof AdminError && error.code === 'INVALID_ARGUMENT') {
        // Bad input: say so and wait for a spec change (or the slow poll), no hot retry.
        return notReady('InvalidSpec', `The coordinator refused the table: ${error.message}`, requeueAfter(pollMs), 'Error');
      }
      throw error;
    }
  }
  const managed = table.status?.managedProperties ?? [];
  const diff = diffTable(spec, live, managed);
  if (diff.alter) {
    live = await admin.alterTable(diff.alter);
    deps.log.info({ table: `${spec.database}.${spec.name}`, set: Object.keys(diff.alter.setProperties), reset: diff.alter.resetProperties }, 'altered table');
  }
  const specApplied: ConditionInput =
    diff.unsupported.length > 0
      ? { type: 'SpecApplied', status: 'False', reason: 'UnsupportedChange', message: `These changes cannot be applied to an existing table: ${diff.unsupported.join('; ')}` }
      : { type: 'SpecApplied', status: 'True', reason: 'Applied', message: 'The table matches the spec' };
  return {
    phase: 'Ready',
    table: live,
    managedProperties: Object.keys(spec.properties ?? {}).sort(),
    conditions: [{ type: 'Ready', status: 'True', reason: 'TableExists', message: `Table ${spec.database}.${spec.name} exists with id ${live.tableId}` }, specApplied],
    result: requeueAfter(pollMs),
  };
}

async function observe(deps: TableReconcilerDeps, table: FlussTable, cluster: FlussCluster | undefined): Promise<Outcome> {
  if (!cluster) return notReady('ClusterNotFound', `FlussCluster ${table.spec.clusterRef.name} does not exist in this namespace`, requeueAfter(30_000));
  const admin = deps.adminFor(cluster);
  if (!admin) return notReady('NoRoute', 'The operator runs out of cluster without --coordinator-address', requeueAfter(60_000));
  try {
    return await converge(deps, table, admin);
  } catch (error) {
    if (error instanceof AdminError && (error.code === 'UNAVAILABLE' || error.code === 'DEADLINE_EXCEEDED')) {
      return notReady('CoordinatorUnavailable', `The coordinator did not answer: ${error.message}`, { kind: 'retry', error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return notReady('AdminError', message, { kind: 'retry', error }, 'Error');
  }
}

export async function reconcileTable(deps: TableReconcilerDeps, key: string): Promise<ReconcileResult> {
  const [namespace = '', name = ''] = key.split('/');
  let table = await deps.api.get<FlussTable>({ apiVersion, kind: 'FlussTable', namespace, name });
  if (!table) return done;
  const cluster = await deps.api.get<FlussCluster>({ apiVersion, kind: 'FlussCluster', namespace, name: table.spec.clusterRef.name });
  if (table.metadata.deletionTimestamp) return finalize(deps, table, cluster);
  table = await setFinalizer(deps, table, table.spec.deletionPolicy === 'Delete');

  const outcome = await observe(deps, table, cluster);
  const status: FlussTableStatus = {
    ...(table.metadata.generation !== undefined && { observedGeneration: table.metadata.generation }),
    phase: outcome.phase,
    ...(outcome.table && { tableId: outcome.table.tableId, buckets: outcome.table.buckets }),
    ...(!outcome.table && table.status?.tableId !== undefined && { tableId: table.status.tableId }),
    ...(!outcome.table && table.status?.buckets !== undefined && { buckets: table.status.buckets }),
    managedProperties: outcome.managedProperties ?? table.status?.managedProperties ?? [],
    conditions: setConditions(table.status?.conditions, outcome.conditions, table.metadata.generation, nowIso(deps.timers.now())),
  };
  await recordConditionWarnings(deps, table, table.status?.conditions, outcome.conditions);
  await writeStatus(deps, table, status);
  return outcome.result;
}
