// FlussTable reconciler: make the table exist in the coordinator as the spec says (create when
// missing, also after an out-of-band drop; alter properties and comment), report what cannot
// change, and on deletion drop the table only under deletionPolicy: Delete (finalizer). Admin
// failures become conditions here. guard.ts pauses the table (also while it is being deleted) and
// reports the other failed steps.
import { nowIso, setConditions, type ConditionInput } from '../../api/conditions.ts';
import { apiVersion, tableFinalizer } from '../../api/constants.ts';
import type { FlussCluster, FlussTable, FlussTableStatus, TablePhase } from '../../api/types.ts';
import type { TableInfo } from '../../../../server/src/client/admin.ts';
import { isFlussError } from '../../../../server/src/rpc/errors.ts';
import { dropTableIfExists, findTable, type CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import { diffTable, tablePath } from '../../coordinator/table-diff.ts';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/controller.ts';
import type { ReconcilerContext } from '../context.ts';
import { recordConditionWarnings, recordEvent } from '../events.ts';
import { step } from '../failure.ts';
import { guardedReconcile } from '../guard.ts';
import { writeStatus } from '../writes.ts';

export interface TableReconcilerDeps extends ReconcilerContext {
  /** The admin client for a cluster (connected), or undefined when the operator has no route to it. */
  adminFor(cluster: FlussCluster): Promise<CoordinatorAdmin | undefined>;
  /** How often a Ready table is checked against the coordinator (out-of-band drops). @default 60_000 */
  pollIntervalMs?: number;
}

interface Outcome {
  phase: TablePhase;
  conditions: ConditionInput[];
  table?: TableInfo;
  managedProperties?: string[];
  remoteLog?: RemoteLogTotals | undefined;
  result: ReconcileResult;
}

interface RemoteLogTotals {
  bytes: number;
  segments: number;
}

/**
 * The table's remote log summed over its buckets; undefined when the coordinator does not say (an
 * older coordinator, or the call failed): the status is for people, so the table stays Ready and
 * keeps the figures it had.
 */
async function remoteLogTotals(deps: TableReconcilerDeps, admin: CoordinatorAdmin, table: FlussTable): Promise<RemoteLogTotals | undefined> {
  try {
    const buckets = await admin.remoteLogs(tablePath(table.spec));
    return { bytes: buckets.reduce((sum, b) => sum + b.sizeBytes, 0), segments: buckets.reduce((sum, b) => sum + b.segments, 0) };
  } catch (error) {
    deps.log.debug({ table: table.metadata.name, err: error }, 'remote log size unknown');
    return undefined;
  }
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
    const admin = await step('connecting to the coordinator', () => deps.adminFor(cluster));
    // No route (out of cluster without an address): keep the finalizer until there is one.
    if (!admin) return requeueAfter(60_000);
    const path = tablePath(table.spec);
    const dropped = await step(`dropping table ${path.database}.${path.table}`, () => dropTableIfExists(admin, path));
    deps.log.info({ table: `${table.spec.database}.${table.spec.name}`, dropped }, 'dropped table (deletionPolicy Delete)');
    if (dropped) await recordEvent(deps, table, 'Normal', 'Dropped', `Dropped table ${table.spec.database}.${table.spec.name}`);
  } else if (table.spec.deletionPolicy === 'Delete') {
    // Without its cluster the table cannot exist any more; holding the finalizer would block forever.
    deps.log.warn({ table: table.metadata.name }, 'cluster gone; releasing the finalizer without a drop');
  }
  await step('removing the finalizer', () => setFinalizer(deps, table, false));
  return done;
}

async function converge(deps: TableReconcilerDeps, table: FlussTable, admin: CoordinatorAdmin): Promise<Outcome> {
  const pollMs = deps.pollIntervalMs ?? 60_000;
  const spec = table.spec;
  let live = await findTable(admin, tablePath(spec));
  if (!live) {
    try {
      live = await admin.createTable(spec, { createDatabase: true });
      deps.log.info({ table: `${spec.database}.${spec.name}`, tableId: live.tableId }, 'created table');
      await recordEvent(deps, table, 'Normal', 'Created', `Created table ${spec.database}.${spec.name} with id ${live.tableId}`);
    } catch (error) {
      if (isFlussError(error, 'INVALID_ARGUMENT')) {
        // Bad input: say so and wait for a spec change (or the slow poll), no hot retry.
        return notReady('InvalidSpec', `The coordinator refused the table: ${error.message}`, requeueAfter(pollMs), 'Error');
      }
      throw error;
    }
  }
  const managed = table.status?.managedProperties ?? [];
  const diff = diffTable(spec, live, managed);
  if (diff.alter) {
    const { path, ...changes } = diff.alter;
    live = await admin.alterTable(path, changes);
    deps.log.info({ table: `${spec.database}.${spec.name}`, set: Object.keys(changes.setProperties), reset: changes.resetProperties }, 'altered table');
  }
  const specApplied: ConditionInput =
    diff.unsupported.length > 0
      ? {
          type: 'SpecApplied',
          status: 'False',
          reason: 'UnsupportedChange',
          message: `These changes cannot be applied to an existing table: ${diff.unsupported.join('; ')}`,
        }
      : { type: 'SpecApplied', status: 'True', reason: 'Applied', message: 'The table matches the spec' };
  return {
    phase: 'Ready',
    table: live,
    managedProperties: Object.keys(spec.properties ?? {}).sort(),
    remoteLog: await remoteLogTotals(deps, admin, table),
    conditions: [
      { type: 'Ready', status: 'True', reason: 'TableExists', message: `Table ${spec.database}.${spec.name} exists with id ${live.tableId}` },
      specApplied,
    ],
    result: requeueAfter(pollMs),
  };
}

async function observe(deps: TableReconcilerDeps, table: FlussTable, cluster: FlussCluster | undefined): Promise<Outcome> {
  if (!cluster) return notReady('ClusterNotFound', `FlussCluster ${table.spec.clusterRef.name} does not exist in this namespace`, requeueAfter(30_000));
  try {
    const admin = await deps.adminFor(cluster);
    if (!admin) return notReady('NoRoute', 'The operator runs out of cluster without --coordinator-address', requeueAfter(60_000));
    return await converge(deps, table, admin);
  } catch (error) {
    if (isFlussError(error, 'UNAVAILABLE') || isFlussError(error, 'DEADLINE_EXCEEDED')) {
      return notReady('CoordinatorUnavailable', `The coordinator did not answer: ${error.message}`, { kind: 'retry', error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return notReady('AdminError', message, { kind: 'retry', error }, 'Error');
  }
}

function remoteLogStatus(totals: RemoteLogTotals | undefined, previous: FlussTableStatus | undefined): Partial<FlussTableStatus> {
  if (totals !== undefined) return { remoteLogBytes: totals.bytes, remoteLogSegments: totals.segments };
  return {
    ...(previous?.remoteLogBytes !== undefined && { remoteLogBytes: previous.remoteLogBytes }),
    ...(previous?.remoteLogSegments !== undefined && { remoteLogSegments: previous.remoteLogSegments }),
  };
}

export async function reconcileTable(deps: TableReconcilerDeps, key: string): Promise<ReconcileResult> {
  const [namespace = '', name = ''] = key.split('/');
  const table = await deps.api.get<FlussTable>({ apiVersion, kind: 'FlussTable', namespace, name });
  if (!table) return done;
  return guardedReconcile(deps, table, (current) => reconcileFound(deps, current));
}

async function reconcileFound(deps: TableReconcilerDeps, found: FlussTable): Promise<ReconcileResult> {
  const namespace = found.metadata.namespace ?? '';
  const cluster = await deps.api.get<FlussCluster>({ apiVersion, kind: 'FlussCluster', namespace, name: found.spec.clusterRef.name });
  if (found.metadata.deletionTimestamp) return finalize(deps, found, cluster);
  const table = await step('updating the finalizer', () => setFinalizer(deps, found, found.spec.deletionPolicy === 'Delete'));

  const outcome = await observe(deps, table, cluster);
  const status: FlussTableStatus = {
    ...(table.metadata.generation !== undefined && { observedGeneration: table.metadata.generation }),
    phase: outcome.phase,
    ...(outcome.table && { tableId: outcome.table.tableId, buckets: outcome.table.buckets }),
    ...(!outcome.table && table.status?.tableId !== undefined && { tableId: table.status.tableId }),
    ...(!outcome.table && table.status?.buckets !== undefined && { buckets: table.status.buckets }),
    managedProperties: outcome.managedProperties ?? table.status?.managedProperties ?? [],
    ...remoteLogStatus(outcome.remoteLog, table.status),
    conditions: setConditions(table.status?.conditions, outcome.conditions, table.metadata.generation, nowIso(deps.timers.now())),
  };
  await recordConditionWarnings(deps, table, table.status?.conditions, outcome.conditions);
  await writeStatus(deps, table, status);
  return outcome.result;
}
