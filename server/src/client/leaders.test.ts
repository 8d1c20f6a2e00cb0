import { describe, expect, it } from 'vitest';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import { groupByLeader } from './leaders.ts';

const server = (id: number): ServerNode__Output => ({ id, host: '127.0.0.1', port: 9000 + id, rack: '' });

describe('groupByLeader', () => {
  it('puts every bucket of one leader in one group and sets leaderless buckets apart', () => {
    const leaders = new Map([
      [0, server(1)],
      [1, server(2)],
      [2, server(1)],
    ]);
    const { groups, leaderless } = groupByLeader([0, 1, 2, 3], (bucket) => leaders.get(bucket));
    expect(groups.map((g) => [g.server.id, g.items])).toEqual([
      [1, [0, 2]],
      [2, [1]],
    ]);
    expect(leaderless).toEqual([3]);
  });

  it('keys groups by address, so a server id reused at a new address is a new group', () => {
    const moved = { ...server(1), port: 9999 };
    const { groups } = groupByLeader([0, 1], (bucket) => (bucket === 0 ? server(1) : moved));
    expect(groups).toHaveLength(2);
  });
});
