/** A bucket whose preferred leader may be any of `candidates` (its replicas that may lead); `leader` is one of them. */
export interface LeaderChoice {
  leader: number;
  candidates: readonly number[];
}

/**
 * Evens preferred leaderships over servers (pure). `load` holds, for every server counted, the
 * preferred leaderships it has now: those of `choices` plus any that cannot move (other buckets).
 * A choice's leader moves only to one of its candidates that `load` counts. Returns the new leader
 * of each choice, by index.
 *
 * Moving one leadership at a time from a server to one with two fewer gets stuck: A may lead two
 * buckets that only B also holds, B one that C also holds, and C none. So it follows cost-reducing
 * paths instead: a chain of leadership moves A→B→…→Z where A leads two or more buckets more than Z;
 * the servers in between keep their count. When no such path is left the assignment is optimal
 * (Harvey, Ladner, Lovász, Tamir, "Semi-matchings for bipartite graphs and load balancing", 2003):
 * it has the lowest highest count and the lowest sum of squared counts of any choice of leaders,
 * so the counts differ by at most one whenever any choice of leaders gets them there.
 * Shortest paths first, from the most loaded server (ties: lowest id), scanning choices by index
 * and candidates by id: the same input gives the same leaders.
 */
export function balanceLeaders(choices: readonly LeaderChoice[], load: ReadonlyMap<number, number>): number[] {
  const leaders = choices.map((c) => c.leader);
  const candidates = choices.map((c) => [...c.candidates].filter((id) => load.has(id)).sort((a, b) => a - b));
  const count = new Map(load);
  const led = new Map<number, Set<number>>([...count.keys()].map((id) => [id, new Set<number>()]));
  leaders.forEach((leader, index) => led.get(leader)?.add(index));
  for (let path = costReducingPath(count, led, candidates); path; path = costReducingPath(count, led, candidates)) {
    for (const { choice, from, to } of path) {
      leaders[choice] = to;
      led.get(from)!.delete(choice);
      led.get(to)!.add(choice);
    }
    const first = path[0]!;
    const last = path[path.length - 1]!;
    count.set(first.from, count.get(first.from)! - 1);
    count.set(last.to, count.get(last.to)! + 1);
  }
  return leaders;
}

interface Transfer {
  choice: number;
  from: number;
  to: number;
}

/** Breadth-first from each server in descending count, to the first server reached with two fewer. */
function costReducingPath(count: Map<number, number>, led: Map<number, Set<number>>, candidates: number[][]): Transfer[] | undefined {
  const servers = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a - b);
  const lowest = Math.min(...count.values());
  for (const source of servers) {
    const target = count.get(source)! - 2;
    if (target < lowest) return undefined;
    const via = new Map<number, Transfer>();
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const from = queue[head]!;
      for (const choice of [...led.get(from)!].sort((a, b) => a - b)) {
        for (const to of candidates[choice]!) {
          if (to === source || via.has(to)) continue;
          via.set(to, { choice, from, to });
          if (count.get(to)! <= target) return unwind(via, source, to);
          queue.push(to);
        }
      }
    }
  }
  return undefined;
}

function unwind(via: Map<number, Transfer>, source: number, end: number): Transfer[] {
  const path: Transfer[] = [];
  for (let at = end; at !== source; at = via.get(at)!.from) path.unshift(via.get(at)!);
  return path;
}
