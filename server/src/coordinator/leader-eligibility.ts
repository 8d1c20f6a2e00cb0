import type { BucketAssignment } from '../table/table-bucket.ts';

/**
 * The tablet servers as the coordinator sees them when it picks leaders: `live` have a session
 * (a recent heartbeat); `shuttingDown` asked for a controlled shutdown (controlled-shutdown.ts) and
 * stay live until they stop, but take no new leadership, ISR membership or replica.
 */
export interface ClusterView {
  live: ReadonlySet<number>;
  shuttingDown: ReadonlySet<number>;
}

/** A view with no server shutting down (tests, and callers that know of none). */
export function liveOnly(live: ReadonlySet<number>): ClusterView {
  return { live, shuttingDown: new Set() };
}

/**
 * Who may be elected a bucket's leader (pure): a server that is live, in the bucket's ISR, and not
 * shutting down. Live: a dead server cannot serve. In the ISR: only an in-sync replica is sure to
 * hold everything acknowledged (acks=all); electing another loses what it lacks. Not shutting
 * down: it is about to stop, and leadership handed to it would move again at once.
 */
export function canLead(bucket: Pick<BucketAssignment, 'isr'>, serverId: number, cluster: ClusterView): boolean {
  return cluster.live.has(serverId) && bucket.isr.includes(serverId) && !cluster.shuttingDown.has(serverId);
}

/**
 * Who may be elected in an unclean election (pure): a live replica, in the ISR or not, that is not
 * shutting down. Only for tables with `table.unclean-leader-election.enabled`, and only when no
 * replica can lead cleanly: a replica outside the ISR may lack acknowledged writes, which are then
 * lost (the other replicas truncate to its log when they return).
 */
export function canLeadUncleanly(bucket: Pick<BucketAssignment, 'replicas'>, serverId: number, cluster: ClusterView): boolean {
  return cluster.live.has(serverId) && bucket.replicas.includes(serverId) && !cluster.shuttingDown.has(serverId);
}

export interface LeaderChoice {
  leader: number;
  /** false: elected from outside the ISR (canLeadUncleanly), which may lose acknowledged data. */
  clean: boolean;
}

/**
 * The leader a bucket gets when it needs a new one (pure): the first replica, in replica order
 * (the preferred replica first), that can lead (canLead), other than `excluding`; failing that, and
 * only with `unclean`, the first that can lead uncleanly. Undefined: nobody can.
 */
export function chooseLeader(
  bucket: Pick<BucketAssignment, 'replicas' | 'isr'>,
  cluster: ClusterView,
  options: { excluding?: number; unclean?: boolean } = {},
): LeaderChoice | undefined {
  const others = bucket.replicas.filter((id) => id !== options.excluding);
  const clean = others.find((id) => canLead(bucket, id, cluster));
  if (clean !== undefined) return { leader: clean, clean: true };
  if (options.unclean !== true) return undefined;
  const unclean = others.find((id) => canLeadUncleanly(bucket, id, cluster));
  return unclean === undefined ? undefined : { leader: unclean, clean: false };
}
