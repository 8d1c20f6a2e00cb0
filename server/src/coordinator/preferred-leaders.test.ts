import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { planPreferredLeaders, preferredLeader } from './preferred-leaders.ts';
import type { ClusterView } from './leader-eligibility.ts';

function bucket(overrides: Partial<BucketAssignment>): BucketAssignment {
  return { tableId: 1, partitionId: -1, bucket: 0, leader: 1, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 5, bucketEpoch: 9, ...overrides };
}
const view = (live: number[], shuttingDown: number[] = []): ClusterView => ({ live: new Set(live), shuttingDown: new Set(shuttingDown) });

describe('planPreferredLeaders', () => {
  it('moves leadership back to the first replica when it is live, in sync and not shutting down, at a new leader epoch; the ISR stays', () => {
    expect(planPreferredLeaders([bucket({})], view([0, 1, 2]))).toEqual({ changed: [bucket({ leader: 0, leaderEpoch: 6, bucketEpoch: 10 })], waiting: 0 });
    expect(preferredLeader(bucket({ replicas: [2, 0, 1] }))).toBe(2);
  });

  it('waits while the preferred replica is down, out of the ISR or shutting down', () => {
    expect(planPreferredLeaders([bucket({})], view([1, 2]))).toEqual({ changed: [], waiting: 1 });
    expect(planPreferredLeaders([bucket({ isr: [1, 2] })], view([0, 1, 2]))).toEqual({ changed: [], waiting: 1 });
    expect(planPreferredLeaders([bucket({})], view([0, 1, 2], [0]))).toEqual({ changed: [], waiting: 1 });
  });

  it('leaves alone buckets already led by their preferred replica, without a leader, unplaced, or not included', () => {
    const buckets = [
      bucket({ leader: 0 }),
      bucket({ bucket: 1, leader: -1 }),
      bucket({ bucket: 2, leader: -1, replicas: [], isr: [] }),
      bucket({ bucket: 3, tableId: 2 }),
    ];
    expect(planPreferredLeaders(buckets, view([0, 1, 2]), (b) => b.tableId === 1)).toEqual({ changed: [], waiting: 0 });
    expect(planPreferredLeaders(buckets, view([0, 1, 2])).changed.map((b) => [b.tableId, b.bucket])).toEqual([[2, 3]]);
  });

  it('for any bucket and cluster: a move goes only to a preferred replica that can lead, and applying the plan leaves nothing to move', () => {
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2], { minLength: 1 }),
        fc.subarray([0, 1, 2]),
        fc.subarray([0, 1, 2]),
        fc.constantFrom(-1, 0, 1, 2),
        (isr, live, stopping, leader) => {
          const state = bucket({ isr, leader });
          const cluster = view(live, stopping);
          const plan = planPreferredLeaders([state], cluster);
          for (const moved of plan.changed) {
            expect(moved.leader).toBe(0);
            expect(cluster.live.has(0) && state.isr.includes(0) && !cluster.shuttingDown.has(0)).toBe(true);
            expect(moved.isr).toEqual(state.isr);
            expect(moved.leaderEpoch).toBe(state.leaderEpoch + 1);
          }
          expect(plan.changed.length + plan.waiting).toBe(leader > 0 ? 1 : 0);
          expect(planPreferredLeaders(plan.changed, cluster).changed).toEqual([]);
        },
      ),
    );
  });
});
