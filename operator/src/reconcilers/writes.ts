// The only places the reconcilers write to the API: apply-if-changed for owned objects, and the
// status writer. Both skip the request when the live state already matches, so a reconcile of an
// unchanged cluster sends no writes at all.
import { isDeepStrictEqual } from 'node:util';
import { nowIso, setConditions, type ConditionInput } from '../api/conditions.ts';
import { fieldManager } from '../api/constants.ts';
import type { Condition } from '../api/types.ts';
import { refOf, type KubeObject } from '../kube/kube-api.ts';
import { isSubset } from '../kube/subset.ts';
import type { ReconcilerContext } from './context.ts';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export async function applyIfChanged<T extends KubeObject>(context: ReconcilerContext, desired: T, live: T | undefined): Promise<ApplyOutcome> {
  if (live && isSubset(desired, live)) return 'unchanged';
  await context.api.apply(desired, fieldManager);
  context.metrics.kubeWritesTotal.inc({ verb: 'apply', kind: desired.kind ?? 'unknown' });
  context.log.info({ object: `${desired.kind}/${desired.metadata?.name}` }, live ? 'updated' : 'created');
  return live ? 'updated' : 'created';
}

interface WithStatus<S> extends KubeObject {
  status?: S;
}

/** Status patching in one place: server-side apply on the status subresource, only on change. */
export async function writeStatus<S extends object>(context: ReconcilerContext, object: WithStatus<S>, status: S): Promise<boolean> {
  if (isDeepStrictEqual(withoutUndefined(status), withoutUndefined(object.status ?? {}))) return false;
  const ref = refOf(object);
  await context.api.applyStatus(
    { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace !== undefined && { namespace: ref.namespace }) }, status },
    fieldManager,
  );
  context.metrics.kubeWritesTotal.inc({ verb: 'status', kind: ref.kind });
  return true;
}

function withoutUndefined(value: object): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Sets some conditions and keeps the rest of the status as it was (a paused or failed reconcile). */
export async function writeConditions<S extends { conditions?: Condition[] }>(
  context: ReconcilerContext,
  object: WithStatus<S>,
  conditions: ConditionInput[],
): Promise<boolean> {
  const now = nowIso(context.timers.now());
  const status = { ...object.status, conditions: setConditions(object.status?.conditions, conditions, object.metadata?.generation, now) } as S;
  return writeStatus(context, object, status);
}
