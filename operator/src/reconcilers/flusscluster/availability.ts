// The data-availability rules the operator checks before it restarts or removes a tablet server.
// Pure: inputs are what the coordinator reported (coordinator/cluster-view.ts); each rule returns
// why not, for a status message, or undefined when the action is safe.
import type { BucketView, ClusterView } from '../../coordinator/cluster-view.ts';

const isrText = (bucket: BucketView): string => `ISR [${bucket.isr.join(',')}] of replicas [${bucket.replicas.join(',')}]`;

/**
 * Strimzi's KafkaRoller rule: restarting `server` must not take a bucket below its min ISR. A
 * bucket already below it waits too, and so does one at exactly min ISR with the server in it.
 * Buckets whose min ISR is at least their replica count (RF 1, say) cannot stay available
 * through any restart, so they never block one.
 */
export function restartBlocker(view: ClusterView, server: number): string | undefined {
  for (const bucket of view.buckets) {
    if (!bucket.replicas.includes(server) || bucket.minInsyncReplicas >= bucket.replicas.length) continue;
    if (bucket.isr.length < bucket.minInsyncReplicas)
      return `${bucket.name} is below its min ISR ${bucket.minInsyncReplicas} (${isrText(bucket)}); restarting server ${server} would keep it unavailable longer`;
    if (bucket.isr.length === bucket.minInsyncReplicas && bucket.isr.includes(server))
      return `restarting server ${server} would take ${bucket.name} below its min ISR ${bucket.minInsyncReplicas} (${isrText(bucket)})`;
  }
  return undefined;
}

/**
 * After a restart: every replica on a live server is back in its bucket's ISR (replicas a
 * rebalance is adding aside: they join when caught up). Replicas of servers that are down cannot
 * be; restartBlocker judges what they mean for the next restart.
 */
export function catchUpBlocker(view: ClusterView): string | undefined {
  const live = new Set(view.servers.filter((server) => server.live && server.node).map((server) => server.node?.id));
  for (const bucket of view.buckets) {
    const behind = bucket.replicas.filter((replica) => live.has(replica) && !bucket.isr.includes(replica) && !bucket.adding.includes(replica));
    if (behind.length > 0) return `${bucket.name}: server ${behind.join(',')} not back in the ISR yet (${isrText(bucket)})`;
  }
  return undefined;
}

/** Strimzi's scale-down check: the servers left must be able to hold every table's replicas. */
export function scaleDownBlocker(view: ClusterView, remainingServers: number): string | undefined {
  const widest = view.tables.reduce<{ path: string; replicationFactor: number } | undefined>(
    (found, table) => (found === undefined || table.replicationFactor > found.replicationFactor ? table : found),
    undefined,
  );
  if (widest === undefined || widest.replicationFactor <= remainingServers) return undefined;
  return `table ${widest.path} has replication factor ${widest.replicationFactor}; ${remainingServers} tablet servers cannot hold it`;
}

/** Server ids in [from, to). */
export function ordinals(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}

/** The ones of `ids` not registered, not heartbeating, or shutting down (no new process of them registered yet). */
export function serversNotUp(view: Pick<ClusterView, 'servers'>, ids: number[]): number[] {
  const up = new Set(view.servers.filter((server) => server.live && !server.shuttingDown).map((server) => server.node?.id));
  return ids.filter((id) => !up.has(id));
}
