import type { BucketAssignment } from '../table/table-bucket.ts';
import { canLead, type ClusterView } from './leader-eligibility.ts';

export interface PreferredLeaderPlan {
  /** Buckets whose leadership moves to their preferred replica, each at a new leader epoch. */
  changed: BucketAssignment[];
  /** Buckets led by another replica whose preferred replica cannot lead now (down, behind, shutting down). */
  waiting: number;
}

/** A bucket's preferred leader: the first replica of its assignment (placement spreads these evenly). */
export function preferredLeader(bucket: Pick<BucketAssignment, 'replicas'>): number | undefined {
  return bucket.replicas[0];
}

/**
 * Preferred-leader election (pure; Kafka's): a bucket led by another replica than its preferred
 * one goes back to the preferred one when that can lead (leader-eligibility.ts: live, in the ISR,
 * not shutting down), at a new leader epoch; its ISR stays. Failovers and controlled shutdowns
 * pile leaderships onto the servers that stayed up; this spreads them again as placement meant.
 * Buckets without a leader are left to the regular election (leader-election.ts). `include`
 * narrows the buckets looked at (one table).
 */
export function planPreferredLeaders(
  buckets: readonly BucketAssignment[],
  cluster: ClusterView,
  include: (bucket: BucketAssignment) => boolean = () => true,
): PreferredLeaderPlan {
  const plan: PreferredLeaderPlan = { changed: [], waiting: 0 };
  for (const bucket of buckets) {
    const preferred = preferredLeader(bucket);
    if (preferred === undefined || bucket.leader < 0 || bucket.leader === preferred || !include(bucket)) continue;
    if (!canLead(bucket, preferred, cluster)) {
      plan.waiting++;
      continue;
    }
    plan.changed.push({ ...bucket, leader: preferred, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 });
  }
  return plan;
}
