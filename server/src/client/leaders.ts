import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';

export interface LeaderGroup<T> {
  server: ServerNode__Output;
  items: T[];
}

/**
 * Groups bucket-level work by the server leading each bucket, so each server gets one request.
 * Items whose bucket has no live leader come back apart, to be retried after a metadata refresh.
 */
export function groupByLeader<T>(items: readonly T[], leaderOf: (item: T) => ServerNode__Output | undefined): { groups: LeaderGroup<T>[]; leaderless: T[] } {
  const groups = new Map<string, LeaderGroup<T>>();
  const leaderless: T[] = [];
  for (const item of items) {
    const server = leaderOf(item);
    if (server === undefined) {
      leaderless.push(item);
      continue;
    }
    const address = `${server.host}:${server.port}`;
    let group = groups.get(address);
    if (group === undefined) {
      group = { server, items: [] };
      groups.set(address, group);
    }
    group.items.push(item);
  }
  return { groups: [...groups.values()], leaderless };
}
