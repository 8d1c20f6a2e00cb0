import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { liveOnly } from './leader-eligibility.ts';
import { electLeaders, judgeIsrChange, newTermsAfterRestart } from './leader-election.ts';

function bucket(overrides: Partial<BucketAssignment>): BucketAssignment {
  return { tableId: 1, partitionId: -1, bucket: 0, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 5, bucketEpoch: 9, ...overrides };
}

describe('newTermsAfterRestart', () => {
  it('a restarted leader hands its buckets to the first other live ISR member, at a new leader epoch; the ISR stays', () => {
    const led = bucket({ isr: [0, 2, 1] });
    const followed = bucket({ bucket: 1, leader: 1 });
    expect(newTermsAfterRestart([led, followed], 0, liveOnly(new Set([0, 2])))).toEqual([
      bucket({ leader: 2, isr: [0, 2, 1], leaderEpoch: 6, bucketEpoch: 10 }),
    ]);
  });

  it('with no other live ISR member, the restarted server leads again, at a new leader epoch', () => {
    expect(newTermsAfterRestart([bucket({ isr: [0, 1] })], 0, liveOnly(new Set([0, 2])))).toEqual([bucket({ isr: [0, 1], leaderEpoch: 6, bucketEpoch: 10 })]);
  });
});

describe('electLeaders', () => {
  it('a follower whose session expired leaves the ISR; the leader stays', () => {
    expect(electLeaders([bucket({})], liveOnly(new Set([0, 2])))).toEqual([bucket({ isr: [0, 2], bucketEpoch: 10 })]);
  });

  it('when the leader is gone, the first live ISR member in replica order leads, with a new leader epoch', () => {
    expect(electLeaders([bucket({ isr: [0, 2, 1] })], liveOnly(new Set([1, 2])))).toEqual([
      bucket({ leader: 1, isr: [2, 1], leaderEpoch: 6, bucketEpoch: 10 }),
    ]);
  });

  it('never elects a replica outside the ISR: with no live ISR member the bucket has no leader and keeps its ISR', () => {
    const offline = electLeaders([bucket({ isr: [0] })], liveOnly(new Set([1, 2])));
    expect(offline).toEqual([bucket({ leader: -1, isr: [0], bucketEpoch: 10 })]);
    expect(electLeaders(offline, liveOnly(new Set([1, 2])))).toEqual([]);
    // The last in-sync replica comes back: it leads again.
    expect(electLeaders(offline, liveOnly(new Set([0, 1, 2])))).toEqual([bucket({ leader: 0, isr: [0], leaderEpoch: 6, bucketEpoch: 11 })]);
  });

  it('one replica: its server down means no leader until it is back', () => {
    const single = bucket({ replicas: [4], isr: [4], leader: 4 });
    const down = electLeaders([single], liveOnly(new Set()));
    expect(down).toEqual([{ ...single, leader: -1, bucketEpoch: 10 }]);
    expect(electLeaders(down, liveOnly(new Set([4])))).toEqual([{ ...single, leaderEpoch: 6, bucketEpoch: 11 }]);
  });

  it('leaves unplaced buckets and unchanged ones alone', () => {
    expect(electLeaders([bucket({ leader: -1, replicas: [], isr: [] }), bucket({})], liveOnly(new Set([0, 1, 2])))).toEqual([]);
  });

  it('for any history of sessions: the leader is a live ISR member or none, the ISR stays within the replicas, epochs only grow, and only ISR members ever lead', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray([0, 1, 2, 3, 4]), { maxLength: 30 }), (history) => {
        let state = bucket({ replicas: [0, 1, 2], isr: [0, 1, 2] });
        for (const liveIds of history) {
          const live = new Set(liveIds);
          const [next] = electLeaders([state], liveOnly(live));
          if (next === undefined) continue;
          expect(next.bucketEpoch).toBeGreaterThan(state.bucketEpoch);
          expect(next.leaderEpoch).toBeGreaterThanOrEqual(state.leaderEpoch);
          expect(next.isr.every((id) => next.replicas.includes(id))).toBe(true);
          if (next.leader !== -1) {
            expect(live.has(next.leader)).toBe(true);
            expect(next.isr).toContain(next.leader);
            // A new leader was in the ISR before.
            if (next.leader !== state.leader) expect(state.isr).toContain(next.leader);
          }
          // The ISR only shrinks here (followers rejoin through the leader, once replication runs).
          expect(next.isr.every((id) => state.isr.includes(id))).toBe(true);
          expect(next.isr.length).toBeGreaterThan(0);
          expect(electLeaders([next], liveOnly(live))).toEqual([]);
          state = next;
        }
      }),
    );
  });
});

describe('electLeaders: servers shutting down, and unclean elections', () => {
  const cluster = (live: number[], shuttingDown: number[] = []) => ({ live: new Set(live), shuttingDown: new Set(shuttingDown) });

  it('a failover skips servers shutting down; a leader shutting down stays until its controlled shutdown moves it', () => {
    expect(electLeaders([bucket({})], cluster([1, 2], [1]))).toEqual([bucket({ leader: 2, isr: [1, 2], leaderEpoch: 6, bucketEpoch: 10 })]);
    expect(electLeaders([bucket({})], cluster([0, 1, 2], [0]))).toEqual([]);
    // The only live in-sync replica is shutting down: no leader rather than one about to stop.
    expect(electLeaders([bucket({ isr: [0, 1] })], cluster([1, 2], [1]))).toEqual([bucket({ leader: -1, isr: [0, 1], bucketEpoch: 10 })]);
  });

  it('with the table allowing it, a live replica outside the ISR leads when no ISR member can, alone in the ISR, at a new epoch', () => {
    const offline = bucket({ leader: -1, isr: [0] });
    expect(electLeaders([offline], cluster([1, 2]))).toEqual([]);
    expect(electLeaders([offline], cluster([1, 2]), () => true)).toEqual([bucket({ leader: 1, isr: [1], leaderEpoch: 6, bucketEpoch: 10 })]);
    // From a live leader's loss too, and never onto a server shutting down.
    expect(electLeaders([bucket({ isr: [0] })], cluster([1, 2], [1]), () => true)).toEqual([bucket({ leader: 2, isr: [2], leaderEpoch: 6, bucketEpoch: 10 })]);
    // An in-sync replica is always preferred.
    expect(electLeaders([bucket({ isr: [0, 2] })], cluster([1, 2]), () => true)).toEqual([bucket({ leader: 2, isr: [2], leaderEpoch: 6, bucketEpoch: 10 })]);
    // Only tables that allow it.
    const other = { ...offline, tableId: 2 };
    expect(electLeaders([offline, other], cluster([1]), (b) => b.tableId === 2)).toEqual([{ ...other, leader: 1, isr: [1], leaderEpoch: 6, bucketEpoch: 10 }]);
  });

  it('for any history of sessions and shutdowns: a new leader is live and not shutting down, from the ISR unless the election is unclean', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.subarray([0, 1, 2, 3]), fc.subarray([0, 1, 2]), fc.boolean()), { maxLength: 30 }), (history) => {
        let state = bucket({ replicas: [0, 1, 2], isr: [0, 1, 2] });
        for (const [liveIds, stoppingIds, unclean] of history) {
          const view = cluster(liveIds, stoppingIds);
          const [next] = electLeaders([state], view, () => unclean);
          if (next === undefined) continue;
          if (next.leader !== -1 && next.leader !== state.leader) {
            expect(view.live.has(next.leader)).toBe(true);
            expect(view.shuttingDown.has(next.leader)).toBe(false);
            expect(next.leaderEpoch).toBe(state.leaderEpoch + 1);
            if (!unclean) expect(state.isr).toContain(next.leader);
            if (!state.isr.includes(next.leader)) expect(next.isr).toEqual([next.leader]);
          }
          if (next.leader !== -1) expect(next.isr).toContain(next.leader);
          state = next;
        }
      }),
    );
  });
});

describe('judgeIsrChange', () => {
  const current = bucket({ isr: [0, 1] });
  const live = new Set([0, 1, 2]);
  const cluster = liveOnly(live);

  it('applies a change from the current leader at the current epochs, in replica order, bumping the bucket epoch', () => {
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [2, 0, 1] }, cluster)).toEqual({
      kind: 'applied',
      bucket: bucket({ isr: [0, 1, 2], bucketEpoch: 10 }),
    });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [0] }, cluster)).toMatchObject({ kind: 'applied', bucket: { isr: [0] } });
  });

  it('refuses a deposed leader, a stale state, and an ISR without the leader, outside the replicas or with a dead server added', () => {
    expect(judgeIsrChange(current, { leader: 1, leaderEpoch: 5, bucketEpoch: 9, isr: [1] }, cluster)).toMatchObject({ kind: 'refused', reason: 'fenced' });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 4, bucketEpoch: 9, isr: [0] }, cluster)).toMatchObject({ kind: 'refused', reason: 'fenced' });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 8, isr: [0] }, cluster)).toMatchObject({ kind: 'refused', reason: 'stale' });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [1] }, cluster)).toMatchObject({
      kind: 'refused',
      reason: 'invalid',
      message: expect.stringContaining('leaves out the leader'),
    });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [0, 7] }, cluster)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('servers 7 hold no replica'),
    });
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [0, 1, 2] }, liveOnly(new Set([0, 1])))).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('servers 2 are not live'),
    });
    // A server shutting down joins no ISR: acks=all would wait for it once it has stopped.
    expect(judgeIsrChange(current, { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [0, 1, 2] }, { live, shuttingDown: new Set([2]) })).toMatchObject({
      kind: 'refused',
      reason: 'invalid',
      message: expect.stringContaining('servers 2 are shutting down'),
    });
    // It may stay in, or leave.
    expect(judgeIsrChange(bucket({}), { leader: 0, leaderEpoch: 5, bucketEpoch: 9, isr: [0, 2] }, { live, shuttingDown: new Set([2]) })).toMatchObject({
      kind: 'applied',
    });
  });
});
