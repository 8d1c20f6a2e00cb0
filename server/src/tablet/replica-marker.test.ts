import { describe, expect, it } from 'vitest';
import { judgeReplicaDir, type ReplicaMarker } from './replica-marker.ts';

const expected: ReplicaMarker = { clusterId: 'c1', tableId: 1, tableIncarnation: 'uuid-new', partitionId: -1, bucket: 0 };

describe('judgeReplicaDir', () => {
  it('opens its own directory and marks a new, empty one', () => {
    expect(judgeReplicaDir({ ...expected }, true, expected, false)).toEqual({ kind: 'open' });
    expect(judgeReplicaDir(undefined, false, expected, false)).toEqual({ kind: 'mark-and-open' });
  });

  it('refuses the directory of an earlier table with the same id, naming what differs', () => {
    const verdict = judgeReplicaDir({ ...expected, tableIncarnation: 'uuid-old' }, true, expected, false);
    expect(verdict).toEqual({ kind: 'refuse', reason: 'it holds the data of another replica: tableIncarnation uuid-old (expected uuid-new)' });
    expect(judgeReplicaDir({ ...expected, clusterId: 'c0' }, true, expected, false).kind).toBe('refuse');
    expect(judgeReplicaDir({ ...expected, bucket: 3 }, true, expected, false).kind).toBe('refuse');
  });

  it('unmarked data is adopted only by a table from before incarnations', () => {
    expect(judgeReplicaDir(undefined, true, expected, false).kind).toBe('refuse');
    expect(judgeReplicaDir(undefined, true, { ...expected, tableIncarnation: 'legacy-1-0' }, true)).toEqual({ kind: 'mark-and-open' });
  });
});
