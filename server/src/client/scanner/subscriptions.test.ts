import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions.ts';
import { partitionBucketKey } from '../../table/table-bucket.ts';

const ref = (partitionId: number, bucket: number) => ({ partition: partitionId < 0 ? undefined : `p${partitionId}`, partitionId, bucket });

describe('Subscriptions', () => {
  it('advances a position only for a result fetched at the current position', () => {
    const subs = new Subscriptions();
    subs.assign(ref(-1, 0), 10);
    const { epoch } = subs.get(-1, 0)!;
    expect(subs.advance(partitionBucketKey({ partitionId: -1, bucket: 0 }), epoch, 10, 25)).toBe(true);
    expect(subs.get(-1, 0)!.offset).toBe(25);
    // The same result again (e.g. from a second fetch that raced) is stale now.
    expect(subs.advance(partitionBucketKey({ partitionId: -1, bucket: 0 }), epoch, 10, 25)).toBe(false);
    expect(subs.get(-1, 0)!.offset).toBe(25);
  });

  it('ignores results of a fetch made before a re-subscribe', () => {
    const subs = new Subscriptions();
    subs.assign(ref(-1, 0), 10);
    const before = subs.get(-1, 0)!.epoch;
    subs.assign(ref(-1, 0), 10); // same offset, new subscription
    expect(subs.advance(partitionBucketKey({ partitionId: -1, bucket: 0 }), before, 10, 20)).toBe(false);
    expect(subs.get(-1, 0)!.offset).toBe(10);
  });

  it('never moves a position backwards', () => {
    const subs = new Subscriptions();
    subs.assign(ref(-1, 1), 30);
    const { epoch } = subs.get(-1, 1)!;
    expect(subs.advance(partitionBucketKey({ partitionId: -1, bucket: 1 }), epoch, 30, 30)).toBe(true);
    expect(subs.get(-1, 1)!.offset).toBe(30);
  });

  it('drops the buckets of a removed partition only', () => {
    const subs = new Subscriptions();
    subs.assign(ref(1, 0), 0);
    subs.assign(ref(1, 1), 0);
    subs.assign(ref(2, 0), 5);
    expect(subs.partitionIds()).toEqual(new Set([1, 2]));
    subs.removePartition(1);
    expect(subs.all().map((s) => [s.partition, s.bucket, s.offset])).toEqual([['p2', 0, 5]]);
  });
});
