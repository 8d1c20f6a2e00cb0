import type { BucketAssignment } from '../table/table-bucket.ts';

/**
 * Chooses leaders for buckets without one (pure). Each goes to the live server hosting the fewest
 * buckets (ties: lowest id), so new tables spread evenly. Buckets that already have a leader keep
 * it, even when that server is down: with a single replica its data lives only there.
 */
export function assignLeaders(
  buckets: readonly BucketAssignment[],
  liveServers: readonly number[],
): BucketAssignment[] {
  if (liveServers.length === 0) return [];
  const load = new Map<number, number>(liveServers.map((id) => [id, 0]));
  for (const bucket of buckets) {
    if (load.has(bucket.leader)) load.set(bucket.leader, load.get(bucket.leader)! + 1);
  }
  const changed: BucketAssignment[] = [];
  for (const bucket of buckets) {
    if (bucket.leader !== -1) continue;
    let best = liveServers[0]!;
    for (const id of liveServers) {
      const l = load.get(id)!;
      const b = load.get(best)!;
      if (l < b || (l === b && id < best)) best = id;
    }
    load.set(best, load.get(best)! + 1);
    changed.push({ ...bucket, leader: best, replicas: [best], leaderEpoch: bucket.leaderEpoch + 1 });
  }
  return changed;
}
