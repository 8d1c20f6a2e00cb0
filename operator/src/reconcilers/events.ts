// Kubernetes Events for what a user should notice (bad input, tables created or dropped).
// Best effort: a failed Event never fails a reconcile.
import { randomBytes } from 'node:crypto';
import type { Condition } from '../api/types.ts';
import type { ConditionInput } from '../api/conditions.ts';
import { fieldManager } from '../api/constants.ts';
import type { KubeObject } from '../kube/kube-api.ts';
import { nowIso } from '../api/conditions.ts';
import type { ReconcilerContext } from './context.ts';

export type EventType = 'Normal' | 'Warning';

export async function recordEvent(context: ReconcilerContext, involved: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
  const name = involved.metadata?.name ?? 'unknown';
  const namespace = involved.metadata?.namespace ?? 'default';
  const now = nowIso(context.timers.now());
  try {
    await context.api.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name,
        namespace,
        ...(involved.metadata?.uid !== undefined && { uid: involved.metadata.uid }),
      },
      type,
      reason,
      message,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: fieldManager },
      reportingComponent: fieldManager,
    } as KubeObject);
    context.metrics.kubeWritesTotal.inc({ verb: 'create', kind: 'Event' });
  } catch (error) {
    context.log.warn({ err: error, reason }, 'could not record an event');
  }
}

/** Warning events for conditions that turned False with a new reason (not on every reconcile). */
export async function recordConditionWarnings(
  context: ReconcilerContext,
  involved: KubeObject,
  previous: Condition[] | undefined,
  next: ConditionInput[],
): Promise<void> {
  for (const condition of next) {
    if (condition.status !== 'False') continue;
    const before = previous?.find((entry) => entry.type === condition.type);
    if (before?.status === 'False' && before.reason === condition.reason && before.message === condition.message) continue;
    await recordEvent(context, involved, 'Warning', condition.reason, condition.message);
  }
}
