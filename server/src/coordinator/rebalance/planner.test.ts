import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseGoals,
  planRebalance,
  REBALANCE_GOALS,
  type PlannerBucket,
  type PlannerServer,
  type RebalanceGoal,
  type RebalancePlan,
  type ServerTag,
} from './planner.ts';

const RUNS = 1000;

interface Cluster {
  /** What the planner sees: the live servers. */
  servers: PlannerServer[];
  buckets: PlannerBucket[];
  goals: RebalanceGoal[];
}

const server = (id: number, rack = '', tags: ServerTag[] = []): PlannerServer => ({ id, rack, tags });
const bucket = (key: string, replicas: number[], leader = replicas[0]!): PlannerBucket => ({ key, replicas, leader });

/** 1–8 servers on 0–3 racks, some tagged; with faults on, some down (absent) and some buckets without a leader. */
const clusters = (options: { tags?: boolean; faults?: boolean; racks?: number } = {}): fc.Arbitrary<Cluster> =>
  fc
    .record({
      size: fc.integer({ min: 1, max: 8 }),
      racks: options.racks === undefined ? fc.integer({ min: 0, max: 3 }) : fc.constant(options.racks),
      faults: options.faults === undefined ? fc.boolean() : fc.constant(options.faults),
    })
    .chain(({ size, racks, faults }) => {
      const ids = Array.from({ length: size }, (_, i) => i * 2 + 1);
      const tag = fc.oneof(
        { arbitrary: fc.constant<ServerTag[]>([]), weight: options.tags === false ? 1 : 5 },
        { arbitrary: fc.constant<ServerTag[]>(['PERMANENT_OFFLINE']), weight: options.tags === false ? 0 : 1 },
        { arbitrary: fc.constant<ServerTag[]>(['TEMPORARY_OFFLINE']), weight: options.tags === false ? 0 : 1 },
        { arbitrary: fc.constant<ServerTag[]>(['TEMPORARY_OFFLINE', 'PERMANENT_OFFLINE']), weight: options.tags === false ? 0 : 1 },
      );
      const rack = racks === 0 ? fc.constant('') : fc.constantFrom(...['r1', 'r2', 'r3'].slice(0, racks));
      const replicas = fc.shuffledSubarray(ids, { minLength: 1, maxLength: Math.min(3, size) });
      const leaderless = faults ? fc.nat(9).map((n) => n === 0) : fc.constant(false);
      return fc.record({
        servers: fc.tuple(
          ...ids.map((id) => fc.record({ id: fc.constant(id), rack, tags: tag, down: faults ? fc.nat(7).map((n) => n === 0) : fc.constant(false) })),
        ),
        buckets: fc.array(fc.tuple(replicas, leaderless), { maxLength: 30 }),
        goals: fc.oneof(fc.constant<RebalanceGoal[]>([...REBALANCE_GOALS]), fc.shuffledSubarray([...REBALANCE_GOALS])),
      });
    })
    .map(({ servers, buckets, goals }) => ({
      servers: servers.filter((s) => !s.down).map(({ id, rack, tags }) => ({ id, rack, tags })),
      buckets: buckets.map(([replicas, leaderless], i) => bucket(`b${i}`, replicas, leaderless ? -1 : replicas[0]!)),
      goals,
    }));

/** What the oracles below need to know of a cluster, worked out apart from the planner. */
function viewOf({ servers, buckets }: Pick<Cluster, 'servers' | 'buckets'>) {
  const live = new Map(servers.map((s) => [s.id, s]));
  const drained = (id: number): boolean => live.get(id)?.tags.includes('PERMANENT_OFFLINE') ?? false;
  const tagged = (id: number): boolean => (live.get(id)?.tags.length ?? 0) > 0;
  const eligible = servers.filter((s) => s.tags.length === 0).map((s) => s.id);
  const frozen = (b: PlannerBucket): boolean => b.leader === -1 || b.replicas.some((id) => !live.has(id));
  const mustChange = (b: PlannerBucket): boolean => b.replicas.some(drained) || tagged(b.replicas[0]!);
  const cannot = (b: PlannerBucket): boolean =>
    frozen(b) ||
    b.replicas.filter(drained).length > eligible.filter((id) => !b.replicas.includes(id)).length ||
    (!b.replicas.some(drained) && b.replicas.every(tagged));
  const unmovable = new Set(buckets.filter((b) => mustChange(b) && cannot(b)).map((b) => b.key));
  /** Buckets the plan may change. */
  const movable = (b: PlannerBucket): boolean => !frozen(b) && !unmovable.has(b.key);
  const rackOf = (id: number): string => live.get(id)!.rack;
  const racks = (replicas: readonly number[]): number => new Set(replicas.map(rackOf)).size;
  const rackTarget = (b: PlannerBucket): number => {
    const pinned = b.replicas.filter((id) => tagged(id) && !drained(id));
    const pinnedRacks = new Set(pinned.map(rackOf));
    const others = new Set(eligible.map(rackOf).filter((r) => !pinnedRacks.has(r)));
    return pinnedRacks.size + Math.min(b.replicas.length - pinned.length, others.size);
  };
  const countOn = (ids: number[]): Map<number, number> => {
    const counts = new Map(eligible.map((id) => [id, 0]));
    for (const id of ids) if (counts.has(id)) counts.set(id, counts.get(id)! + 1);
    return counts;
  };
  const replicaCounts = countOn(buckets.flatMap((b) => b.replicas));
  const leaderCounts = countOn(buckets.flatMap((b) => b.replicas.slice(0, 1)));
  return { live, drained, tagged, eligible, frozen, mustChange, unmovable, movable, racks, rackTarget, replicaCounts, leaderCounts };
}

function apply(buckets: readonly PlannerBucket[], plan: RebalancePlan): PlannerBucket[] {
  const moves = new Map(plan.moves.map((m) => [m.key, m]));
  return buckets.map((b) => {
    const move = moves.get(b.key);
    return move === undefined ? b : { key: b.key, replicas: move.replicas, leader: move.leader };
  });
}

const spread = (counts: Map<number, number>): number => Math.max(...counts.values()) - Math.min(...counts.values());

/** A permutation of `items` drawn from `randoms` (Fisher–Yates). */
function shuffled<T>(items: readonly T[], randoms: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randoms[i % randoms.length]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('planRebalance: invariants for any cluster', () => {
  it('moves keep distinct replicas and the factor, add replicas only to untagged servers, keep TEMPORARY_OFFLINE replicas and the order of the replicas that stay', () => {
    fc.assert(
      fc.property(clusters(), (cluster) => {
        const view = viewOf(cluster);
        const plan = planRebalance(cluster.buckets, cluster.servers, cluster.goals);
        const before = new Map(cluster.buckets.map((b) => [b.key, b]));
        for (const move of plan.moves) {
          const old = before.get(move.key)!;
          expect(view.movable(old)).toBe(true);
          expect(move.replicas).toHaveLength(old.replicas.length);
          expect(new Set(move.replicas).size).toBe(move.replicas.length);
          expect(move.leader).toBe(move.replicas[0]);
          expect(move.replicas).not.toEqual(old.replicas);
          for (const id of move.replicas.filter((r) => !old.replicas.includes(r))) expect(view.eligible).toContain(id);
          for (const id of old.replicas.filter((r) => view.tagged(r) && !view.drained(r))) expect(move.replicas).toContain(id);
          const rest = (list: readonly number[]): number[] => list.filter((r) => r !== move.leader && old.replicas.includes(r) && move.replicas.includes(r));
          expect(rest(move.replicas)).toEqual(rest(old.replicas));
        }
        expect(plan.moves.map((m) => m.key)).toEqual([...new Set(plan.moves.map((m) => m.key))].sort());
      }),
      { numRuns: RUNS },
    );
  });

  it('drains PERMANENT_OFFLINE servers, moves preferred leadership off tagged servers, and lists exactly the buckets that must change but cannot, with a reason', () => {
    fc.assert(
      fc.property(clusters(), (cluster) => {
        const view = viewOf(cluster);
        const plan = planRebalance(cluster.buckets, cluster.servers, cluster.goals);
        expect(plan.unmovable.map((u) => u.key)).toEqual([...view.unmovable].sort());
        for (const { reason } of plan.unmovable) expect(reason).toMatch(/\w{3}/);
        for (const after of apply(cluster.buckets, plan).filter(view.movable)) {
          expect(after.replicas.filter(view.drained)).toEqual([]);
          expect(view.tagged(after.replicas[0]!)).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is a fixed point: planning again on the planned cluster moves nothing', () => {
    fc.assert(
      fc.property(clusters(), (cluster) => {
        const plan = planRebalance(cluster.buckets, cluster.servers, cluster.goals);
        const again = planRebalance(apply(cluster.buckets, plan), cluster.servers, cluster.goals);
        expect(again).toEqual({ moves: [], unmovable: plan.unmovable });
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same plan for the same cluster listed in any order', () => {
    fc.assert(
      fc.property(clusters(), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (cluster, randoms) => {
        const plan = planRebalance(cluster.buckets, cluster.servers, cluster.goals);
        expect(planRebalance(shuffled(cluster.buckets, randoms), shuffled(cluster.servers, randoms.slice(1)), cluster.goals)).toEqual(plan);
      }),
      { numRuns: RUNS },
    );
  });

  it('reaches each goal: racks spanned as far as they can be when RACK_AWARE comes first, no replica or leadership move left that would even counts out without breaking a higher goal', () => {
    fc.assert(
      fc.property(clusters(), ({ servers, buckets, goals }) => {
        const after = apply(buckets, planRebalance(buckets, servers, goals));
        const view = viewOf({ servers, buckets: after });
        const movable = after.filter(viewOf({ servers, buckets }).movable);
        const higher = (goal: RebalanceGoal): RebalanceGoal[] => goals.slice(0, Math.max(0, goals.indexOf(goal)));
        if (goals[0] === 'RACK_AWARE') for (const b of movable) expect(view.racks(b.replicas)).toBe(view.rackTarget(b));
        if (goals.includes('REPLICA_DISTRIBUTION')) {
          for (const b of movable) {
            for (const from of b.replicas.filter((id) => view.eligible.includes(id))) {
              for (const to of view.eligible.filter((id) => !b.replicas.includes(id))) {
                const gain = view.replicaCounts.get(from)! - view.replicaCounts.get(to)!;
                const moved = b.replicas.map((id) => (id === from ? to : id));
                const keeps = higher('REPLICA_DISTRIBUTION').every((goal) =>
                  goal === 'RACK_AWARE'
                    ? view.racks(moved) >= view.racks(b.replicas)
                    : b.replicas[0] !== from || view.leaderCounts.get(from)! > view.leaderCounts.get(to)!,
                );
                expect(gain >= 2 && keeps, `bucket ${b.key} could move its replica on ${from} to ${to}`).toBe(false);
              }
            }
          }
        }
        if (goals.includes('LEADER_DISTRIBUTION')) {
          for (const b of movable) {
            for (const to of b.replicas.filter((id) => view.eligible.includes(id))) {
              expect(view.leaderCounts.get(b.replicas[0]!)! - view.leaderCounts.get(to)!).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('evens replicas to within one when no rack, no leader goal before it and no bucket left as is stands in the way', () => {
    let checked = 0;
    fc.assert(
      fc.property(clusters({ faults: false, racks: 0 }), ({ servers, buckets, goals }) => {
        const view = viewOf({ servers, buckets });
        if (!goals.includes('REPLICA_DISTRIBUTION') || goals.indexOf('LEADER_DISTRIBUTION') === 0 || view.unmovable.size > 0 || view.eligible.length === 0)
          return;
        if (goals.indexOf('LEADER_DISTRIBUTION') >= 0 && goals.indexOf('LEADER_DISTRIBUTION') < goals.indexOf('REPLICA_DISTRIBUTION')) return;
        checked++;
        const after = viewOf({ servers, buckets: apply(buckets, planRebalance(buckets, servers, goals)) });
        expect(spread(after.replicaCounts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 10);
  });
});

describe('planRebalance: fewest changes', () => {
  it('without goals, changes only the buckets the tags force, each by its drained replicas alone', () => {
    fc.assert(
      fc.property(clusters(), ({ servers, buckets }) => {
        const view = viewOf({ servers, buckets });
        const before = new Map(buckets.map((b) => [b.key, b]));
        for (const move of planRebalance(buckets, servers, []).moves) {
          const old = before.get(move.key)!;
          expect(view.mustChange(old)).toBe(true);
          expect(move.replicas.filter((id) => !old.replicas.includes(id))).toHaveLength(old.replicas.filter(view.drained).length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a server added to a cluster balanced on one rack receives at most ceil(replicas / servers) replicas, and no other replica moves', () => {
    fc.assert(
      fc.property(clusters({ tags: false, faults: false, racks: 1 }), ({ servers, buckets }) => {
        const balanced = apply(buckets, planRebalance(buckets, servers, REBALANCE_GOALS));
        const added = server(100, servers[0]!.rack);
        const plan = planRebalance(balanced, [...servers, added], REBALANCE_GOALS);
        const before = new Map(balanced.map((b) => [b.key, b]));
        const landed = plan.moves.flatMap((m) => m.replicas.filter((id) => !before.get(m.key)!.replicas.includes(id)));
        const total = balanced.reduce((sum, b) => sum + b.replicas.length, 0);
        expect(landed.every((id) => id === added.id)).toBe(true);
        expect(landed.length).toBeLessThanOrEqual(Math.ceil(total / (servers.length + 1)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('planRebalance: examples', () => {
  const three = [server(0), server(1), server(2)];
  const fullyReplicated = Array.from({ length: 6 }, (_, i) => bucket(`b${i}`, [i % 3, (i + 1) % 3, (i + 2) % 3]));

  it('spreads replicas onto two new servers: 18 replicas on 3 → 5 servers hold 4, 4, 4, 3, 3 and preferred leaders spread too', () => {
    const servers = [...three, server(3), server(4)];
    expect(planRebalance(fullyReplicated, three, REBALANCE_GOALS)).toEqual({ moves: [], unmovable: [] });
    const plan = planRebalance(fullyReplicated, servers, REBALANCE_GOALS);
    const after = viewOf({ servers, buckets: apply(fullyReplicated, plan) });
    expect([...after.replicaCounts.values()].sort()).toEqual([3, 3, 4, 4, 4]);
    expect([...after.replicaCounts.entries()].filter(([id]) => id >= 3).map(([, n]) => n)).toEqual([3, 3]);
    expect(spread(after.leaderCounts)).toBeLessThanOrEqual(1);
    // Each moved bucket trades one old replica for one new: six replicas moved, no more.
    expect(plan.moves.flatMap((m) => m.replicas.filter((id) => id >= 3))).toHaveLength(6);
  });

  it('drains two of five servers with replication factor 3: every replica leaves them', () => {
    const servers = [server(0), server(1), server(2), server(3, '', ['PERMANENT_OFFLINE']), server(4, '', ['PERMANENT_OFFLINE'])];
    const buckets = Array.from({ length: 10 }, (_, i) => bucket(`b${i}`, [i % 5, (i + 1) % 5, (i + 2) % 5]));
    const plan = planRebalance(buckets, servers, REBALANCE_GOALS);
    expect(plan.unmovable).toEqual([]);
    for (const b of apply(buckets, plan)) expect([...b.replicas].sort()).toEqual([0, 1, 2]);
    // The 12 replicas on servers 3 and 4 moved, and no other (bucket 0, [0, 1, 2], at most reordered).
    const before = new Map(buckets.map((b) => [b.key, b.replicas]));
    expect(plan.moves.flatMap((m) => m.replicas.filter((id) => !before.get(m.key)!.includes(id)))).toHaveLength(12);
  });

  it('cannot drain with too few servers left: the bucket is unmovable, with the reason, and not partly moved', () => {
    const servers = [server(0), server(1), server(2, '', ['PERMANENT_OFFLINE'])];
    const plan = planRebalance([bucket('t', [2, 0, 1]), bucket('u', [0, 1])], servers, REBALANCE_GOALS);
    expect(plan.moves).toEqual([]);
    expect(plan.unmovable).toEqual([
      { key: 't', reason: 'its replicas on PERMANENT_OFFLINE servers 2 need 1 untagged live servers that hold none of its replicas; there are 0' },
    ]);
  });

  it('puts a bucket on two racks when both its replicas share one, replacing one replica only and keeping the leader', () => {
    const servers = [server(0, 'a'), server(1, 'a'), server(2, 'b'), server(3, 'b')];
    const plan = planRebalance([bucket('t', [0, 1]), bucket('u', [2, 3])], servers, ['RACK_AWARE']);
    expect(plan.moves).toHaveLength(2);
    for (const move of plan.moves) expect(new Set(move.replicas.map((id) => servers[id]!.rack)).size).toBe(2);
    expect(plan.moves.map((m) => m.leader)).toEqual([0, 2]);
  });

  it('does not undo RACK_AWARE for REPLICA_DISTRIBUTION: the one server on rack b keeps a replica of every bucket', () => {
    // Evening replicas out would put some bucket on rack a alone; rack awareness comes first.
    const servers = [server(0, 'a'), server(1, 'a'), server(2, 'b')];
    const buckets = [bucket('t', [0, 2]), bucket('u', [1, 2]), bucket('v', [2, 0]), bucket('w', [2, 1])];
    expect(planRebalance(buckets, servers, REBALANCE_GOALS)).toEqual({ moves: [], unmovable: [] });
    // With replica distribution first, it is evened out and racks come second.
    const evened = viewOf({ servers, buckets: apply(buckets, planRebalance(buckets, servers, ['REPLICA_DISTRIBUTION', 'RACK_AWARE'])) });
    expect(spread(evened.replicaCounts)).toBeLessThanOrEqual(1);
  });

  it('counts a replica that leaves a bucket and comes back as staying: one replica changed, in its place', () => {
    // b0 [3, 7]: 7 gives way to 1 for rack r2, then 3 moves to 7 to even replicas out: net 3 → 1.
    const servers = [server(1, 'r2'), server(3, 'r1'), server(7, 'r1'), server(9, 'r1')];
    const plan = planRebalance([bucket('b0', [3, 7]), bucket('b1', [3, 9])], servers, REBALANCE_GOALS);
    expect(plan.moves).toEqual([
      { key: 'b0', replicas: [7, 1], leader: 7 },
      { key: 'b1', replicas: [3, 1], leader: 3 },
    ]);
  });

  it('moves preferred leadership off a TEMPORARY_OFFLINE server and keeps its replicas; one with only such replicas is unmovable', () => {
    const servers = [server(0, '', ['TEMPORARY_OFFLINE']), server(1), server(2, '', ['TEMPORARY_OFFLINE'])];
    const plan = planRebalance([bucket('t', [0, 1, 2]), bucket('u', [2, 0])], servers, []);
    expect(plan.moves).toEqual([{ key: 't', replicas: [1, 0, 2], leader: 1 }]);
    expect(plan.unmovable).toEqual([{ key: 'u', reason: 'all its replicas are on TEMPORARY_OFFLINE servers (2, 0): none may be its preferred leader' }]);
  });

  it('leaves as is a bucket with a replica on a server that is down, or without a leader, and says so when tags call for a change', () => {
    const servers = [server(0, '', ['PERMANENT_OFFLINE']), server(1), server(2), server(3)];
    const plan = planRebalance([bucket('down', [0, 9]), bucket('leaderless', [1, 0], -1), bucket('quiet', [1, 9])], servers, REBALANCE_GOALS);
    expect(plan.moves).toEqual([]);
    expect(plan.unmovable).toEqual([
      { key: 'down', reason: 'its replica on server 9 is not live (its data may be only there): left as is' },
      { key: 'leaderless', reason: 'it has no leader: left as is' },
    ]);
  });

  it('evens preferred leaders by reordering replicas only, along a chain when no single reorder helps', () => {
    // Server 0 leads a and b, which only 1 also holds; 1 leads c, which 2 also holds; 2 leads none.
    const servers = [server(0), server(1), server(2)];
    const buckets = [bucket('a', [0, 1]), bucket('b', [0, 1]), bucket('c', [1, 2])];
    const plan = planRebalance(buckets, servers, ['LEADER_DISTRIBUTION']);
    expect(plan.moves).toEqual([
      { key: 'a', replicas: [1, 0], leader: 1 },
      { key: 'c', replicas: [2, 1], leader: 2 },
    ]);
  });

  it('refuses a bucket or server listed twice', () => {
    expect(() => planRebalance([bucket('t', [0]), bucket('t', [0])], [server(0)], [])).toThrow(TypeError);
    expect(() => planRebalance([], [server(0), server(0)], [])).toThrow(/listed twice: 0/);
  });
});

describe('parseGoals', () => {
  it('reads names in any case, in the order given; none means all three in priority order', () => {
    expect(parseGoals(['leader_distribution', 'Rack_Aware'])).toEqual(['LEADER_DISTRIBUTION', 'RACK_AWARE']);
    expect(parseGoals([])).toEqual(['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION']);
  });

  it('refuses an unknown name, listing the valid ones, and a goal given twice', () => {
    expect(() => parseGoals(['disk_usage'])).toThrow(
      new TypeError("Unknown rebalance goal, expected one of RACK_AWARE, REPLICA_DISTRIBUTION, LEADER_DISTRIBUTION: 'disk_usage'"),
    );
    expect(() => parseGoals(['rack_aware', 'RACK_AWARE'])).toThrow(new TypeError('Rebalance goal given twice: RACK_AWARE'));
  });
});
