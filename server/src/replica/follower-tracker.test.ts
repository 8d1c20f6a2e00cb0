import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FollowerTracker } from './follower-tracker.ts';

describe('FollowerTracker', () => {
  it('the high watermark is the smallest log end in the ISR and never goes back', () => {
    const tracker = new FollowerTracker([1, 2], 0, 0);
    tracker.onFetch(1, 5, 10, 1);
    tracker.onFetch(2, 8, 10, 1);
    expect(tracker.advanceHighWatermark([0, 1, 2], 0, 10)).toBe(true);
    expect(tracker.highWatermark).toBe(5);
    // Server 1 leaves the ISR: the high watermark moves up to what the rest has.
    expect(tracker.advanceHighWatermark([0, 2], 0, 10)).toBe(true);
    expect(tracker.highWatermark).toBe(8);
    // Server 1 back in the ISR far behind: it does not go back.
    expect(tracker.advanceHighWatermark([0, 1, 2], 0, 10)).toBe(false);
    expect(tracker.highWatermark).toBe(8);
  });

  it('a follower that has not caught up for the lag limit is lagging; one that reaches the log end is not', () => {
    const tracker = new FollowerTracker([1, 2], 0, 1_000);
    tracker.onFetch(1, 10, 10, 1_500);
    tracker.onFetch(2, 3, 10, 1_500);
    expect(tracker.laggingInIsr([0, 1, 2], 0, 11_000, 10_000)).toEqual([]);
    expect(tracker.laggingInIsr([0, 1, 2], 0, 11_001, 10_000)).toEqual([2]);
    // Reaching the log end as it was at the previous fetch counts, even while the leader grew.
    tracker.onFetch(2, 10, 14, 11_100);
    expect(tracker.laggingInIsr([0, 1, 2], 0, 11_200, 10_000)).toEqual([]);
  });

  it('a follower outside the ISR may join once it has the high watermark and the start of the leader epoch', () => {
    const tracker = new FollowerTracker([1, 2], 20, 0);
    tracker.onFetch(2, 19, 25, 1);
    expect(tracker.readyToJoin([0, 1], 15)).toEqual([]);
    tracker.onFetch(2, 21, 25, 2);
    expect(tracker.readyToJoin([0, 1], 15)).toEqual([2]);
    expect(tracker.readyToJoin([0, 1], 22)).toEqual([]);
  });

  it('for any fetches: the high watermark never exceeds what every ISR member has, and never decreases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(1, 2), fc.nat(100), fc.boolean()), { maxLength: 60 }), (fetches) => {
        const tracker = new FollowerTracker([1, 2], 0, 0);
        let leaderEnd = 0;
        let previous = 0;
        const isr = [0, 1, 2];
        const ends = new Map<number, number>();
        fetches.forEach(([follower, grow, fetchAll], t) => {
          leaderEnd += grow % 7;
          const offset = fetchAll ? leaderEnd : Math.min(leaderEnd, Math.max(ends.get(follower) ?? 0, leaderEnd - grow));
          ends.set(follower, offset);
          tracker.onFetch(follower, offset, leaderEnd, t);
          tracker.advanceHighWatermark(isr, 0, leaderEnd);
          expect(tracker.highWatermark).toBeGreaterThanOrEqual(previous);
          // Followers' ends only grow here, so the smallest of them bounds the high watermark.
          expect(tracker.highWatermark).toBeLessThanOrEqual(Math.min(leaderEnd, ends.get(1) ?? 0, ends.get(2) ?? 0));
          previous = tracker.highWatermark;
        });
      }),
    );
  });
});

describe('FollowerTracker when a rebalance adds a follower again', () => {
  it('forgets what it knew of the follower, and ignores fetches of its replica from before it was added', () => {
    const tracker = new FollowerTracker([1, 2], 0, 0);
    tracker.onFetch(2, 114, 114, 10, 3);
    expect(tracker.readyToJoin([0, 1], 0)).toEqual([2]);
    // Server 2 was moved away and back: its replica is a new, empty one (added at bucket epoch 7).
    tracker.setFollowers([1, 2], 20, { ids: [2], bucketEpoch: 7 });
    expect(tracker.logEndOf(2)).toBe(-1);
    expect(tracker.readyToJoin([0, 1], 0)).toEqual([]);
    // A late fetch of the old replica (bucket epoch 3) does not count; the new replica's does.
    tracker.onFetch(2, 114, 114, 30, 3);
    expect(tracker.readyToJoin([0, 1], 0)).toEqual([]);
    tracker.onFetch(2, 0, 114, 40, 7);
    expect(tracker.logEndOf(2)).toBe(0);
  });
});
