import type { BucketAssignment, TableBucket } from '../../table/table-bucket.ts';
import { canLead, type ClusterView } from '../leader-eligibility.ts';

/**
 * One bucket move of a rebalance, as a state machine (pure). Each step is one change of the bucket
 * that the coordinator persists and pushes to the servers before the next is taken, so a
 * coordinator restart resumes from the recorded status:
 *
 *   PENDING ──► ADDING_REPLICAS ──► MOVING_LEADER ──► REMOVING_REPLICAS ──► COMPLETED
 *      │              (the added replicas      (leadership onto a       (the old replicas leave
 *      │               catch up and join        replica that stays,      the bucket; their data
 *      │               the ISR: waits)          when it must move)       is deleted explicitly)
 *      │ (waits while a target server is not live, or the bucket has no leader)
 *      └──► CANCELED (cancel before it started)      any ──► FAILED (the bucket was dropped)
 *
 * While moving, the bucket lists new and old replicas together (new first: the new preferred
 * leader leads the list), with `addingReplicas` and `removingReplicas` saying which are which.
 * Nothing is removed before every added replica is in the ISR, so the bucket never has fewer
 * in-sync replicas than before the move; data of a removed replica is deleted only by the
 * deletion this step returns, for that server alone.
 */
export const MOVE_STATUSES = ['PENDING', 'ADDING_REPLICAS', 'MOVING_LEADER', 'REMOVING_REPLICAS', 'COMPLETED', 'CANCELED', 'FAILED'] as const;
export type MoveStatus = (typeof MOVE_STATUSES)[number];

/** A move that is done, one way or another. */
export function isFinished(status: MoveStatus): boolean {
  return status === 'COMPLETED' || status === 'CANCELED' || status === 'FAILED';
}

/** Started and not finished: it holds one of the rebalance's concurrent move slots. */
export function isInFlight(status: MoveStatus): boolean {
  return status === 'ADDING_REPLICAS' || status === 'MOVING_LEADER' || status === 'REMOVING_REPLICAS';
}

export interface MoveRecord extends TableBucket {
  originalReplicas: number[];
  originalLeader: number;
  /** The first is the new preferred leader. */
  newReplicas: number[];
  newLeader: number;
  status: MoveStatus;
  /** Why it FAILED. */
  error?: string;
}

export interface MoveStep {
  status: MoveStatus;
  /** The bucket's new state, when this step changes it. */
  bucket?: BucketAssignment;
  /** Servers whose replica of the bucket left it: their data is to be deleted. */
  removedFrom?: number[];
  error?: string;
}

/** Takes the next step of a move, or stays (same status, no bucket) while waiting. */
export function stepMove(move: MoveRecord, bucket: BucketAssignment | undefined, cluster: ClusterView): MoveStep {
  if (bucket === undefined) return { status: 'FAILED', error: 'the bucket no longer exists (its table or partition was dropped)' };
  switch (move.status) {
    case 'PENDING':
      return startMove(move, bucket, cluster);
    case 'ADDING_REPLICAS':
      return (bucket.addingReplicas ?? []).every((id) => bucket.isr.includes(id)) ? { status: 'MOVING_LEADER' } : { status: 'ADDING_REPLICAS' };
    case 'MOVING_LEADER':
      return moveLeader(move, bucket, cluster);
    case 'REMOVING_REPLICAS':
      return removeOldReplicas(move, bucket);
    default:
      return { status: move.status };
  }
}

function startMove(move: MoveRecord, bucket: BucketAssignment, cluster: ClusterView): MoveStep {
  // Waits (without holding a slot) for its targets to be live and the bucket to have a leader:
  // right after a coordinator restart no server is live until it heartbeats again.
  const unavailable = move.newReplicas.filter((id) => !cluster.live.has(id) || cluster.shuttingDown.has(id));
  if (unavailable.length > 0 || bucket.leader < 0) return { status: 'PENDING' };
  const adding = move.newReplicas.filter((id) => !bucket.replicas.includes(id));
  const removing = bucket.replicas.filter((id) => !move.newReplicas.includes(id));
  const replicas = [...move.newReplicas, ...removing];
  const moving: BucketAssignment = { ...bucket, replicas, addingReplicas: adding, removingReplicas: removing, bucketEpoch: bucket.bucketEpoch + 1 };
  return { status: adding.length > 0 ? 'ADDING_REPLICAS' : 'MOVING_LEADER', bucket: moving };
}

/**
 * Leadership goes to the new preferred leader when it can lead; it must go somewhere in the new
 * replicas when the current leader is being removed. Waits while nobody there can lead.
 */
function moveLeader(move: MoveRecord, bucket: BucketAssignment, cluster: ClusterView): MoveStep {
  if (bucket.leader === move.newLeader) return { status: 'REMOVING_REPLICAS' };
  const target = [move.newLeader, ...move.newReplicas].find((id) => canLead(bucket, id, cluster));
  if (target === undefined) return { status: 'MOVING_LEADER' };
  const leaderStays = bucket.leader >= 0 && move.newReplicas.includes(bucket.leader);
  if (leaderStays && target !== move.newLeader) return { status: 'REMOVING_REPLICAS' };
  return { status: 'REMOVING_REPLICAS', bucket: { ...bucket, leader: target, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 } };
}

function removeOldReplicas(move: MoveRecord, bucket: BucketAssignment): MoveStep {
  if (bucket.leader < 0 || !move.newReplicas.includes(bucket.leader)) return { status: 'MOVING_LEADER' };
  const removedFrom = bucket.replicas.filter((id) => !move.newReplicas.includes(id));
  const { addingReplicas: _adding, removingReplicas: _removing, ...rest } = bucket;
  const moved: BucketAssignment = {
    ...rest,
    replicas: [...move.newReplicas],
    isr: bucket.isr.filter((id) => move.newReplicas.includes(id)),
    bucketEpoch: bucket.bucketEpoch + 1,
  };
  return { status: 'COMPLETED', bucket: moved, removedFrom };
}

/**
 * Cancels a move that has not moved anything the clients depend on yet: a PENDING one is dropped;
 * one still ADDING_REPLICAS goes back to its original replicas, and the partial copies on the added
 * servers are deleted. A move past that point (leadership may have moved) is left to finish.
 */
export function cancelMove(move: MoveRecord, bucket: BucketAssignment | undefined): MoveStep | undefined {
  if (move.status === 'PENDING') return { status: 'CANCELED' };
  if (move.status !== 'ADDING_REPLICAS') return undefined;
  if (bucket === undefined) return { status: 'CANCELED' };
  const added = bucket.addingReplicas ?? [];
  const { addingReplicas: _adding, removingReplicas: _removing, ...rest } = bucket;
  const replicas = move.originalReplicas.filter((id) => bucket.replicas.includes(id) && !added.includes(id));
  const restored: BucketAssignment = { ...rest, replicas, isr: bucket.isr.filter((id) => replicas.includes(id)), bucketEpoch: bucket.bucketEpoch + 1 };
  return { status: 'CANCELED', bucket: restored, removedFrom: added };
}
