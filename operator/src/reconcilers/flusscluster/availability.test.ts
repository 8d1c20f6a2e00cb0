import { describe, expect, it } from 'vitest';
import type { BucketView, ClusterView } from '../../coordinator/cluster-view.ts';
import { catchUpBlocker, ordinals, restartBlocker, scaleDownBlocker, serversNotUp } from './availability.ts';

const bucket = (replicas: number[], isr: number[], minInsyncReplicas: number, adding: number[] = []): BucketView => ({
  name: 'shop.orders bucket 0',
  replicas,
  isr,
  adding,
  minInsyncReplicas,
});
const server = (id: number, live = true, shuttingDown = false) => ({
  node: { id, host: 'h', port: 1, rack: '' },
  live,
  tags: [],
  replicas: 0,
  leaders: 0,
  shuttingDown,
  underReplicated: 0,
  atMinIsr: 0,
});
const view = (buckets: BucketView[], servers = [server(0), server(1), server(2)], tables: ClusterView['tables'] = []): ClusterView => ({
  servers,
  tables,
  buckets,
});

describe('restartBlocker (the KafkaRoller rule)', () => {
  it.each([
    ['full ISR above min ISR', bucket([0, 1, 2], [0, 1, 2], 2), 1, undefined],
    ['at min ISR without the server', bucket([0, 1, 2], [0, 2], 2), 1, undefined],
    ['at min ISR with the server', bucket([0, 1, 2], [1, 2], 2), 1, /would take shop.orders bucket 0 below its min ISR 2/],
    ['already below min ISR', bucket([0, 1, 2], [2], 2), 1, /is below its min ISR 2/],
    ['a bucket the server does not hold', bucket([0, 2, 3], [2], 2), 1, undefined],
    ['min ISR equal to the replicas (RF 1) cannot be kept through any restart', bucket([1], [1], 1), 1, undefined],
    ['min ISR equal to the replicas (RF 3, min 3)', bucket([0, 1, 2], [0, 1, 2], 3), 1, undefined],
  ])('%s', (_name, b, target, expected) => {
    const blocker = restartBlocker(view([b]), target);
    if (expected === undefined) expect(blocker).toBeUndefined();
    else expect(blocker).toMatch(expected);
  });
});

describe('catchUpBlocker', () => {
  it('waits for live replicas outside the ISR, not for down servers or replicas a rebalance adds', () => {
    expect(catchUpBlocker(view([bucket([0, 1, 2], [0, 2], 2)]))).toBe('shop.orders bucket 0: server 1 not back in the ISR yet (ISR [0,2] of replicas [0,1,2])');
    expect(catchUpBlocker(view([bucket([0, 1, 2], [0, 2], 2)], [server(0), server(1, false), server(2)]))).toBeUndefined();
    expect(catchUpBlocker(view([bucket([0, 1, 2], [0, 2], 2, [1])]))).toBeUndefined();
  });
});

describe('scaleDownBlocker (the scale-down check)', () => {
  const tables = [
    { path: 'shop.orders', replicationFactor: 3, minInsyncReplicas: 2 },
    { path: 'shop.clicks', replicationFactor: 2, minInsyncReplicas: 1 },
  ];
  it('names the table with the highest replication factor the servers left cannot hold', () => {
    expect(scaleDownBlocker(view([], undefined, tables), 2)).toBe('table shop.orders has replication factor 3; 2 tablet servers cannot hold it');
    expect(scaleDownBlocker(view([], undefined, tables), 3)).toBeUndefined();
    expect(scaleDownBlocker(view([]), 0)).toBeUndefined();
  });
});

describe('server ids', () => {
  it('are the ordinals in [from, to)', () => {
    expect(ordinals(3, 5)).toEqual([3, 4]);
    expect(ordinals(5, 3)).toEqual([]);
  });
  it('are up once live and not shutting down', () => {
    expect(serversNotUp({ servers: [server(0), server(1, false), server(2, true, true)] }, [0, 1, 2, 3])).toEqual([1, 2, 3]);
  });
});
