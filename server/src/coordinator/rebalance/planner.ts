/**
 * The rebalance planner, first slice (pure): drains PERMANENT_OFFLINE servers and evens replica
 * counts over the untagged servers by moving one replica at a time from the fullest server to the
 * emptiest one the bucket does not use; the new preferred leader is each moved bucket's first
 * replica. The goal-by-goal planner (racks, leaders, property-tested) replaces it.
 */
export const REBALANCE_GOALS = ['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION'] as const;
export type RebalanceGoal = (typeof REBALANCE_GOALS)[number];
export interface PlannerServer {
  id: number;
  rack: string;
  tags: readonly string[];
}
export interface PlannerBucket {
  key: string;
  replicas: readonly number[];
  leader: number;
}
export interface PlannedMove {
  key: string;
  replicas: number[];
  leader: number;
}
export interface RebalancePlan {
  moves: PlannedMove[];
  unmovable: { key: string; reason: string }[];
}
export function planRebalance(buckets: readonly PlannerBucket[], servers: readonly PlannerServer[], _g: readonly RebalanceGoal[]): RebalancePlan {
  const eligible = servers.filter((s) => s.tags.length === 0).map((s) => s.id);
  const drained = new Set(servers.filter((s) => s.tags.includes('PERMANENT_OFFLINE')).map((s) => s.id));
  const state = buckets.map((b) => ({ key: b.key, replicas: [...b.replicas], orig: b.replicas.join() }));
  const load = () => {
    const m = new Map(eligible.map((id) => [id, 0]));
    for (const b of state) for (const r of b.replicas) if (m.has(r)) m.set(r, m.get(r)! + 1);
    return m;
  };
  for (const b of state)
    for (let i = 0; i < b.replicas.length; i++)
      if (drained.has(b.replicas[i]!)) {
        const l = load();
        const to = eligible.filter((id) => !b.replicas.includes(id)).sort((x, y) => l.get(x)! - l.get(y)! || x - y)[0];
        if (to !== undefined) b.replicas[i] = to;
      }
  for (let iter = 0; iter < 1000; iter++) {
    const l = load();
    const sorted = [...eligible].sort((x, y) => l.get(y)! - l.get(x)! || x - y);
    const hi = sorted[0]!,
      lo = sorted[sorted.length - 1]!;
    if (l.get(hi)! - l.get(lo)! <= 1) break;
    const b = state.find((s) => s.replicas.includes(hi) && !s.replicas.includes(lo));
    if (!b) break;
    b.replicas[b.replicas.indexOf(hi)] = lo;
  }
  return { moves: state.filter((b) => b.replicas.join() !== b.orig).map((b) => ({ key: b.key, replicas: b.replicas, leader: b.replicas[0]! })), unmovable: [] };
}
export function parseGoals(names: readonly string[]): RebalanceGoal[] {
  for (const n of names) if (!REBALANCE_GOALS.includes(n.toUpperCase() as RebalanceGoal)) throw new TypeError(`Unknown rebalance goal '${n}'`);
  return names.length ? (names.map((n) => n.toUpperCase()) as RebalanceGoal[]) : [...REBALANCE_GOALS];
}
