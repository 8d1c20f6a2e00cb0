import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { liveOnly } from './leader-eligibility.ts';
import { electLeaders } from './leader-election.ts';
import { dropLostReplicas } from './lost-replicas.ts';

function bucket(overrides: Partial<BucketAssignment>): BucketAssignment {
  return { tableId: 1, partitionId: -1, bucket: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 5, bucketEpoch: 9, ...overrides };
}

describe('dropLostReplicas', () => {
  it('a leader that lost its data hands leadership to the next live ISR member and leaves the ISR', () => {
    expect(dropLostReplicas([bucket({})], 0, liveOnly(new Set([1, 2])))).toEqual([bucket({ leader: 1, isr: [1, 2], leaderEpoch: 6, bucketEpoch: 10 })]);
  });

  it('a follower that lost its data leaves the ISR; the leader stays', () => {
    expect(dropLostReplicas([bucket({})], 2, liveOnly(new Set([0, 1])))).toEqual([bucket({ isr: [0, 1], bucketEpoch: 10 })]);
  });

  it('with no other live ISR member the bucket has no leader, and the lost server is not elected when it counts as live', () => {
    const [offline] = dropLostReplicas([bucket({ isr: [0, 1] })], 0, liveOnly(new Set([2])));
    expect(offline).toEqual(bucket({ leader: -1, isr: [1], bucketEpoch: 10 }));
    expect(electLeaders([offline!], liveOnly(new Set([0, 2])))).toEqual([]);
    // Server 1, which has the data, returns: it leads.
    expect(electLeaders([offline!], liveOnly(new Set([0, 1, 2])))[0]).toMatchObject({ leader: 1, leaderEpoch: 6 });
  });

  it('the only in-sync replica lost its data: no leader and an empty ISR, never elected again on its empty log', () => {
    const [lost] = dropLostReplicas([bucket({ isr: [0] })], 0, liveOnly(new Set([0, 1, 2])));
    expect(lost).toEqual(bucket({ leader: -1, isr: [], bucketEpoch: 10 }));
    expect(electLeaders([lost!], liveOnly(new Set([0, 1, 2])))).toEqual([]);
  });

  it("a bucket's only replica keeps leading, at a new epoch, when the bucket has a remote log to restore from", () => {
    const single = bucket({ replicas: [0], isr: [0] });
    expect(dropLostReplicas([single], 0, liveOnly(new Set([0])), () => true)).toEqual([bucket({ replicas: [0], isr: [0], leaderEpoch: 6, bucketEpoch: 10 })]);
    // Without a remote log, or with other replicas that may hold the data, it does not.
    expect(dropLostReplicas([single], 0, liveOnly(new Set([0])), () => false)).toEqual([bucket({ replicas: [0], leader: -1, isr: [], bucketEpoch: 10 })]);
    expect(dropLostReplicas([bucket({ isr: [0] })], 0, liveOnly(new Set([0, 1, 2])), () => true)).toEqual([bucket({ leader: -1, isr: [], bucketEpoch: 10 })]);
  });

  it('leaves buckets the server is not in sync for alone', () => {
    expect(
      dropLostReplicas([bucket({ isr: [1, 2], leader: 1 }), bucket({ replicas: [3, 4], isr: [3, 4], leader: 3 })], 0, liveOnly(new Set([1, 2, 3, 4]))),
    ).toEqual([]);
  });

  it('for any bucket: the lost server ends outside the ISR and leadership, epochs grow, and a new leader was in the ISR', () => {
    fc.assert(
      fc.property(fc.subarray([0, 1, 2], { minLength: 1 }), fc.subarray([0, 1, 2, 3]), fc.constantFrom(0, 1, 2), (isr, liveIds, lost) => {
        const state = bucket({ isr, leader: isr[0]! });
        const [next] = dropLostReplicas([state], lost, liveOnly(new Set(liveIds)));
        if (next === undefined) {
          expect(state.isr).not.toContain(lost);
          return;
        }
        expect(next.isr).not.toContain(lost);
        expect(next.leader).not.toBe(lost);
        expect(next.bucketEpoch).toBe(state.bucketEpoch + 1);
        if (next.leader !== state.leader && next.leader !== -1) {
          expect(state.isr).toContain(next.leader);
          expect(next.leaderEpoch).toBe(state.leaderEpoch + 1);
        }
      }),
    );
  });
});
