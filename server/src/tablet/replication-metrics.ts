import type { ServerMetrics } from '../common/metrics.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { Replica } from './replica.ts';

/**
 * A tablet server's replication health as Prometheus metrics, from the leader's point of view
 * (a follower knows too little to judge its bucket): how many buckets it leads, how many of those
 * lack a full ISR or the table's min ISR (acks=all writes to them fail), how far its slowest
 * follower is behind, and how often its ISRs changed.
 */
export interface ReplicationMetrics {
  /** Counts an ISR change the coordinator accepted. */
  onIsrChanged(from: readonly number[], to: readonly number[]): void;
}

/** Followers' lag in records behind this leader's log end; a follower never heard from counts from 0. */
function followerLags(replica: Replica, serverId: number): number[] {
  const leadership = replica.leadership;
  if (leadership === undefined) return [];
  const end = replica.log.logEndOffset;
  return replica.replicas.filter((id) => id !== serverId).map((id) => end - Math.max(0, leadership.followers.logEndOf(id) ?? 0));
}

const minInsyncOf = (replica: Replica) => parseTableOptions(replica.table.properties, replica.table.partitionKeys).minInsyncReplicas;

export function registerReplicationMetrics(metrics: ServerMetrics, replicas: ReplicaManager, serverId: number): ReplicationMetrics {
  const leaders = async () => (await replicas.all()).filter((r) => r.role === 'leader');
  metrics.gauge('fluss_tablet_leader_replicas', 'Buckets this server leads', [], async function () {
    this.set((await leaders()).length);
  });
  metrics.gauge('fluss_tablet_under_replicated_buckets', 'Buckets this server leads whose ISR is smaller than their replicas', [], async function () {
    this.set((await leaders()).filter((r) => r.isr.length < r.replicas.length).length);
  });
  metrics.gauge(
    'fluss_tablet_under_min_isr_buckets',
    'Buckets this server leads whose ISR is below table.min-insync-replicas (acks=all writes fail with NOT_ENOUGH_REPLICAS)',
    [],
    async function () {
      this.set((await leaders()).filter((r) => r.replicas.length > 1 && r.isr.length < minInsyncOf(r)).length);
    },
  );
  metrics.gauge('fluss_tablet_follower_max_lag_records', "Records the slowest follower of this server's buckets is behind its leader", [], async function () {
    this.set(Math.max(0, ...(await leaders()).flatMap((r) => followerLags(r, serverId))));
  });
  const shrinks = metrics.counter('fluss_tablet_isr_shrinks_total', 'Followers this server removed from the ISR of a bucket it leads');
  const expands = metrics.counter('fluss_tablet_isr_expands_total', 'Followers this server added back to the ISR of a bucket it leads');
  return {
    onIsrChanged(from, to) {
      const removed = from.filter((id) => !to.includes(id)).length;
      const added = to.filter((id) => !from.includes(id)).length;
      if (removed > 0) shrinks.inc(removed);
      if (added > 0) expands.inc(added);
    },
  };
}
