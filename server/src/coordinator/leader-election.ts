import type { BucketAssignment } from '../table/table-bucket.ts';
import { chooseLeader, type ClusterView } from './leader-eligibility.ts';

/**
 * What happens to a bucket's leadership when tablet servers come and go (pure). The state of a
 * bucket: its replicas (in preference order), the in-sync replicas (ISR: the replicas that have
 * everything the leader acknowledged), its leader and two epochs.
 *
 *   leader live ────────────── a follower's session expires ──► that follower leaves the ISR
 *        │
 *        └─ the leader's session expires ─► the first replica that can lead (leader-eligibility.ts:
 *                                           live, in the ISR, not shutting down) leads; none: no
 *                                           leader (-1), the ISR stays as it was
 *   no leader ─── a replica that can lead is live again ──► it leads
 *
 * Only ISR members are elected, unless the table sets `table.unclean-leader-election.enabled`
 * (`uncleanAllowed`): then, when no ISR member can lead, the first live replica outside the ISR
 * (not shutting down) leads, alone in the ISR; what it lacks of the acknowledged writes is lost.
 * A leader that is shutting down stays until a controlled shutdown moves it (controlled-shutdown.ts).
 * The leader epoch grows with every new leader, so a deposed leader's writes are refused; the
 * bucket epoch grows with every change of leader, ISR or replicas, so servers apply the newest
 * state only. With one replica, a bucket whose server is down has no leader until that server is
 * back.
 */
export function electLeaders(
  buckets: readonly BucketAssignment[],
  cluster: ClusterView,
  uncleanAllowed: (bucket: BucketAssignment) => boolean = () => false,
): BucketAssignment[] {
  const changed: BucketAssignment[] = [];
  for (const bucket of buckets) {
    const next = nextState(bucket, cluster, uncleanAllowed);
    if (next !== undefined) changed.push(next);
  }
  return changed;
}

function nextState(bucket: BucketAssignment, cluster: ClusterView, uncleanAllowed: (bucket: BucketAssignment) => boolean): BucketAssignment | undefined {
  const { live } = cluster;
  if (bucket.replicas.length === 0) return undefined; // not placed yet
  if (bucket.leader !== -1 && live.has(bucket.leader)) {
    // The leader stays; followers whose sessions expired leave the ISR.
    const isr = bucket.isr.filter((id) => id === bucket.leader || live.has(id));
    return isr.length === bucket.isr.length ? undefined : { ...bucket, isr, bucketEpoch: bucket.bucketEpoch + 1 };
  }
  const choice = chooseLeader(bucket, cluster, { unclean: uncleanAllowed(bucket) });
  if (choice === undefined) {
    // Nobody can lead: keep the ISR, so whoever of it can lead first (returns) leads again.
    return bucket.leader === -1 ? undefined : { ...bucket, leader: -1, bucketEpoch: bucket.bucketEpoch + 1 };
  }
  const isr = choice.clean ? bucket.isr.filter((id) => live.has(id)) : [choice.leader];
  return { ...bucket, leader: choice.leader, isr, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 };
}

/**
 * A tablet server process started again (pure): every bucket it led gets a new leader epoch, led
 * by the first other replica that can lead (in replica order), or by the restarted server when no
 * other can. What the previous process had written but not fsynced may be gone (a power loss), and
 * appending again at the same leader epoch would put different batches under one epoch at the
 * same offsets, which followers cannot tell apart; under a new epoch they truncate to where the
 * logs agree (OffsetForLeaderEpoch). Another member leads when it can because it may still hold
 * what the restarted one lost. The ISR stays: what the high watermark covered was on disk.
 */
export function newTermsAfterRestart(buckets: readonly BucketAssignment[], serverId: number, cluster: ClusterView): BucketAssignment[] {
  return buckets
    .filter((bucket) => bucket.leader === serverId)
    .map((bucket) => {
      const other = chooseLeader(bucket, cluster, { excluding: serverId })?.leader;
      return { ...bucket, leader: other ?? serverId, leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 };
    });
}

/** A leader's request to change its bucket's ISR (Kafka's AlterPartition). */
export interface IsrChange {
  /** The server asking: it must be the bucket's leader. */
  leader: number;
  /** The leader and bucket epochs the leader acts on: stale ones are refused (fencing). */
  leaderEpoch: number;
  bucketEpoch: number;
  isr: number[];
}

export type IsrVerdict = { kind: 'applied'; bucket: BucketAssignment } | { kind: 'refused'; reason: 'fenced' | 'stale' | 'invalid'; message: string };

/**
 * Judges a leader's ISR change (pure). Accepted only from the current leader at the current epochs
 * (a deposed leader, or one acting on an older state, is refused and must catch up with the newest
 * assignment); the new ISR keeps the leader, stays within the replicas, and adds only live servers
 * (a dead server would count towards acks=all it cannot give) that are not shutting down (one
 * about to stop would hold acks=all up once it has stopped, until its session expires). An
 * accepted change bumps the bucket epoch.
 */
export function judgeIsrChange(bucket: BucketAssignment, change: IsrChange, cluster: ClusterView): IsrVerdict {
  const name = `bucket ${bucket.bucket} of table ${bucket.tableId}${bucket.partitionId >= 0 ? ` partition ${bucket.partitionId}` : ''}`;
  if (change.leader !== bucket.leader || change.leaderEpoch !== bucket.leaderEpoch) {
    return {
      kind: 'refused',
      reason: 'fenced',
      message: `Server ${change.leader} at leader epoch ${change.leaderEpoch} does not lead ${name} (leader ${bucket.leader}, epoch ${bucket.leaderEpoch})`,
    };
  }
  if (change.bucketEpoch !== bucket.bucketEpoch) {
    return {
      kind: 'refused',
      reason: 'stale',
      message: `ISR change of ${name} at bucket epoch ${change.bucketEpoch}, the bucket is at ${bucket.bucketEpoch}: apply the newest assignment first`,
    };
  }
  const isr = [...new Set(change.isr)];
  const outside = isr.filter((id) => !bucket.replicas.includes(id));
  const added = isr.filter((id) => !bucket.isr.includes(id));
  const deadAdded = added.filter((id) => !cluster.live.has(id));
  const stoppingAdded = added.filter((id) => cluster.shuttingDown.has(id));
  if (!isr.includes(change.leader) || outside.length > 0 || deadAdded.length > 0 || stoppingAdded.length > 0) {
    const why = !isr.includes(change.leader)
      ? 'it leaves out the leader'
      : outside.length > 0
        ? `servers ${outside.join(',')} hold no replica`
        : deadAdded.length > 0
          ? `servers ${deadAdded.join(',')} are not live`
          : `servers ${stoppingAdded.join(',')} are shutting down`;
    return { kind: 'refused', reason: 'invalid', message: `ISR ${isr.join(',')} for ${name} refused: ${why}` };
  }
  const ordered = bucket.replicas.filter((id) => isr.includes(id));
  return { kind: 'applied', bucket: { ...bucket, isr: ordered, bucketEpoch: bucket.bucketEpoch + 1 } };
}
