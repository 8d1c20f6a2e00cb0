import { describe, expect, it } from 'vitest';
import { testTableInfo } from '../table/test-support.ts';
import { judgeKvSnapshotCommit, type KvSnapshotRecord } from './kv-snapshot-commits.ts';

const keyed = testTableInfo({ incarnation: 'inc-1', primaryKey: ['id'] });
const bucket = { tableId: 1, partitionId: -1, bucket: 0, leader: 2, replicas: [2, 3], isr: [2, 3], leaderEpoch: 5, bucketEpoch: 9 };
const record = (overrides: Partial<KvSnapshotRecord> = {}): KvSnapshotRecord => ({
  logOffset: 100,
  key: 'log/1/inc-1/b0/kv-snapshots/a.kvs',
  sizeBytes: 4096,
  sha256: 'c2hh',
  leaderEpoch: 5,
  tableIncarnation: 'inc-1',
  ...overrides,
});
const from = (serverId: number, leaderEpoch: number, value: KvSnapshotRecord) => ({ serverId, leaderEpoch, record: value });

describe('KV snapshot records', () => {
  it('records a snapshot of the current leader, and newer ones after it', () => {
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(2, 5, record()))).toEqual({ kind: 'applied', record: record() });
    expect(judgeKvSnapshotCommit(bucket, keyed, record(), from(2, 5, record({ logOffset: 200, key: 'b' }))).kind).toBe('applied');
  });

  it('refuses a deposed leader, another incarnation, a log table, an older offset and a record without key or checksum', () => {
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(3, 5, record()))).toMatchObject({ kind: 'refused', code: 'FENCED_LEADER_EPOCH' });
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(2, 4, record()))).toMatchObject({ kind: 'refused', code: 'FENCED_LEADER_EPOCH' });
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(2, 5, record({ tableIncarnation: 'inc-0' })))).toMatchObject({
      kind: 'refused',
      code: 'UNKNOWN_TABLE_OR_BUCKET',
    });
    expect(judgeKvSnapshotCommit(bucket, testTableInfo({ incarnation: 'inc-1' }), undefined, from(2, 5, record()))).toMatchObject({
      kind: 'refused',
      code: 'INVALID_ARGUMENT',
    });
    expect(judgeKvSnapshotCommit(bucket, keyed, record({ logOffset: 300 }), from(2, 5, record()))).toMatchObject({
      kind: 'refused',
      message: 'KV snapshot at offset 100 is older than the recorded one at 300',
    });
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(2, 5, record({ sha256: '' })))).toMatchObject({ kind: 'refused', code: 'INVALID_ARGUMENT' });
    expect(judgeKvSnapshotCommit(bucket, keyed, undefined, from(2, 5, record({ logOffset: -1 })))).toMatchObject({ kind: 'refused', code: 'INVALID_ARGUMENT' });
  });
});
