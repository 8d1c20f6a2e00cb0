import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { planControlledShutdown } from './controlled-shutdown.ts';
import type { ClusterView } from './leader-eligibility.ts';

function bucket(overrides: Partial<BucketAssignment>): BucketAssignment {
  return { tableId: 1, partitionId: -1, bucket: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 5, bucketEpoch: 9, ...overrides };
}
const stopping = (server: number, live = [0, 1, 2], others: number[] = []): ClusterView => ({
  live: new Set(live),
  shuttingDown: new Set([server, ...others]),
});
const minIsr = (n: number) => () => n;

describe('planControlledShutdown', () => {
  it('moves a leadership to the first other in-sync replica, at a new leader epoch, and drops the server from the ISR when min ISR allows', () => {
    const plan = planControlledShutdown([bucket({})], 0, stopping(0), minIsr(2));
    expect(plan).toEqual({ changed: [bucket({ leader: 1, isr: [1, 2], leaderEpoch: 6, bucketEpoch: 10 })], moved: 1, remaining: 0, stranded: 0 });
  });

  it('keeps the server in the ISR when leaving would take it below min ISR (writes then still wait for it)', () => {
    const plan = planControlledShutdown([bucket({ isr: [0, 2] })], 0, stopping(0), minIsr(2));
    expect(plan.changed).toEqual([bucket({ leader: 2, isr: [0, 2], leaderEpoch: 6, bucketEpoch: 10 })]);
  });

  it('as a follower it only leaves the ISR, where min ISR allows; otherwise the bucket is left alone', () => {
    expect(planControlledShutdown([bucket({})], 2, stopping(2), minIsr(2)).changed).toEqual([bucket({ isr: [0, 1], bucketEpoch: 10 })]);
    expect(planControlledShutdown([bucket({ isr: [0, 2] })], 2, stopping(2), minIsr(2))).toEqual({ changed: [], moved: 0, remaining: 0, stranded: 0 });
    expect(planControlledShutdown([bucket({ isr: [0] })], 2, stopping(2), minIsr(1)).changed).toEqual([]);
  });

  it('the only in-sync replica keeps leading: counted as remaining, stranded only when no other replica is live and not shutting down', () => {
    const sole = bucket({ isr: [0] });
    expect(planControlledShutdown([sole], 0, stopping(0), minIsr(1))).toEqual({ changed: [], moved: 0, remaining: 1, stranded: 0 });
    expect(planControlledShutdown([sole], 0, stopping(0, [0]), minIsr(1))).toMatchObject({ remaining: 1, stranded: 1 });
    expect(planControlledShutdown([sole], 0, stopping(0, [0, 1, 2], [1, 2]), minIsr(1))).toMatchObject({ remaining: 1, stranded: 1 });
  });

  it('never hands leadership to a dead or shutting-down server', () => {
    expect(planControlledShutdown([bucket({})], 0, stopping(0, [0, 1, 2], [1]), minIsr(1)).changed[0]).toMatchObject({ leader: 2 });
    expect(planControlledShutdown([bucket({})], 0, stopping(0, [0, 2]), minIsr(1)).changed[0]).toMatchObject({ leader: 2 });
    expect(planControlledShutdown([bucket({})], 0, stopping(0, [0], [1, 2]), minIsr(1))).toMatchObject({ changed: [], remaining: 1, stranded: 1 });
  });

  it('leaves single-replica buckets and buckets it holds no replica of alone, and asking again changes nothing', () => {
    const buckets = [bucket({ replicas: [0], isr: [0] }), bucket({ bucket: 1, replicas: [3, 4], isr: [3, 4], leader: 3 }), bucket({ bucket: 2 })];
    const first = planControlledShutdown(buckets, 0, stopping(0, [0, 1, 2, 3, 4]), minIsr(1));
    expect(first.changed.map((b) => b.bucket)).toEqual([2]);
    const after = buckets.map((b) => first.changed.find((c) => c.bucket === b.bucket) ?? b);
    expect(planControlledShutdown(after, 0, stopping(0, [0, 1, 2, 3, 4]), minIsr(1))).toEqual({ changed: [], moved: 0, remaining: 0, stranded: 0 });
  });

  it('for any bucket and cluster: a new leader can lead, the server leads only what cannot move, the ISR keeps min ISR and the epochs grow', () => {
    const ids = [0, 1, 2];
    fc.assert(
      fc.property(
        fc.subarray(ids, { minLength: 1 }),
        fc.subarray(ids),
        fc.subarray(ids),
        fc.constantFrom(...ids),
        fc.integer({ min: 1, max: 3 }),
        (isr, live, others, server, min) => {
          const state = bucket({ isr, leader: isr[0]! });
          const cluster = stopping(server, live, others);
          const plan = planControlledShutdown([state], server, cluster, minIsr(min));
          const next = plan.changed[0] ?? state;
          if (next.leader !== state.leader) {
            expect(cluster.live.has(next.leader) && state.isr.includes(next.leader) && !cluster.shuttingDown.has(next.leader)).toBe(true);
            expect(next.leaderEpoch).toBe(state.leaderEpoch + 1);
          }
          if (plan.changed.length > 0) expect(next.bucketEpoch).toBe(state.bucketEpoch + 1);
          expect(plan.remaining).toBe(next.leader === server ? 1 : 0);
          expect(next.isr).toContain(next.leader);
          if (next.isr.length < state.isr.length) expect(next.isr.length).toBeGreaterThanOrEqual(min);
        },
      ),
    );
  });
});
