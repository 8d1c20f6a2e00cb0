// The frame of every reconcile of an object that exists: a paused object is only marked paused
// (pause.ts); a failing step reaches the status before the error goes to the controller's backoff
// (failure.ts).
import type { Condition } from '../api/types.ts';
import type { KubeObject } from '../kube/kube-api.ts';
import type { ReconcileResult } from '../runtime/controller.ts';
import type { ReconcilerContext } from './context.ts';
import { reportFailure } from './failure.ts';
import { clearPausedCondition, isPaused, reconcilePaused } from './pause.ts';

export async function guardedReconcile<T extends KubeObject & { status?: { conditions?: Condition[] } }>(
  context: ReconcilerContext,
  object: T,
  converge: (object: T) => Promise<ReconcileResult>,
): Promise<ReconcileResult> {
  if (isPaused(object)) return reconcilePaused(context, object);
  const current = await clearPausedCondition(context, object);
  try {
    return await converge(current);
  } catch (error) {
    await reportFailure(context, current, error);
    throw error;
  }
}
