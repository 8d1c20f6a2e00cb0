// The rebalance planner of FakeCoordinatorAdmin: small and deterministic, enough for reconciler
// tests. It drains PERMANENT_OFFLINE servers onto the least-loaded eligible ones, then evens out
// the replica counts. The real planner (server/src/coordinator/rebalance/) has more goals.
import type { BucketMove__Output } from '../../../server/src/rpc/generated/fluss/v1/BucketMove.ts';
import type { TablePath } from '../../../server/src/client/table-path.ts';

export interface FakeBucket {
  tableId: number;
  path: TablePath;
  bucket: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface FakeServer {
  id: number;
  live: boolean;
  tags: Set<string>;
  shuttingDown: boolean;
}

export interface FakePlan {
  moves: BucketMove__Output[];
  unmovable: string[];
}

const bucketName = (bucket: FakeBucket): string => `${bucket.path.database}.${bucket.path.table} bucket ${bucket.bucket}`;

export function planFakeRebalance(buckets: readonly FakeBucket[], servers: readonly FakeServer[]): FakePlan {
  const eligible = servers.filter((server) => server.live && server.tags.size === 0).map((server) => server.id);
  const drained = new Set(servers.filter((server) => server.tags.has('PERMANENT_OFFLINE')).map((server) => server.id));
  const load = new Map(eligible.map((id) => [id, 0]));
  const planned = buckets.map((bucket) => [...bucket.replicas]);
  for (const replicas of planned) for (const replica of replicas) if (load.has(replica)) load.set(replica, (load.get(replica) ?? 0) + 1);
  const leastLoaded = (exclude: readonly number[]): number | undefined =>
    eligible.filter((id) => !exclude.includes(id)).sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0];

  const unmovable: string[] = [];
  planned.forEach((replicas, index) => {
    replicas.forEach((replica, position) => {
      if (!drained.has(replica)) return;
      const target = leastLoaded(replicas);
      if (target === undefined) {
        unmovable.push(bucketName(buckets[index] as FakeBucket));
        return;
      }
      replicas[position] = target;
      load.set(target, (load.get(target) ?? 0) + 1);
    });
  });

  // Even out: move one replica at a time from the most to the least loaded server.
  for (let round = 0; round < planned.length * 16; round++) {
    const sorted = [...eligible].sort((a, b) => (load.get(b) ?? 0) - (load.get(a) ?? 0) || a - b);
    const most = sorted[0];
    const least = sorted.at(-1);
    if (most === undefined || least === undefined || (load.get(most) ?? 0) - (load.get(least) ?? 0) <= 1) break;
    const replicas = planned.find((candidate) => candidate.includes(most) && !candidate.includes(least));
    if (!replicas) break;
    replicas[replicas.indexOf(most)] = least;
    load.set(most, (load.get(most) ?? 0) - 1);
    load.set(least, (load.get(least) ?? 0) + 1);
  }

  const moves: BucketMove__Output[] = [];
  buckets.forEach((bucket, index) => {
    const newReplicas = planned[index] as number[];
    if (newReplicas.every((replica, position) => replica === bucket.replicas[position])) return;
    moves.push({
      tableId: bucket.tableId,
      partitionId: -1,
      bucket: bucket.bucket,
      table: { database: bucket.path.database, table: bucket.path.table },
      partitionName: '',
      originalReplicas: [...bucket.replicas],
      originalLeader: bucket.leader,
      newReplicas,
      newLeader: newReplicas.includes(bucket.leader) ? bucket.leader : (newReplicas[0] ?? -1),
      status: 'PENDING',
      error: '',
    });
  });
  return { moves, unmovable };
}
