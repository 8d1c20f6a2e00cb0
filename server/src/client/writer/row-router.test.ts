import { describe, expect, it } from 'vitest';
import { RowError } from '../../arrow/index.ts';
import { bucketForKey } from '../../table/bucketing.ts';
import { RowRouter } from './row-router.ts';

describe('RowRouter', () => {
  it('routes by the bucket key hash, the same key always to the same bucket', () => {
    const router = new RowRouter({ bucketKey: ['id'], buckets: 8, partitionKeys: [] }, () => 0);
    for (let id = 0; id < 50; id++) {
      const target = router.route({ id, name: `n${id}` });
      expect(target).toEqual({ partition: undefined, bucket: bucketForKey([id], 8) });
      router.onBatchSealed(target); // has no effect with a bucket key
      expect(router.route({ id }).bucket).toBe(target.bucket);
    }
  });

  it('sticks to one bucket per partition until its batch is sealed, then moves on', () => {
    const router = new RowRouter({ bucketKey: [], buckets: 3, partitionKeys: [] }, () => 2);
    expect(router.route({}).bucket).toBe(2);
    expect(router.route({}).bucket).toBe(2);
    router.onBatchSealed({ partition: undefined, bucket: 1 }); // not the current bucket: ignored
    expect(router.route({}).bucket).toBe(2);
    router.onBatchSealed({ partition: undefined, bucket: 2 });
    expect(router.route({}).bucket).toBe(0);
  });

  it('names the partition from the partition-key values in key order', () => {
    const router = new RowRouter({ bucketKey: ['id'], buckets: 4, partitionKeys: ['region', 'day'] }, () => 0);
    expect(router.route({ id: 1, day: '20261126', region: 'eu' }).partition).toBe('eu$20261126');
  });

  it('refuses rows without a usable partition value with a RowError naming the column', () => {
    const router = new RowRouter({ bucketKey: [], buckets: 4, partitionKeys: ['day'] }, () => 0);
    expect(() => router.route({ id: 1 })).toThrow(expect.objectContaining({ name: 'RowError', column: 'day' }));
    expect(() => router.route({ day: 20261126 })).toThrow(/needs a string value: got a number/);
    expect(() => router.route({ day: 'a/b' })).toThrow(RowError);
  });
});
