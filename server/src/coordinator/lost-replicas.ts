import type { BucketAssignment } from '../table/table-bucket.ts';
import { chooseLeader, type ClusterView } from './leader-eligibility.ts';

/**
 * What a tablet server that lost its data dir means for the buckets it holds replicas of (pure).
 * The server registers with no cluster id and no data, yet the coordinator still counts it in
 * ISRs, maybe as a leader: elected on an empty log, it would hand followers an empty history to
 * truncate to, and acks=all would count it for data it does not have. So before it counts as live,
 * it leaves every ISR and every leadership:
 *
 *   it led, another ISR member can lead ─► that member leads (new leader epoch)
 *   it led, no other ISR member can lead ► no leader; the ISR keeps the others (they may return)
 *   it was the only ISR member ──────────► ISR empty, no leader: the acknowledged data is gone
 *                                          from every in-sync replica; only an unclean election
 *                                          (a table that opts in) or an operator brings it back
 *   it is the bucket's only replica, and ─► it stays leader, with a new leader epoch: no other
 *   remote storage can restore it           replica can ever bring more, and the remote log (and
 *   (`hasRemoteLog`)                       KV snapshot) is the best copy there is; the server
 *                                          rebuilds the replica from it before serving
 *                                          (tablet/replica-manager.ts); only what was not
 *                                          uploaded yet is lost
 *
 * It rejoins each ISR the usual way, by fetching from the leader until caught up. Each changed
 * bucket's bucket epoch grows, so servers apply the new state.
 */
export function dropLostReplicas(
  buckets: readonly BucketAssignment[],
  serverId: number,
  cluster: ClusterView,
  hasRemoteLog: (bucket: BucketAssignment) => boolean = () => false,
): BucketAssignment[] {
  const changed: BucketAssignment[] = [];
  for (const bucket of buckets) {
    if (!bucket.isr.includes(serverId) && bucket.leader !== serverId) continue;
    if (bucket.replicas.length === 1 && bucket.replicas[0] === serverId && hasRemoteLog(bucket)) {
      changed.push({ ...bucket, leader: serverId, isr: [serverId], leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 });
      continue;
    }
    const isr = bucket.isr.filter((id) => id !== serverId);
    const bumped = { ...bucket, isr, bucketEpoch: bucket.bucketEpoch + 1 };
    if (bucket.leader !== serverId) {
      changed.push(bumped);
      continue;
    }
    const successor = chooseLeader({ replicas: bucket.replicas, isr }, cluster, { excluding: serverId })?.leader;
    changed.push(successor === undefined ? { ...bumped, leader: -1 } : { ...bumped, leader: successor, leaderEpoch: bucket.leaderEpoch + 1 });
  }
  return changed;
}
