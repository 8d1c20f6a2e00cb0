// Pure helpers for status conditions (the metav1.Condition rules: lastTransitionTime only moves
// when the status flips).
import type { Condition, ConditionStatus } from './types.ts';

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

export function setConditions(previous: Condition[] | undefined, next: ConditionInput[], generation: number | undefined, nowIso: string): Condition[] {
  const byType = new Map((previous ?? []).map((condition) => [condition.type, condition]));
  const updated = next.map((input): Condition => {
    const old = byType.get(input.type);
    const lastTransitionTime = old && old.status === input.status ? old.lastTransitionTime : nowIso;
    return { ...input, lastTransitionTime, ...(generation !== undefined && { observedGeneration: generation }) };
  });
  const nextTypes = new Set(next.map((input) => input.type));
  // Conditions this reconciler does not set this time are kept as they were.
  return [...updated, ...(previous ?? []).filter((condition) => !nextTypes.has(condition.type))];
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] | undefined {
  return conditions?.filter((condition) => condition.type !== type);
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Kubernetes' own timestamp precision: seconds. */
export function nowIso(nowMs: number): string {
  return new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
