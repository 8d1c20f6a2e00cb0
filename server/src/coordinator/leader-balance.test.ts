import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceLeaders, type LeaderChoice } from './leader-balance.ts';

/** Leaderships per server: the movable ones as chosen plus the fixed ones. */
function counts(leaders: readonly number[], fixed: ReadonlyMap<number, number>): number[] {
  const count = new Map(fixed);
  for (const leader of leaders) count.set(leader, count.get(leader)! + 1);
  return [...count.values()];
}

/** Every way to pick one candidate per choice. */
function* everyChoice(choices: readonly LeaderChoice[]): Generator<number[]> {
  if (choices.length === 0) return yield [];
  for (const rest of everyChoice(choices.slice(1))) for (const leader of choices[0]!.candidates) yield [leader, ...rest];
}

const sumOfSquares = (values: number[]): number => values.reduce((sum, v) => sum + v * v, 0);

describe('balanceLeaders', () => {
  it('follows a chain when no single move helps: A leads two buckets only B also holds, B one that C holds, C none', () => {
    const choices = [
      { leader: 0, candidates: [0, 1] },
      { leader: 0, candidates: [0, 1] },
      { leader: 1, candidates: [1, 2] },
    ];
    const leaders = balanceLeaders(
      choices,
      new Map([
        [0, 2],
        [1, 1],
        [2, 0],
      ]),
    );
    expect(leaders).toEqual([1, 0, 2]);
  });

  it('counts the leaderships that cannot move, and never picks a server it does not count', () => {
    const load = new Map([
      [0, 3],
      [1, 0],
    ]);
    // Server 0 leads this bucket and two others that stay; server 5 is not counted (e.g. tagged).
    expect(balanceLeaders([{ leader: 0, candidates: [5, 0, 1] }], load)).toEqual([1]);
    expect(balanceLeaders([{ leader: 0, candidates: [0, 5] }], load)).toEqual([0]);
  });

  it('for any buckets: each leader among its candidates, the lowest highest count and sum of squares any choice reaches, same input same leaders', () => {
    const servers = [0, 1, 2, 3];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(servers, { minLength: 1, maxLength: 3 }), { maxLength: 7 }),
        fc.array(fc.nat(3), { minLength: servers.length, maxLength: servers.length }),
        fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
        (candidateSets, fixedCounts, picks) => {
          const fixed = new Map(servers.map((id) => [id, fixedCounts[id]!]));
          const choices = candidateSets.map((candidates, i) => ({ leader: candidates[picks[i]! % candidates.length]!, candidates }));
          const leaders = balanceLeaders(choices, withLeaders(choices, fixed));
          leaders.forEach((leader, i) => expect(choices[i]!.candidates).toContain(leader));
          const got = counts(leaders, fixed);
          let bestMax = Number.POSITIVE_INFINITY;
          let bestSquares = Number.POSITIVE_INFINITY;
          for (const option of everyChoice(choices)) {
            const c = counts(option, fixed);
            bestMax = Math.min(bestMax, Math.max(...c));
            bestSquares = Math.min(bestSquares, sumOfSquares(c));
          }
          expect(Math.max(...got)).toBe(bestMax);
          expect(sumOfSquares(got)).toBe(bestSquares);
          expect(balanceLeaders(choices, withLeaders(choices, fixed))).toEqual(leaders);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The load balanceLeaders expects: fixed leaderships plus the choices' current leaders. */
function withLeaders(choices: readonly LeaderChoice[], fixed: ReadonlyMap<number, number>): Map<number, number> {
  const load = new Map(fixed);
  for (const { leader } of choices) load.set(leader, load.get(leader)! + 1);
  return load;
}
