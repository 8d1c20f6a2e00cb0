// A coordinator rebalance (RebalanceProgress) as a FlussRebalance status shows it. Pure.
import type { RebalanceProgress } from '../../../../server/src/client/admin.ts';
import type { BucketMove__Output } from '../../../../server/src/rpc/generated/fluss/v1/BucketMove.ts';
import { nowIso } from '../../api/conditions.ts';
import type { MoveSummary, RebalanceProposal, RebalanceRunProgress } from '../../api/types.ts';

/** Moves listed in the status; the rest are counted (an object's size is bounded). */
export const shownMoves = 50;

export function moveSummary(move: BucketMove__Output): MoveSummary {
  const table = move.table ? `${move.table.database}.${move.table.table}` : String(move.tableId);
  return {
    table: move.partitionName ? `${table}/${move.partitionName}` : table,
    bucket: move.bucket,
    from: [...move.originalReplicas],
    to: [...move.newReplicas],
    ...(move.status && { status: move.status }),
  };
}

export function proposalOf(plan: RebalanceProgress, nowMs: number): RebalanceProposal {
  return {
    goals: [...plan.goals],
    movesTotal: plan.moves.length,
    moves: plan.moves.slice(0, shownMoves).map((move) => {
      const { status: _pending, ...summary } = moveSummary(move);
      return summary;
    }),
    ...(plan.unmovable.length > 0 && { unmovable: plan.unmovable.slice(0, shownMoves) }),
    computedAt: nowIso(nowMs),
  };
}

export function progressOf(run: RebalanceProgress): RebalanceRunProgress {
  const count = (status: string) => run.moves.filter((move) => move.status === status).length;
  return {
    movesTotal: run.moves.length,
    movesDone: count('COMPLETED'),
    movesFailed: count('FAILED'),
    movesCanceled: count('CANCELED'),
    coordinatorState: run.state,
    ...(run.startedAtMs > 0 && { startedAt: nowIso(run.startedAtMs) }),
    ...(run.finishedAtMs > 0 && { finishedAt: nowIso(run.finishedAtMs) }),
  };
}

/** Why a run failed: the first failed move's error, if any said. */
export function failureOf(run: RebalanceProgress): string {
  const failed = run.moves.find((move) => move.status === 'FAILED' && move.error);
  return failed ? `${moveSummary(failed).table} bucket ${failed.bucket}: ${failed.error}` : `the coordinator reports ${run.state}`;
}
