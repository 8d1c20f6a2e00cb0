// A failed reconcile step reaches `kubectl get` and `kubectl describe`: condition Ready=False with
// reason ReconcileFailed and a message naming the step, plus a Warning Event when that is new.
// The reconciler then rethrows, so the controller retries with backoff.
import type { ConditionInput } from '../api/conditions.ts';
import type { Condition } from '../api/types.ts';
import type { KubeObject } from '../kube/kube-api.ts';
import type { ReconcilerContext } from './context.ts';
import { recordConditionWarnings } from './events.ts';
import { writeConditions } from './writes.ts';

export const reconcileFailedReason = 'ReconcileFailed';

/** An error that says which step of a reconcile failed. */
export class StepError extends Error {
  constructor(step: string, cause: unknown) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StepError';
  }
}

/** Runs one step; its failure names the step. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StepError(name, error);
  }
}

/** Best effort: when the status cannot be written either, the logs and the retry remain. */
export async function reportFailure(context: ReconcilerContext, object: KubeObject & { status?: { conditions?: Condition[] } }, error: unknown): Promise<void> {
  const condition: ConditionInput = {
    type: 'Ready',
    status: 'False',
    reason: reconcileFailedReason,
    message: error instanceof Error ? error.message : String(error),
  };
  await recordConditionWarnings(context, object, object.status?.conditions, [condition]);
  try {
    await writeConditions(context, object, [condition]);
  } catch (statusError) {
    context.log.warn({ err: statusError }, 'could not write the failure to the status');
  }
}
