import type { BucketAssignment } from '../table/table-bucket.ts';
import { chooseLeader, type ClusterView } from './leader-eligibility.ts';

export interface ShutdownPlan {
  /** The buckets whose state changes (each at a new bucket epoch; a new leader at a new leader epoch). */
  changed: BucketAssignment[];
  /** Leaderships moved to another replica by this plan. */
  moved: number;
  /** Replicated buckets the server still leads: no other replica can lead them (yet). */
  remaining: number;
  /**
   * Of `remaining`, those no waiting can help: no other replica is live and not shutting down, so
   * none can catch up and join the ISR (the whole cluster stopping, or its other servers down).
   */
  stranded: number;
}

/**
 * A tablet server asks to stop (pure; Kafka's controlled shutdown). `cluster.shuttingDown` holds
 * it: from now on it is never elected (leader-eligibility.ts), joins no ISR and gets no replica.
 * For every bucket with more than one replica it holds:
 *
 *   it leads, another replica can lead ──► the first such (replica order) leads, new leader epoch
 *   it leads, no other replica can lead ─► it keeps leading (it may be the only ISR member): counted
 *                                          in `remaining`; asking again later may move it, once a
 *                                          follower has caught up and joined the ISR
 *   it is in the ISR ────────────────────► it leaves the ISR when the rest still has the table's
 *                                          `table.min-insync-replicas`: acks=all writes then stop
 *                                          waiting for it before it stops (and before its session
 *                                          expires); otherwise it stays, and writes need it
 *
 * A bucket with one replica has nowhere to move to and is left alone (not counted: waiting would
 * not help). Asking again changes nothing more than what has become possible since.
 */
export function planControlledShutdown(
  buckets: readonly BucketAssignment[],
  serverId: number,
  cluster: ClusterView,
  minInsyncOf: (bucket: BucketAssignment) => number,
): ShutdownPlan {
  const plan: ShutdownPlan = { changed: [], moved: 0, remaining: 0, stranded: 0 };
  for (const bucket of buckets) {
    if (bucket.replicas.length < 2 || !bucket.replicas.includes(serverId)) continue;
    const isr = bucket.isr.length - 1 >= Math.max(1, minInsyncOf(bucket)) ? bucket.isr.filter((id) => id !== serverId) : bucket.isr;
    if (bucket.leader === serverId) {
      const choice = chooseLeader(bucket, cluster, { excluding: serverId });
      if (choice === undefined) {
        plan.remaining++;
        const hope = bucket.replicas.some((id) => id !== serverId && cluster.live.has(id) && !cluster.shuttingDown.has(id));
        if (!hope) plan.stranded++;
        continue;
      }
      plan.moved++;
      plan.changed.push({ ...bucket, leader: choice.leader, isr, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 });
    } else if (isr.length !== bucket.isr.length) {
      plan.changed.push({ ...bucket, isr, bucketEpoch: bucket.bucketEpoch + 1 });
    }
  }
  return plan;
}
