import type { BucketAssignment, TableBucket } from '../../table/table-bucket.ts';
import { tableBucketKey } from '../../table/table-bucket.ts';
import type { ClusterView } from '../leader-eligibility.ts';
import { cancelMove, isFinished, isInFlight, stepMove, type MoveRecord, type MoveStep } from './move-steps.ts';

/**
 * A rebalance as the coordinator persists it (MetadataState.rebalance), so that a coordinator
 * restart resumes it. Its state machine:
 *
 *   IN_PROGRESS ──(every move finished)──► COMPLETED, or FAILED when a move failed
 *        │
 *        └─(cancel)─► CANCELING ──(in-flight moves finished)──► CANCELED
 *
 * At most `maxConcurrentMoves` moves are in flight (move-steps.ts); the others wait PENDING, in
 * plan order. One rebalance at a time: a new one is refused while this one is not finished.
 */
export const REBALANCE_STATES = ['IN_PROGRESS', 'CANCELING', 'COMPLETED', 'CANCELED', 'FAILED'] as const;
export type RebalanceState = (typeof REBALANCE_STATES)[number];

export interface RebalanceRecord {
  id: string;
  state: RebalanceState;
  goals: string[];
  maxConcurrentMoves: number;
  /** Bytes per second a server fetches for the replicas it adds; 0: unthrottled. */
  throttleBytesPerSec: number;
  moves: MoveRecord[];
  /** Buckets the plan could not place, with why (planner.ts). */
  unmovable: string[];
  startedAtMs: number;
  /** 0 while not finished. */
  finishedAtMs: number;
}

export function isRebalanceRunning(record: RebalanceRecord | undefined): boolean {
  return record !== undefined && (record.state === 'IN_PROGRESS' || record.state === 'CANCELING');
}

/** The replication throttle servers apply now: the running rebalance's, else 0 (none). */
export function replicationThrottle(record: RebalanceRecord | undefined): number {
  return isRebalanceRunning(record) ? record!.throttleBytesPerSec : 0;
}

/** One round of a rebalance's progress: its new record, the buckets that changed, the replicas that left. */
export interface RebalanceRound {
  record: RebalanceRecord;
  changed: BucketAssignment[];
  removed: Array<{ bucket: TableBucket; serverId: number }>;
}

/**
 * Advances a running rebalance by one step of each in-flight move, then starts PENDING moves into
 * the free slots (pure). `bucketOf` reads the current bucket states; a round that changes nothing
 * returns an equal record and no changes.
 */
export function advanceRebalance(
  record: RebalanceRecord,
  bucketOf: (tb: TableBucket) => BucketAssignment | undefined,
  cluster: ClusterView,
  nowMs: number,
): RebalanceRound {
  const round: RebalanceRound = { record: { ...record, moves: record.moves.map((m) => ({ ...m })) }, changed: [], removed: [] };
  if (!isRebalanceRunning(record)) return round;
  const moves = round.record.moves;
  for (const move of moves) if (isInFlight(move.status)) apply(round, move, stepMove(move, bucketOf(move), cluster));
  if (round.record.state === 'IN_PROGRESS') {
    let slots = record.maxConcurrentMoves - moves.filter((m) => isInFlight(m.status)).length;
    for (const move of moves) {
      if (slots <= 0) break;
      if (move.status !== 'PENDING') continue;
      apply(round, move, stepMove(move, bucketOf(move), cluster));
      if (isInFlight(move.status)) slots--;
    }
  }
  if (moves.every((m) => isFinished(m.status))) {
    const failed = moves.some((m) => m.status === 'FAILED');
    round.record.state = round.record.state === 'CANCELING' ? 'CANCELED' : failed ? 'FAILED' : 'COMPLETED';
    round.record.finishedAtMs = nowMs;
  }
  return round;
}

/**
 * Cancels a running rebalance (pure): moves not started are dropped and moves still adding
 * replicas are rolled back (move-steps.ts cancelMove); moves past that finish, after which the
 * rebalance is CANCELED.
 */
export function cancelRebalance(record: RebalanceRecord, bucketOf: (tb: TableBucket) => BucketAssignment | undefined, nowMs: number): RebalanceRound {
  const round: RebalanceRound = { record: { ...record, moves: record.moves.map((m) => ({ ...m })) }, changed: [], removed: [] };
  if (!isRebalanceRunning(record)) return round;
  for (const move of round.record.moves) {
    const step = cancelMove(move, bucketOf(move));
    if (step !== undefined) apply(round, move, step);
  }
  const done = round.record.moves.every((m) => isFinished(m.status));
  round.record.state = done ? 'CANCELED' : 'CANCELING';
  if (done) round.record.finishedAtMs = nowMs;
  return round;
}

function apply(round: RebalanceRound, move: MoveRecord, step: MoveStep): void {
  move.status = step.status;
  if (step.error !== undefined) move.error = step.error;
  if (step.bucket !== undefined) {
    const key = tableBucketKey(step.bucket);
    round.changed = [...round.changed.filter((b) => tableBucketKey(b) !== key), step.bucket];
  }
  for (const serverId of step.removedFrom ?? [])
    round.removed.push({ bucket: { tableId: move.tableId, partitionId: move.partitionId, bucket: move.bucket }, serverId });
}
