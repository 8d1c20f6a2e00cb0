import type { BucketAssignment } from '../table/table-bucket.ts';
import { balanceLeaders } from './leader-balance.ts';

/** A live tablet server as placement sees it. `rack` is '' when the server has none. */
export interface PlacementServer {
  id: number;
  rack: string;
}

/**
 * Places buckets that have no replicas yet (pure). Each gets `replicationFactor` distinct live
 * servers: a replica goes to a rack the bucket does not use yet while there is one, and among
 * those to the server holding the fewest replicas (ties: fewest leaders, then lowest id), so new
 * tables spread evenly. The leader is the replica leading the fewest buckets, listed first; then
 * the new buckets' leaders are evened out (leader-balance.ts), because one bucket at a time cannot
 * see that an earlier bucket should have been led by another of its replicas.
 * A bucket stays unplaced (leader -1) while fewer live servers than its replication factor exist.
 * Buckets that have replicas keep them, even when their servers are down: data lives only there.
 */
export function placeReplicas(
  buckets: readonly BucketAssignment[],
  servers: readonly PlacementServer[],
  replicationFactorOf: (bucket: BucketAssignment) => number,
): BucketAssignment[] {
  const replicaLoad = new Map<number, number>(servers.map((s) => [s.id, 0]));
  const leaderLoad = new Map<number, number>(servers.map((s) => [s.id, 0]));
  for (const bucket of buckets) {
    for (const id of bucket.replicas) if (replicaLoad.has(id)) replicaLoad.set(id, replicaLoad.get(id)! + 1);
    if (leaderLoad.has(bucket.leader)) leaderLoad.set(bucket.leader, leaderLoad.get(bucket.leader)! + 1);
  }
  const byLoad = (a: PlacementServer, b: PlacementServer): number =>
    replicaLoad.get(a.id)! - replicaLoad.get(b.id)! || leaderLoad.get(a.id)! - leaderLoad.get(b.id)! || a.id - b.id;

  const placed: BucketAssignment[] = [];
  for (const bucket of buckets) {
    if (bucket.replicas.length > 0 || bucket.leader !== -1) continue;
    const factor = replicationFactorOf(bucket);
    if (factor < 1 || servers.length < factor) continue;
    const chosen: PlacementServer[] = [];
    while (chosen.length < factor) {
      const usedRacks = new Set(chosen.map((s) => s.rack));
      const candidates = servers.filter((s) => !chosen.includes(s));
      const onNewRack = candidates.filter((s) => !usedRacks.has(s.rack));
      const pick = [...(onNewRack.length > 0 ? onNewRack : candidates)].sort(byLoad)[0]!;
      chosen.push(pick);
      replicaLoad.set(pick.id, replicaLoad.get(pick.id)! + 1);
    }
    const leader = [...chosen].sort((a, b) => leaderLoad.get(a.id)! - leaderLoad.get(b.id)! || a.id - b.id)[0]!;
    leaderLoad.set(leader.id, leaderLoad.get(leader.id)! + 1);
    const replicas = [leader.id, ...chosen.filter((s) => s !== leader).map((s) => s.id)];
    placed.push({ ...bucket, leader: leader.id, replicas, isr: [...replicas], leaderEpoch: bucket.leaderEpoch + 1, bucketEpoch: bucket.bucketEpoch + 1 });
  }
  const leaders = balanceLeaders(
    placed.map((b) => ({ leader: b.leader, candidates: b.replicas })),
    leaderLoad,
  );
  return placed.map((b, index) => {
    const leader = leaders[index]!;
    if (leader === b.leader) return b;
    const replicas = [leader, ...b.replicas.filter((id) => id !== leader)];
    return { ...b, leader, replicas, isr: [...replicas] };
  });
}
