// The pause annotation (fluss.dev/pause-reconciliation: "true"): a paused resource gets the
// condition ReconciliationPaused, and nothing else is written, neither to Kubernetes nor to the
// coordinator, until the annotation goes. The first reconcile after that removes the condition.
import { findCondition, removeCondition, type ConditionInput } from '../api/conditions.ts';
import { pauseAnnotation } from '../api/constants.ts';
import type { Condition } from '../api/types.ts';
import { refOf, type KubeObject } from '../kube/kube-api.ts';
import { done, type ReconcileResult } from '../runtime/controller.ts';
import type { ReconcilerContext } from './context.ts';
import { recordEvent } from './events.ts';
import { writeConditions, writeStatus } from './writes.ts';

export const pausedConditionType = 'ReconciliationPaused';

type WithConditions = KubeObject & { status?: { conditions?: Condition[] } };

export function isPaused(object: KubeObject): boolean {
  return object.metadata?.annotations?.[pauseAnnotation] === 'true';
}

/** Marks the object paused. No requeue: removing the annotation is a watch event. */
export async function reconcilePaused(context: ReconcilerContext, object: WithConditions): Promise<ReconcileResult> {
  const condition: ConditionInput = {
    type: pausedConditionType,
    status: 'True',
    reason: 'PauseAnnotation',
    message: `Reconciliation is paused by the annotation ${pauseAnnotation}: "true"`,
  };
  const wasPaused = findCondition(object.status?.conditions, pausedConditionType)?.status === 'True';
  await writeConditions(context, object, [condition]);
  if (!wasPaused) {
    context.log.info('reconciliation paused');
    await recordEvent(context, object, 'Normal', 'ReconciliationPaused', condition.message);
  }
  return done;
}

/**
 * On the first reconcile after a pause: removes ReconciliationPaused from the live status and
 * returns the object as it now is, so the rest of the reconcile starts from a status without it.
 */
export async function clearPausedCondition<T extends WithConditions>(context: ReconcilerContext, object: T): Promise<T> {
  const conditions = object.status?.conditions;
  if (!findCondition(conditions, pausedConditionType)) return object;
  await writeStatus(context, object, { ...object.status, conditions: removeCondition(conditions, pausedConditionType) ?? [] });
  context.log.info('reconciliation resumed');
  // Read back: a later patch guarded by resourceVersion (the table finalizer) needs the new one.
  return (await context.api.get<T>(refOf(object))) ?? object;
}
