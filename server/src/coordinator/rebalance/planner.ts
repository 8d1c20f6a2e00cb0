/**
 * The rebalance planner (pure): from the buckets as they are, the tablet servers with their tags
 * and the goals, the buckets whose replicas or preferred leader should change. The executor carries
 * the moves out one step at a time; nothing here reads a clock, a random source or the catalog.
 *
 * Servers. `servers` lists the live tablet servers. One with no tag is eligible: it may receive
 * replicas and lead. PERMANENT_OFFLINE (a drain): every replica on it moves to eligible servers and
 * it ends with none. TEMPORARY_OFFLINE: its replicas stay where they are (goals never move them),
 * but it may not be any bucket's preferred leader (replicas[0]), so the bucket is reordered and
 * leadership goes to another replica. A tagged server never receives a replica. A server with both
 * tags is drained. A rack is a string; servers without one (rack '') count as one rack of their own,
 * as in placement (assignment.ts).
 *
 * Buckets left as they are. A bucket with a replica on a server missing from `servers` (down or
 * unknown), or with no leader (-1), is never changed: its data may live only on that replica.
 * A bucket the tags force to change but that cannot goes to `unmovable` with the reason, and is not
 * partly changed: one left as is for the reason above; one with fewer eligible servers outside it
 * than replicas on drained servers (it keeps its replication factor on distinct servers); one whose
 * replicas are all on TEMPORARY_OFFLINE servers (no replica may lead).
 *
 * The order of work. First what the tags force, always and whatever the goals: each drained replica
 * is replaced by the eligible server outside the bucket that the goals, in their order, rank first
 * (RACK_AWARE: on a rack the bucket lacks; REPLICA_DISTRIBUTION: fewer replicas; LEADER_DISTRIBUTION,
 * for the leading replica: fewer preferred leaderships; ties: fewer replicas, then the lowest id);
 * then a preferred leader on a tagged server gives way to the bucket's eligible replica with the
 * fewest preferred leaderships (ties: its place in the list). Then the goals, in the order
 * given (their priority), each taking single moves that improve it and leave every higher goal no
 * worse, until none is left; then the goals again from the first, until a whole pass moves nothing.
 *  - RACK_AWARE: a bucket's replicas span as many racks as they can: those of its TEMPORARY_OFFLINE
 *    replicas (they stay) plus as many other racks of eligible servers as its other replicas, i.e.
 *    min(replication factor, racks) without tagged servers. A move replaces a replica that shares
 *    its rack with another replica of the bucket by a server on a rack the bucket lacks.
 *  - REPLICA_DISTRIBUTION: replicas per eligible server even (tagged servers do not count): a move
 *    takes a replica from a server to one holding two or more fewer. Replicas of buckets left as
 *    they are count where they are. The
 *    result is within one (highest minus lowest ≤ 1) whenever no higher goal stands in the way and
 *    no bucket is left as is; otherwise it is the band those allow: no replica that may move can go
 *    from a server to one with two fewer without breaking a higher goal.
 *  - LEADER_DISTRIBUTION: preferred leaderships per eligible server even, by reordering replicas
 *    (never moving them), along cost-reducing paths (leader-balance.ts): the fewest possible on the
 *    busiest server, and the counts within one whenever any order of the replicas allows it.
 * A move of a lower goal never makes a higher goal worse (racks a bucket spans; the sum of squared
 * replica or leadership counts), so a higher goal is never undone. Every move strictly improves the
 * goals taken in priority order, so the loop ends (a guard throws should a bug break that), and it
 * ends where no goal has a move left: planning again on the result gives no moves.
 *
 * Leaders. A move's `leader` is its replicas[0], the preferred leader; the executor moves leadership
 * there. `PlannerBucket.leader` is looked at only for -1: a bucket led by another replica than its
 * first is no move here (preferred-leader election, preferred-leaders.ts, brings it back).
 *
 * Fewest changes. A replica that may stay stays, in its place; a new replica takes the place of the
 * one it replaces, and a new preferred leader is moved to the front with the others keeping their
 * order. A replica move prefers a bucket the source server does not lead (no leadership change),
 * then the lowest key; the busiest source and the emptiest destination first (ties: lowest id). So a
 * server added to a cluster balanced on one rack receives replicas from the busiest servers and no
 * other replica moves: at most ceil(replicas / servers) replicas, counted with the new server.
 *
 * Determinism: buckets are taken by key, servers by id, so the same buckets and servers, in any
 * order, give the same plan. `moves` and `unmovable` are sorted by key.
 */
import { balanceLeaders } from '../leader-balance.ts';
import type { ServerTag } from './server-tags.ts';

export const REBALANCE_GOALS = ['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION'] as const;
export type RebalanceGoal = (typeof REBALANCE_GOALS)[number];
export { SERVER_TAGS, type ServerTag } from './server-tags.ts';

/** A tablet server the plan may look at: live servers, tagged or not. */
export interface PlannerServer {
  id: number;
  /** '' = none. */
  rack: string;
  tags: readonly ServerTag[];
}

/** A bucket as it is now; replicas[0] is its preferred leader. `key` is opaque (tableBucketKey). */
export interface PlannerBucket {
  key: string;
  replicas: readonly number[];
  leader: number;
}

/** A bucket whose replicas or preferred leader change: the new replica list, preferred (new) leader first. */
export interface PlannedMove {
  key: string;
  replicas: number[];
  /** replicas[0]. */
  leader: number;
}

export interface RebalancePlan {
  moves: PlannedMove[];
  /** Buckets the goals must move but cannot, with why. */
  unmovable: { key: string; reason: string }[];
}

/** Parses user goal names (case-insensitive, e.g. 'rack_aware'); empty → all three in priority order. */
export function parseGoals(names: readonly string[]): RebalanceGoal[] {
  if (names.length === 0) return [...REBALANCE_GOALS];
  const goals: RebalanceGoal[] = [];
  for (const name of names) {
    const goal = REBALANCE_GOALS.find((g) => g === name.trim().toUpperCase());
    if (goal === undefined) throw new TypeError(`Unknown rebalance goal, expected one of ${REBALANCE_GOALS.join(', ')}: '${name}'`);
    if (goals.includes(goal)) throw new TypeError(`Rebalance goal given twice: ${goal}`);
    goals.push(goal);
  }
  return goals;
}

/** A bucket the plan may change, as the plan has it so far. */
interface Draft {
  index: number;
  key: string;
  original: readonly number[];
  /** The replicas now, each new one in the place of the one it replaced. */
  replicas: number[];
  /** The preferred leader now: one of `replicas`, on an eligible server once the tags are served. */
  leader: number;
  /** Racks the bucket can span (RACK_AWARE). */
  rackTarget: number;
}

interface PlanState {
  rackOf: Map<number, string>;
  /** Untagged live servers, by id. */
  eligible: number[];
  drained: Set<number>;
  tagged: Set<number>;
  /** Per eligible server: replicas and preferred leaderships, of every bucket. */
  replicas: Map<number, number>;
  leaders: Map<number, number>;
  /** Per eligible server: the drafts holding a replica on it, by index. */
  holding: Map<number, Set<number>>;
  drafts: Draft[];
}

export function planRebalance(buckets: readonly PlannerBucket[], servers: readonly PlannerServer[], goals: readonly RebalanceGoal[]): RebalancePlan {
  const state = stateOf(servers);
  const sorted = [...buckets].sort((a, b) => compareKeys(a.key, b.key));
  sorted.forEach((bucket, i) => {
    if (i > 0 && sorted[i - 1]!.key === bucket.key) throw new TypeError(`Cannot plan a rebalance, a bucket is listed twice: ${bucket.key}`);
    countLoad(state, bucket.replicas, 1);
  });
  const ordered = [...new Set(goals)];
  const unmovable: RebalancePlan['unmovable'] = [];
  for (const bucket of sorted) {
    const reason = frozenReason(state, bucket) ?? blockedReason(state, bucket);
    if (reason !== undefined) {
      if (mustChange(state, bucket)) unmovable.push({ key: bucket.key, reason });
      continue;
    }
    serveTags(state, addDraft(state, bucket), ordered);
  }
  for (const draft of state.drafts) draft.rackTarget = rackTarget(state, draft);
  // Every step strictly improves the goals in priority order, so this ends; the guard turns a bug
  // into an error rather than a coordinator that never answers again. Real plans take a few steps
  // per replica (each step is one replica move or one leader pass).
  const limit = 1000 + 100 * state.drafts.reduce((sum, d) => sum + d.replicas.length + 1, 0);
  let steps = 0;
  for (let moved = true; moved; ) {
    moved = false;
    ordered.forEach((goal, priority) => {
      while (goalStep(state, goal, ordered.slice(0, priority))) {
        moved = true;
        if (++steps > limit) throw new Error(`Rebalance plan did not converge within ${limit} steps (goals ${ordered.join(', ')})`);
      }
    });
  }
  return { moves: state.drafts.flatMap((draft) => movesOf(draft)), unmovable };
}

function stateOf(servers: readonly PlannerServer[]): PlanState {
  const rackOf = new Map<number, string>();
  const drained = new Set<number>();
  const tagged = new Set<number>();
  for (const server of servers) {
    if (rackOf.has(server.id)) throw new TypeError(`Cannot plan a rebalance, a server is listed twice: ${server.id}`);
    rackOf.set(server.id, server.rack);
    if (server.tags.length > 0) tagged.add(server.id);
    if (server.tags.includes('PERMANENT_OFFLINE')) drained.add(server.id);
  }
  const eligible = [...rackOf.keys()].filter((id) => !tagged.has(id)).sort((a, b) => a - b);
  const zeroes = (): Map<number, number> => new Map(eligible.map((id) => [id, 0]));
  const holding = new Map(eligible.map((id) => [id, new Set<number>()]));
  return { rackOf, eligible, drained, tagged, replicas: zeroes(), leaders: zeroes(), holding, drafts: [] };
}

/** Keys compare by code unit, not locale: the same order on every machine. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countLoad(state: PlanState, replicas: readonly number[], delta: number): void {
  for (const id of replicas) if (state.replicas.has(id)) state.replicas.set(id, state.replicas.get(id)! + delta);
  const leader = replicas[0];
  if (leader !== undefined && state.leaders.has(leader)) state.leaders.set(leader, state.leaders.get(leader)! + delta);
}

/** Why a bucket is left as it is whatever the tags and goals say, if it is. */
function frozenReason(state: PlanState, bucket: PlannerBucket): string | undefined {
  if (bucket.leader === -1 || bucket.replicas.length === 0) return 'it has no leader: left as is';
  const twice = bucket.replicas.find((id, i) => bucket.replicas.indexOf(id) !== i);
  if (twice !== undefined) return `it lists server ${twice} twice: left as is`;
  const down = bucket.replicas.find((id) => !state.rackOf.has(id));
  if (down !== undefined) return `its replica on server ${down} is not live (its data may be only there): left as is`;
  return undefined;
}

/** Why the tags cannot be served for a bucket, if they cannot. */
function blockedReason(state: PlanState, bucket: PlannerBucket): string | undefined {
  const drained = bucket.replicas.filter((id) => state.drained.has(id));
  const outside = state.eligible.filter((id) => !bucket.replicas.includes(id)).length;
  if (drained.length > outside) {
    return `its replicas on PERMANENT_OFFLINE servers ${drained.join(', ')} need ${drained.length} untagged live servers that hold none of its replicas; there are ${outside}`;
  }
  if (drained.length === 0 && bucket.replicas.every((id) => state.tagged.has(id))) {
    return `all its replicas are on TEMPORARY_OFFLINE servers (${bucket.replicas.join(', ')}): none may be its preferred leader`;
  }
  return undefined;
}

/** The tags force a change: a replica on a drained server, or a tagged preferred leader. */
function mustChange(state: PlanState, bucket: PlannerBucket): boolean {
  return bucket.replicas.some((id) => state.drained.has(id)) || state.tagged.has(bucket.replicas[0]!);
}

function addDraft(state: PlanState, bucket: PlannerBucket): Draft {
  const draft: Draft = {
    index: state.drafts.length,
    key: bucket.key,
    original: bucket.replicas,
    replicas: [...bucket.replicas],
    leader: bucket.replicas[0]!,
    rackTarget: 0,
  };
  state.drafts.push(draft);
  for (const id of draft.replicas) state.holding.get(id)?.add(draft.index);
  return draft;
}

function isEligible(state: PlanState, id: number): boolean {
  return state.holding.has(id);
}

/** Drained replicas replaced, then a tagged preferred leader replaced by an eligible replica. */
function serveTags(state: PlanState, draft: Draft, goals: readonly RebalanceGoal[]): void {
  for (const from of draft.replicas.filter((id) => state.drained.has(id))) {
    const rest = draft.replicas.filter((id) => id !== from);
    const racks = new Set(rest.map((id) => state.rackOf.get(id)));
    const leading = draft.leader === from;
    const key = (id: number): number[] => [
      ...goals.map((goal) =>
        goal === 'RACK_AWARE' ? Number(racks.has(state.rackOf.get(id))) : goal === 'REPLICA_DISTRIBUTION' ? load(state, id) : leading ? leaders(state, id) : 0,
      ),
      load(state, id),
      id,
    ];
    const to = state.eligible
      .filter((id) => !rest.includes(id))
      .map((id) => ({ id, key: key(id) }))
      .sort((a, b) => compareNumbers(a.key, b.key))[0]!.id;
    replace(state, draft, from, to);
  }
  if (!isEligible(state, draft.leader)) {
    const next = draft.replicas.filter((id) => isEligible(state, id)).sort((a, b) => leaders(state, a) - leaders(state, b))[0]!;
    lead(state, draft, next);
  }
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const load = (state: PlanState, id: number): number => state.replicas.get(id)!;
const leaders = (state: PlanState, id: number): number => state.leaders.get(id)!;

/** `to` takes the place of `from` in the bucket, and its leadership if it led. */
function replace(state: PlanState, draft: Draft, from: number, to: number): void {
  draft.replicas[draft.replicas.indexOf(from)] = to;
  if (isEligible(state, from)) {
    state.replicas.set(from, load(state, from) - 1);
    state.holding.get(from)!.delete(draft.index);
  }
  state.replicas.set(to, load(state, to) + 1);
  state.holding.get(to)!.add(draft.index);
  if (draft.leader === from) lead(state, draft, to);
}

function lead(state: PlanState, draft: Draft, to: number): void {
  if (isEligible(state, draft.leader)) state.leaders.set(draft.leader, leaders(state, draft.leader) - 1);
  state.leaders.set(to, leaders(state, to) + 1);
  draft.leader = to;
}

function rackCount(state: PlanState, replicas: readonly number[]): number {
  return new Set(replicas.map((id) => state.rackOf.get(id))).size;
}

/** The racks of its TEMPORARY_OFFLINE replicas (they stay), plus as many eligible racks as its other replicas can take. */
function rackTarget(state: PlanState, draft: Draft): number {
  const pinned = draft.replicas.filter((id) => !isEligible(state, id));
  const pinnedRacks = new Set(pinned.map((id) => state.rackOf.get(id)));
  const otherRacks = new Set(state.eligible.map((id) => state.rackOf.get(id)).filter((rack) => !pinnedRacks.has(rack)));
  return pinnedRacks.size + Math.min(draft.replicas.length - pinned.length, otherRacks.size);
}

/** One move that improves `goal` and leaves every goal in `higher` no worse; false when there is none. */
function goalStep(state: PlanState, goal: RebalanceGoal, higher: readonly RebalanceGoal[]): boolean {
  if (goal === 'RACK_AWARE') return rackStep(state, higher);
  if (goal === 'REPLICA_DISTRIBUTION') return replicaStep(state, higher);
  return leaderStep(state);
}

/** Moving the replica on `from` to `to` leaves the higher goals no worse. */
function keepsHigher(state: PlanState, draft: Draft, from: number, to: number, higher: readonly RebalanceGoal[]): boolean {
  const after = draft.replicas.map((id) => (id === from ? to : id));
  return higher.every((goal) => {
    if (goal === 'RACK_AWARE') return rackCount(state, after) >= rackCount(state, draft.replicas);
    if (goal === 'REPLICA_DISTRIBUTION') return load(state, from) >= load(state, to) + 1;
    return draft.leader !== from || leaders(state, from) >= leaders(state, to) + 1;
  });
}

/** Replaces, in the first bucket (by key) spanning fewer racks than it can, a replica sharing its rack by one on a rack it lacks. */
function rackStep(state: PlanState, higher: readonly RebalanceGoal[]): boolean {
  for (const draft of state.drafts) {
    if (rackCount(state, draft.replicas) >= draft.rackTarget) continue;
    const rackOf = (id: number): string => state.rackOf.get(id)!;
    const used = new Set(draft.replicas.map(rackOf));
    const sources = draft.replicas
      .filter((id) => isEligible(state, id) && draft.replicas.some((other) => other !== id && rackOf(other) === rackOf(id)))
      .sort((a, b) => Number(a === draft.leader) - Number(b === draft.leader) || load(state, b) - load(state, a) || a - b);
    const targets = state.eligible.filter((id) => !used.has(rackOf(id))).sort((a, b) => load(state, a) - load(state, b) || a - b);
    for (const from of sources) {
      const to = targets.find((id) => keepsHigher(state, draft, from, id, higher));
      if (to !== undefined) {
        replace(state, draft, from, to);
        return true;
      }
    }
  }
  return false;
}

/** Moves one replica from the busiest server that can give one to the emptiest that can take it, two or more fewer. */
function replicaStep(state: PlanState, higher: readonly RebalanceGoal[]): boolean {
  const busiestFirst = [...state.eligible].sort((a, b) => load(state, b) - load(state, a) || a - b);
  const emptiestFirst = [...state.eligible].sort((a, b) => load(state, a) - load(state, b) || a - b);
  for (const from of busiestFirst) {
    for (const to of emptiestFirst) {
      if (load(state, from) - load(state, to) < 2) break;
      const draft = [...state.holding.get(from)!]
        .map((index) => state.drafts[index]!)
        .filter((d) => !d.replicas.includes(to) && keepsHigher(state, d, from, to, higher))
        .sort((a, b) => Number(a.leader === from) - Number(b.leader === from) || a.index - b.index)[0];
      if (draft !== undefined) {
        replace(state, draft, from, to);
        return true;
      }
    }
  }
  return false;
}

/** Evens preferred leaderships over the eligible replicas of every bucket the plan may change. */
function leaderStep(state: PlanState): boolean {
  const choices = state.drafts.map((d) => ({ leader: d.leader, candidates: d.replicas.filter((id) => isEligible(state, id)) }));
  let moved = false;
  balanceLeaders(choices, state.leaders).forEach((to, index) => {
    const draft = state.drafts[index]!;
    if (to === draft.leader) return;
    lead(state, draft, to);
    moved = true;
  });
  return moved;
}

/** The bucket's new list: kept replicas in their places, new ones in the places they took, the leader first. */
function movesOf(draft: Draft): PlannedMove[] {
  // A replica may leave and come back into another slot (A→X, then B→A): pair by what changed, not by slot.
  const added = draft.replicas.filter((id) => !draft.original.includes(id));
  const listed = draft.original.map((id) => (draft.replicas.includes(id) ? id : added.shift()!));
  const replicas = [draft.leader, ...listed.filter((id) => id !== draft.leader)];
  if (replicas.every((id, i) => id === draft.original[i])) return [];
  return [{ key: draft.key, replicas, leader: draft.leader }];
}
