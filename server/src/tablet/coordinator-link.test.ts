import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { FlussError } from '../rpc/errors.ts';
import type { HeartbeatRequest } from '../rpc/generated/fluss/v1/HeartbeatRequest.ts';
import type { HeartbeatResponse__Output } from '../rpc/generated/fluss/v1/HeartbeatResponse.ts';
import type { RegisterTabletServerRequest } from '../rpc/generated/fluss/v1/RegisterTabletServerRequest.ts';
import { CoordinatorLink } from './coordinator-link.ts';
import type { CoordinatorTransport } from './coordinator-rpc.ts';

const SELF = { id: 3, host: '127.0.0.1', port: 9124, rack: '' };

/** A coordinator in memory: answers by the test's rules and records every call. */
class FakeCoordinator implements CoordinatorTransport {
  readonly registrations: RegisterTabletServerRequest[] = [];
  readonly heartbeats: HeartbeatRequest[] = [];
  unreachable = 0;
  refuse: FlussError | undefined;
  epoch = 4;
  reregisterNext = false;
  deletions: HeartbeatResponse__Output['deletions'] = [];
  closed = false;

  async register(request: RegisterTabletServerRequest) {
    this.registrations.push(request);
    if (this.unreachable > 0) {
      this.unreachable--;
      throw new FlussError('UNAVAILABLE', 'connect ECONNREFUSED');
    }
    if (this.refuse) throw this.refuse;
    return { heartbeatIntervalMs: 500, clusterId: 'cluster-a', coordinatorEpoch: this.epoch };
  }

  async heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse__Output> {
    this.heartbeats.push(request);
    const reregister = this.reregisterNext;
    this.reregisterNext = false;
    return {
      buckets: [],
      tables: [],
      tabletServers: [],
      replicationThrottleBytesPerSec: 0,
      removals: [],
      reregister,
      clusterId: 'cluster-a',
      coordinatorEpoch: this.epoch,
      deletions: reregister ? [] : this.deletions,
    };
  }

  async alterIsr() {
    return { results: [] };
  }

  close(): void {
    this.closed = true;
  }
}

function membership() {
  const joined: string[] = [];
  return {
    joined,
    clusterId: undefined as string | undefined,
    async registration() {
      return { clusterId: this.clusterId ?? '', holdsData: true, maxTableId: 12, maxPartitionId: 3 };
    },
    async joinedCluster(clusterId: string) {
      joined.push(clusterId);
      this.clusterId = clusterId;
    },
  };
}

function linkFor(coordinator: FakeCoordinator, timers: ManualTimers) {
  const member = membership();
  const assignments: HeartbeatResponse__Output[] = [];
  const link = new CoordinatorLink({
    coordinator,
    self: SELF,
    logger: pino({ level: 'silent' }),
    timers,
    membership: {
      get clusterId() {
        return member.clusterId;
      },
      registration: () => member.registration(),
      joined: (id) => member.joinedCluster(id),
    },
    onAssignment: async (response) => void assignments.push(response),
  });
  return { link, member, assignments };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CoordinatorLink', () => {
  it('registers with what its data dir holds, records the cluster, then heartbeats at the interval the coordinator gave', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    const { link, member, assignments } = linkFor(coordinator, timers);
    await link.start();
    expect(coordinator.registrations).toEqual([
      { server: SELF, coordinatorEpoch: 0, processStart: true, clusterId: '', holdsData: true, maxTableId: 12, maxPartitionId: 3 },
    ]);
    expect(member.joined).toEqual(['cluster-a']);
    expect(coordinator.heartbeats).toEqual([{ serverId: 3, clusterId: 'cluster-a', deletionsAfter: 0 }]);
    expect(assignments).toHaveLength(1);

    timers.advance(499);
    await settle();
    expect(coordinator.heartbeats).toHaveLength(1);
    timers.advance(1);
    await settle();
    expect(coordinator.heartbeats).toHaveLength(2);
    link.stop();
    expect(coordinator.closed).toBe(true);
    timers.advance(10_000);
    await settle();
    expect(coordinator.heartbeats).toHaveLength(2);
  });

  it('keeps trying while the coordinator is unreachable at start, backing off up to a second', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    coordinator.unreachable = 3;
    const { link } = linkFor(coordinator, timers);
    let started = false;
    const starting = link.start().then(() => (started = true));
    for (const wait of [100, 200, 300]) {
      await settle();
      expect(started).toBe(false);
      timers.advance(wait);
    }
    await starting;
    expect(coordinator.registrations).toHaveLength(4);
    link.stop();
  });

  it('fails start when the coordinator refuses it into its cluster', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    coordinator.refuse = new FlussError('CLUSTER_ID_MISMATCH', 'Cluster id mismatch: tablet server 3 belongs to cluster b');
    const { link } = linkFor(coordinator, timers);
    await expect(link.start()).rejects.toThrow('Cluster id mismatch');
    expect(coordinator.registrations).toHaveLength(1);
  });

  it('asks only for deletions it has not applied, and for all of them after registering again', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    coordinator.deletions = [
      { seq: 7, tableId: 1, tableIncarnation: 'x', partitionId: -1 },
      { seq: 9, tableId: 2, tableIncarnation: 'y', partitionId: 4 },
    ];
    const { link } = linkFor(coordinator, timers);
    await link.start();
    await link.refreshNow();
    expect(coordinator.heartbeats.map((h) => h.deletionsAfter)).toEqual([0, 9]);
    coordinator.reregisterNext = true;
    await link.refreshNow();
    // Registering again, the same process says it did not start anew.
    expect(coordinator.registrations.map((r) => r.processStart)).toEqual([true, false]);
    expect(coordinator.heartbeats.map((h) => h.deletionsAfter)).toEqual([0, 9, 9, 0]);
    link.stop();
  });

  it('ignores the assignment of a coordinator older than one it heard from', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    const { link, assignments } = linkFor(coordinator, timers);
    await link.start();
    coordinator.epoch = 3;
    await link.refreshNow();
    expect(assignments).toHaveLength(1);
    coordinator.epoch = 5;
    await link.refreshNow();
    expect(assignments).toHaveLength(2);
    link.stop();
  });

  it('callers asking for a refresh while one is on its way share the next heartbeat', async () => {
    const timers = new ManualTimers();
    const coordinator = new FakeCoordinator();
    const { link } = linkFor(coordinator, timers);
    await link.start();
    const before = coordinator.heartbeats.length;
    const first = link.refreshNow();
    const second = link.refreshNow();
    const third = link.refreshNow();
    expect(second).toBe(third);
    await Promise.all([first, second, third]);
    expect(coordinator.heartbeats.length - before).toBe(2);
    link.stop();
  });
});
