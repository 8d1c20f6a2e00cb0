import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableBucketKey, type BucketAssignment, type TableBucket } from '../../table/table-bucket.ts';
import type { ClusterView } from '../leader-eligibility.ts';
import type { MoveRecord } from './move-steps.ts';
import { advanceRebalance, cancelRebalance, replicationThrottle, type RebalanceRecord } from './rebalance-record.ts';

const view = (live: number[]): ClusterView => ({ live: new Set(live), shuttingDown: new Set() });

function bucket(n: number, replicas: number[], leader = replicas[0]!): BucketAssignment {
  return { tableId: 1, partitionId: -1, bucket: n, leader, replicas, isr: [...replicas], leaderEpoch: 1, bucketEpoch: 1 };
}

function move(b: BucketAssignment, newReplicas: number[]): MoveRecord {
  return { ...b, originalReplicas: [...b.replicas], originalLeader: b.leader, newReplicas, newLeader: newReplicas[0]!, status: 'PENDING' };
}

function record(moves: MoveRecord[], maxConcurrentMoves = 10): RebalanceRecord {
  return { id: 'r1', state: 'IN_PROGRESS', goals: [], maxConcurrentMoves, throttleBytesPerSec: 0, moves, unmovable: [], startedAtMs: 0, finishedAtMs: 0 };
}

/** A tiny cluster: the buckets as the coordinator has them, and followers that catch up when told to. */
class Buckets {
  readonly map = new Map<string, BucketAssignment>();
  constructor(buckets: BucketAssignment[]) {
    for (const b of buckets) this.map.set(tableBucketKey(b), b);
  }
  readonly of = (tb: TableBucket) => this.map.get(tableBucketKey(tb));
  apply(changed: BucketAssignment[]): void {
    for (const b of changed) this.map.set(tableBucketKey(b), b);
  }
  /** Every adding replica catches up and joins the ISR (what the leader's ISR expansion does). */
  catchUp(): void {
    for (const [key, b] of this.map) {
      const adding = b.addingReplicas ?? [];
      if (adding.some((id) => !b.isr.includes(id)))
        this.map.set(key, { ...b, isr: [...b.isr, ...adding.filter((id) => !b.isr.includes(id))], bucketEpoch: b.bucketEpoch + 1 });
    }
  }
}

describe('advanceRebalance', () => {
  it('moves a bucket 0,1,2 → 3,1,2: adds 3, waits for it in the ISR, moves leadership to it, then removes 0 and says so', () => {
    const buckets = new Buckets([bucket(0, [0, 1, 2])]);
    const cluster = view([0, 1, 2, 3]);
    let rec = record([move(buckets.of({ tableId: 1, partitionId: -1, bucket: 0 })!, [3, 1, 2])]);
    const round = (now = 1) => {
      const r = advanceRebalance(rec, buckets.of, cluster, now);
      buckets.apply(r.changed);
      rec = r.record;
      return r;
    };
    let r = round();
    expect(rec.moves[0]!.status).toBe('ADDING_REPLICAS');
    expect(buckets.map.get('1/-1/0')).toMatchObject({ replicas: [3, 1, 2, 0], addingReplicas: [3], removingReplicas: [0], isr: [0, 1, 2], leader: 0 });
    r = round();
    expect(r.changed).toEqual([]);
    expect(rec.moves[0]!.status).toBe('ADDING_REPLICAS');
    buckets.catchUp();
    round();
    expect(rec.moves[0]!.status).toBe('MOVING_LEADER');
    round();
    expect(buckets.map.get('1/-1/0')).toMatchObject({ leader: 3, leaderEpoch: 2 });
    expect(rec.moves[0]!.status).toBe('REMOVING_REPLICAS');
    r = round(42);
    expect(buckets.map.get('1/-1/0')).toMatchObject({ replicas: [3, 1, 2], isr: [0, 1, 2, 3].filter((id) => id !== 0).sort() });
    expect(buckets.map.get('1/-1/0')!.addingReplicas).toBeUndefined();
    expect(r.removed).toEqual([{ bucket: { tableId: 1, partitionId: -1, bucket: 0 }, serverId: 0 }]);
    expect(rec).toMatchObject({ state: 'COMPLETED', finishedAtMs: 42 });
  });

  it('runs at most maxConcurrentMoves at once, in plan order', () => {
    const all = [0, 1, 2, 3].map((n) => bucket(n, [0]));
    const buckets = new Buckets(all);
    const r = advanceRebalance(
      record(
        all.map((b) => move(b, [1])),
        2,
      ),
      buckets.of,
      view([0, 1]),
      0,
    );
    expect(r.record.moves.map((m) => m.status)).toEqual(['ADDING_REPLICAS', 'ADDING_REPLICAS', 'PENDING', 'PENDING']);
  });

  it('keeps a move whose target is not live waiting, without a slot; fails one whose bucket was dropped', () => {
    const b = bucket(0, [0]);
    const c = bucket(2, [0]);
    const moves = [move(b, [5]), move(bucket(1, [0]), [1]), move(c, [1])];
    const r = advanceRebalance(record(moves, 1), new Buckets([b, c]).of, view([0, 1]), 7);
    expect(r.record.moves.map((m) => [m.status, m.error])).toEqual([
      ['PENDING', undefined],
      ['FAILED', 'the bucket no longer exists (its table or partition was dropped)'],
      ['ADDING_REPLICAS', undefined],
    ]);
    expect(r.record.state).toBe('IN_PROGRESS');
    const failed = advanceRebalance(record([move(bucket(1, [0]), [1])]), new Buckets([]).of, view([0, 1]), 7);
    expect(failed.record).toMatchObject({ state: 'FAILED', finishedAtMs: 7 });
  });

  it('waits in MOVING_LEADER while no new replica can lead (none live and in the ISR)', () => {
    const b = { ...bucket(0, [3, 0]), leader: 0, addingReplicas: [3], removingReplicas: [0] };
    const m = { ...move(bucket(0, [0]), [3]), status: 'MOVING_LEADER' as const };
    const r = advanceRebalance(record([m]), new Buckets([b]).of, view([0]), 0);
    expect(r.record.moves[0]!.status).toBe('MOVING_LEADER');
    expect(r.changed).toEqual([]);
  });

  it('for any moves and any catch-up schedule: a bucket never has two replicas on a server, never fewer in-sync replicas than it started with, and ends on its target', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 2, maxLength: 2 }), fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 2, maxLength: 2 })),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        (pairs, catchUps, concurrency) => {
          const start = pairs.map(([from], n) => bucket(n, from));
          const buckets = new Buckets(start);
          let rec = record(
            pairs.map(([, to], n) => move(start[n]!, to)),
            concurrency,
          );
          for (const catchUp of catchUps) {
            if (catchUp) buckets.catchUp();
            const r = advanceRebalance(rec, buckets.of, view([0, 1, 2, 3, 4]), 0);
            buckets.apply(r.changed);
            rec = r.record;
            for (const b of buckets.map.values()) {
              expect(new Set(b.replicas).size).toBe(b.replicas.length);
              expect(b.isr.length).toBeGreaterThanOrEqual(2);
              expect(b.replicas).toContain(b.leader);
              expect(b.isr).toContain(b.leader);
            }
          }
          for (let i = 0; i < 4 * pairs.length + 4; i++) {
            buckets.catchUp();
            const r = advanceRebalance(rec, buckets.of, view([0, 1, 2, 3, 4]), 0);
            buckets.apply(r.changed);
            rec = r.record;
          }
          expect(rec.state).toBe('COMPLETED');
          pairs.forEach(([, to], n) => {
            const b = buckets.map.get(`1/-1/${n}`)!;
            expect(b.replicas).toEqual(to);
            expect(b.leader).toBe(to[0]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('cancelRebalance', () => {
  it('drops pending moves, rolls back moves still adding (their partial copies removed), lets later ones finish', () => {
    const b0 = bucket(0, [0]);
    const b1 = { ...bucket(1, [1, 0], 0), addingReplicas: [1], removingReplicas: [0], isr: [0] };
    const b2 = { ...bucket(2, [2, 0]), leader: 2, addingReplicas: [2], removingReplicas: [0] };
    const buckets = new Buckets([b0, b1, b2]);
    const moves = [
      move(b0, [1]),
      { ...move(bucket(1, [0]), [1]), status: 'ADDING_REPLICAS' as const },
      { ...move(bucket(2, [0]), [2]), status: 'REMOVING_REPLICAS' as const },
    ];
    const r = cancelRebalance(record(moves), buckets.of, 5);
    expect(r.record.moves.map((m) => m.status)).toEqual(['CANCELED', 'CANCELED', 'REMOVING_REPLICAS']);
    expect(r.record.state).toBe('CANCELING');
    expect(r.changed).toEqual([{ ...bucket(1, [0]), isr: [0], bucketEpoch: 2 }]);
    expect(r.removed).toEqual([{ bucket: { tableId: 1, partitionId: -1, bucket: 1 }, serverId: 1 }]);
    buckets.apply(r.changed);
    const after = advanceRebalance(r.record, buckets.of, view([0, 1, 2]), 9);
    expect(after.record).toMatchObject({ state: 'CANCELED', finishedAtMs: 9 });
    expect(after.record.moves[2]!.status).toBe('COMPLETED');
  });
});

describe('replicationThrottle', () => {
  it("is the rebalance's while it runs (also while canceling), and 0 before, after and without one", () => {
    const throttled = { ...record([]), throttleBytesPerSec: 2_000_000 };
    expect(replicationThrottle(throttled)).toBe(2_000_000);
    expect(replicationThrottle({ ...throttled, state: 'CANCELING' })).toBe(2_000_000);
    for (const state of ['COMPLETED', 'CANCELED', 'FAILED'] as const) expect(replicationThrottle({ ...throttled, state })).toBe(0);
    expect(replicationThrottle(undefined)).toBe(0);
  });
});
