import type { BucketAssignment } from '../table/table-bucket.ts';

/**
 * What happens to a bucket's leadership when tablet servers come and go (pure). The state of a
 * bucket: its replicas (in preference order), the in-sync replicas (ISR: the replicas that have
 * everything the leader acknowledged), its leader and two epochs.
 *
 *   leader live ────────────── a follower's session expires ──► that follower leaves the ISR
 *        │
 *        └─ the leader's session expires ─► the first live ISR member (in replica order) leads;
 *                                           none live: no leader (-1), the ISR stays as it was
 *   no leader ─── an ISR member is live again ──► it leads
 *
 * Only ISR members are ever elected (no unclean election): a replica outside the ISR may miss
 * acknowledged data. The leader epoch grows with every new leader, so a deposed leader's writes
 * are refused; the bucket epoch grows with every change of leader, ISR or replicas, so servers
 * apply the newest state only. With one replica, a bucket whose server is down has no leader until
 * that server is back.
 */
export function electLeaders(buckets: readonly BucketAssignment[], live: ReadonlySet<number>): BucketAssignment[] {
  const changed: BucketAssignment[] = [];
  for (const bucket of buckets) {
    const next = nextState(bucket, live);
    if (next !== undefined) changed.push(next);
  }
  return changed;
}

function nextState(bucket: BucketAssignment, live: ReadonlySet<number>): BucketAssignment | undefined {
  if (bucket.replicas.length === 0) return undefined; // not placed yet
  if (bucket.leader !== -1 && live.has(bucket.leader)) {
    // The leader stays; followers whose sessions expired leave the ISR.
    const isr = bucket.isr.filter((id) => id === bucket.leader || live.has(id));
    return isr.length === bucket.isr.length ? undefined : { ...bucket, isr, bucketEpoch: bucket.bucketEpoch + 1 };
  }
  const candidate = bucket.replicas.find((id) => bucket.isr.includes(id) && live.has(id));
  if (candidate === undefined) {
    // Nobody in sync is alive: keep the ISR, so whoever of it returns first can lead again.
    return bucket.leader === -1 ? undefined : { ...bucket, leader: -1, bucketEpoch: bucket.bucketEpoch + 1 };
  }
  const isr = bucket.isr.filter((id) => live.has(id));
  return { ...bucket, leader: candidate, isr, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 };
}
