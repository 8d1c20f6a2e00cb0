import { describe, expect, it } from 'vitest';
import { testTableInfo } from '../table/test-support.ts';
import { judgeRemoteLogCommit, type RemoteLogRecord } from './remote-log-commits.ts';

const table = testTableInfo({ incarnation: 'inc-1' });
const bucket = { tableId: 1, partitionId: -1, bucket: 0, leader: 2, replicas: [2, 3], isr: [2, 3], leaderEpoch: 5, bucketEpoch: 9 };
const record = (overrides: Partial<RemoteLogRecord> = {}): RemoteLogRecord => ({
  version: 1,
  manifestKey: 'm1',
  startOffset: 0,
  endOffset: 10,
  leaderEpoch: 5,
  tableIncarnation: 'inc-1',
  ...overrides,
});

describe('remote log manifest commits', () => {
  it('applies the next version from the current leader; the same commit again changes nothing', () => {
    const first = judgeRemoteLogCommit(bucket, table, undefined, { serverId: 2, leaderEpoch: 5, record: record() });
    expect(first).toEqual({ kind: 'applied', record: record() });
    const committed = record();
    expect(judgeRemoteLogCommit(bucket, table, committed, { serverId: 2, leaderEpoch: 5, record: record() })).toEqual({ kind: 'applied', record: committed });
    const second = judgeRemoteLogCommit(bucket, table, committed, {
      serverId: 2,
      leaderEpoch: 5,
      record: record({ version: 2, manifestKey: 'm2', endOffset: 20 }),
    });
    expect(second.kind).toBe('applied');
  });

  it('fences a deposed leader and another server, whatever they send', () => {
    expect(judgeRemoteLogCommit(bucket, table, undefined, { serverId: 2, leaderEpoch: 4, record: record() })).toMatchObject({
      kind: 'refused',
      code: 'FENCED_LEADER_EPOCH',
    });
    expect(judgeRemoteLogCommit(bucket, table, undefined, { serverId: 3, leaderEpoch: 5, record: record() })).toMatchObject({
      kind: 'refused',
      code: 'FENCED_LEADER_EPOCH',
    });
  });

  it('refuses a version that does not follow the committed one (a lost race), offsets that go back, and nonsense', () => {
    const committed = record({ version: 3, startOffset: 10, endOffset: 30 });
    const commit = (overrides: Partial<RemoteLogRecord>) =>
      judgeRemoteLogCommit(bucket, table, committed, { serverId: 2, leaderEpoch: 5, record: record(overrides) });
    expect(commit({ version: 3, manifestKey: 'other', startOffset: 10, endOffset: 40 })).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(commit({ version: 5, startOffset: 10, endOffset: 40 })).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(commit({ version: 4, startOffset: 10, endOffset: 20 })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/goes back/) });
    expect(commit({ version: 4, startOffset: 5, endOffset: 40 })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(commit({ version: 4, startOffset: 50, endOffset: 40 })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/past end/) });
    expect(commit({ version: 4, manifestKey: '' })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(commit({ version: 4, startOffset: 10, endOffset: 40, sizeBytes: -1 })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/size/),
    });
    expect(commit({ version: 4, startOffset: 10, endOffset: 40, segments: 1.5 })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(commit({ version: 4, startOffset: 10, endOffset: 40 }).kind).toBe('applied');
  });

  it('refuses a dropped bucket and another incarnation of the table', () => {
    expect(judgeRemoteLogCommit(undefined, table, undefined, { serverId: 2, leaderEpoch: 5, record: record() })).toMatchObject({
      code: 'UNKNOWN_TABLE_OR_BUCKET',
    });
    expect(judgeRemoteLogCommit(bucket, table, undefined, { serverId: 2, leaderEpoch: 5, record: record({ tableIncarnation: 'inc-0' }) })).toMatchObject({
      code: 'UNKNOWN_TABLE_OR_BUCKET',
    });
  });
});
