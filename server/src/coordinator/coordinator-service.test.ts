import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../../test/support/invoke-handler.ts';
import { ServerMetrics } from '../common/metrics.ts';
import { ManualTimers } from '../common/timers.ts';
import { Catalog } from './catalog.ts';
import { coordinatorHandlers } from './coordinator-service.ts';
import { ServerRegistry } from './server-registry.ts';

/** The coordinator's handlers over a catalog and registry, as a server would build them. */
function handlersFor(
  catalog: Catalog,
  registry: ServerRegistry,
  dataDir: string,
  recoverClusterId: string | undefined,
  onServerRegistered: () => Promise<void>,
) {
  return coordinatorHandlers({
    catalog,
    registry,
    logger: pino({ level: 'silent' }),
    metrics: new ServerMetrics('test', false),
    self: { id: -1, host: 'c', port: 1, rack: '' },
    heartbeatIntervalMs: 1_000,
    onServerRegistered,
    identity: { dataDir, recoverClusterId },
    onFatal: () => undefined,
  });
}

const spec = (properties: Record<string, string>) => ({
  database: 'db',
  name: 't',
  columns: [{ name: 'id', type: 'BIGINT', nullable: false, comment: '' }],
  primaryKey: [],
  bucketKey: [],
  buckets: 1,
  partitionKeys: [],
  properties,
  comment: '',
});

const registration = (id: number, overrides: { clusterId?: string; processStart?: boolean } = {}) => ({
  server: { id, host: 'h', port: 2 + id, rack: '' },
  clusterId: '',
  holdsData: false,
  maxTableId: 0,
  maxPartitionId: 0,
  coordinatorEpoch: 0,
  processStart: true,
  ...overrides,
});

describe('coordinator service: AlterIsr', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-service-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a change from the current leader, refuses fenced, stale and invalid ones, and answers each with the bucket as it is', async () => {
    const timers = new ManualTimers(0);
    const catalog = await Catalog.open(dir, timers);
    const registry = new ServerRegistry(timers, 10_000);
    catalog.setLiveServers(() => registry.liveNodes().map((n) => ({ id: n.id, rack: n.rack })));
    const handlers = handlersFor(catalog, registry, dir, undefined, () => catalog.assignPendingBuckets().then(() => undefined));
    await invokeHandler(handlers.RegisterTabletServer, registration(0));
    const { table } = await invokeHandler(handlers.CreateTable, { spec: spec({}), ignoreIfExists: false, createDatabase: true });
    const tableId = Number(table!.tableId);
    const placed = catalog.bucketsOfTable(tableId)[0]!;
    expect(placed).toMatchObject({ leader: 0, isr: [0], leaderEpoch: 1, bucketEpoch: 1 });

    const change = (overrides: Record<string, unknown>) => ({ tableId, partitionId: -1, bucket: 0, leaderEpoch: 1, bucketEpoch: 1, isr: [0], ...overrides });
    const { results } = await invokeHandler(handlers.AlterIsr, {
      serverId: 0,
      changes: [change({}), change({ bucketEpoch: 1 }), change({ leaderEpoch: 0, bucketEpoch: 2 }), change({ bucketEpoch: 2, isr: [] }), change({ bucket: 9 })],
    });
    expect(results!.map((r) => r.error)).toEqual(['', 'STALE_BUCKET_EPOCH', 'FENCED_LEADER_EPOCH', 'INVALID_ARGUMENT', 'UNKNOWN_TABLE_OR_BUCKET']);
    expect(results![0]!.location).toMatchObject({ leader: 0, isr: [0], bucketEpoch: 2 });
    expect(results![3]!.errorMessage).toContain('leaves out the leader');
    // Applied changes are persisted.
    expect((await Catalog.open(dir, timers)).bucketsOfTable(tableId)[0]).toMatchObject({ bucketEpoch: 2 });
  });

  it('a registering server is seen live only once the ids it holds are reserved (a DDL in between cannot reuse them)', async () => {
    const timers = new ManualTimers(0);
    const catalog = await Catalog.open(dir, timers);
    const registry = new ServerRegistry(timers, 10_000);
    const nextIdWhenLive: number[] = [];
    const register = registry.register.bind(registry);
    registry.register = (node) => {
      // What a CreateTable arriving now would get.
      nextIdWhenLive.push(catalog.state.nextTableId);
      register(node);
    };
    const handlers = handlersFor(catalog, registry, dir, 'cluster-a', async () => undefined);
    await invokeHandler(handlers.RegisterTabletServer, {
      server: { id: 0, host: 'h', port: 2, rack: '' },
      clusterId: 'cluster-a',
      holdsData: true,
      maxTableId: 41,
      maxPartitionId: 0,
      coordinatorEpoch: 3,
      processStart: true,
    });
    expect(nextIdWhenLive).toEqual([42]);
    expect(catalog.coordinatorEpoch).toBe(4);
  });
});

describe('coordinator service: a tablet server process starting again', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-service-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ends the leader epochs of its previous run: another live ISR member leads, at a new epoch; a re-registration of a running process changes nothing', async () => {
    const timers = new ManualTimers(0);
    const catalog = await Catalog.open(dir, timers);
    const registry = new ServerRegistry(timers, 10_000);
    catalog.setLiveServers(() => registry.liveNodes().map((n) => ({ id: n.id, rack: n.rack })));
    const handlers = handlersFor(catalog, registry, dir, undefined, () => catalog.assignPendingBuckets().then(() => undefined));
    for (const id of [0, 1, 2]) await invokeHandler(handlers.RegisterTabletServer, registration(id));
    const properties = { 'table.replication.factor': '3' };
    const { table } = await invokeHandler(handlers.CreateTable, { spec: spec(properties), ignoreIfExists: false, createDatabase: true });
    const before = catalog.bucketsOfTable(Number(table!.tableId))[0]!;
    const leader = before.leader;
    const clusterId = catalog.clusterId!;

    // The same process registering again (after a coordinator restart, say): nothing moves.
    await invokeHandler(handlers.RegisterTabletServer, registration(leader, { clusterId, processStart: false }));
    expect(catalog.bucketsOfTable(Number(table!.tableId))[0]).toEqual(before);

    await invokeHandler(handlers.RegisterTabletServer, registration(leader, { clusterId, processStart: true }));
    const after = catalog.bucketsOfTable(Number(table!.tableId))[0]!;
    expect(after.leader).not.toBe(leader);
    expect(after).toMatchObject({ isr: before.isr, leaderEpoch: before.leaderEpoch + 1 });
    // Persisted.
    expect((await Catalog.open(dir, timers)).bucketsOfTable(Number(table!.tableId))[0]).toEqual(after);
  });
});

describe('coordinator service: controlled shutdown', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-service-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function cluster(properties: Record<string, string>) {
    const timers = new ManualTimers(0);
    const catalog = await Catalog.open(dir, timers);
    const registry = new ServerRegistry(timers, 10_000);
    catalog.setLiveServers(() => registry.liveNodes().map((n) => ({ id: n.id, rack: n.rack })));
    catalog.setShuttingDownServers(() => registry.shuttingDownIds());
    const pushed: number[][] = [];
    const handlers = coordinatorHandlers({
      catalog,
      registry,
      logger: pino({ level: 'silent' }),
      metrics: new ServerMetrics('test', false),
      self: { id: -1, host: 'c', port: 1, rack: '' },
      heartbeatIntervalMs: 1_000,
      onServerRegistered: () => catalog.assignPendingBuckets().then(() => undefined),
      identity: { dataDir: dir, recoverClusterId: undefined },
      onFatal: () => undefined,
      pushBucketStates: async (changed) => {
        pushed.push(changed.map((b) => b.leader));
      },
    });
    for (const id of [0, 1, 2]) await invokeHandler(handlers.RegisterTabletServer, registration(id));
    const { table } = await invokeHandler(handlers.CreateTable, { spec: spec(properties), ignoreIfExists: false, createDatabase: true });
    const tableId = Number(table!.tableId);
    return { timers, catalog, registry, handlers, pushed, bucket: () => catalog.bucketsOfTable(tableId)[0]!, clusterId: catalog.clusterId! };
  }

  it('moves the leadership to another in-sync replica, pushes it, answers none remain, and the server is never elected until its next process registers', async () => {
    const { timers, catalog, registry, handlers, pushed, bucket, clusterId } = await cluster({
      'table.replication.factor': '3',
      'table.min-insync-replicas': '2',
    });
    const before = bucket();
    const stopping = before.leader;
    const answer = await invokeHandler(handlers.ControlledShutdown, { serverId: stopping, clusterId });
    expect(answer).toEqual({ movedLeaderships: 1, remainingLeaderships: 0, strandedLeaderships: 0 });
    const after = bucket();
    expect(after.leader).not.toBe(stopping);
    expect(after.leaderEpoch).toBe(before.leaderEpoch + 1);
    expect(after.isr).not.toContain(stopping);
    expect(pushed.filter((leaders) => leaders.length > 0)).toEqual([[after.leader]]);
    // Asking again: nothing left to do.
    expect(await invokeHandler(handlers.ControlledShutdown, { serverId: stopping, clusterId })).toEqual({
      movedLeaderships: 0,
      remainingLeaderships: 0,
      strandedLeaderships: 0,
    });
    expect([...registry.shuttingDownIds()]).toEqual([stopping]);

    // The new leader's session expires: the third server leads, never the one shutting down; without it, nobody.
    const third = [0, 1, 2].find((id) => id !== stopping && id !== after.leader)!;
    timers.advance(6_000);
    registry.heartbeat(stopping);
    registry.heartbeat(third);
    timers.advance(6_000);
    await catalog.electLeaders();
    expect(bucket().leader).toBe(third);
    registry.heartbeat(stopping);
    timers.advance(6_000);
    registry.heartbeat(stopping);
    timers.advance(6_000);
    await catalog.electLeaders();
    expect(bucket().leader).toBe(-1);

    // The same process re-registering (a coordinator restart, say) does not end its shutdown; a new process does.
    await invokeHandler(handlers.RegisterTabletServer, registration(stopping, { clusterId, processStart: false }));
    expect(registry.shuttingDownIds().has(stopping)).toBe(true);
    timers.advance(1);
    await invokeHandler(handlers.RegisterTabletServer, registration(stopping, { clusterId, processStart: true }));
    expect(registry.shuttingDownIds().has(stopping)).toBe(false);
  });

  it('ElectPreferredLeaders: leadership goes back to the restarted preferred replica once it is in sync again', async () => {
    const { timers, handlers, pushed, bucket, clusterId } = await cluster({ 'table.replication.factor': '3' });
    const preferred = bucket().replicas[0]!;
    expect(bucket().leader).toBe(preferred);
    await invokeHandler(handlers.ControlledShutdown, { serverId: preferred, clusterId });
    timers.advance(1);
    await invokeHandler(handlers.RegisterTabletServer, registration(preferred, { clusterId, processStart: true }));
    // Not in the ISR yet: it waits.
    expect(await invokeHandler(handlers.ElectPreferredLeaders, { table: { database: 'db', table: 't' } })).toEqual({ movedLeaderships: 0, waitingBuckets: 1 });
    const { leader, leaderEpoch, bucketEpoch, isr } = bucket();
    const change = { tableId: bucket().tableId, partitionId: -1, bucket: 0, leaderEpoch, bucketEpoch, isr: [...isr, preferred] };
    await invokeHandler(handlers.AlterIsr, { serverId: leader, changes: [change] });
    pushed.length = 0;
    expect(await invokeHandler(handlers.ElectPreferredLeaders, { table: null })).toEqual({ movedLeaderships: 1, waitingBuckets: 0 });
    expect(bucket()).toMatchObject({ leader: preferred, leaderEpoch: leaderEpoch + 1 });
    expect(pushed).toEqual([[preferred]]);
    await expect(invokeHandler(handlers.ElectPreferredLeaders, { table: { database: 'db', table: 'nope' } })).rejects.toMatchObject({ code: 'UNKNOWN_TABLE' });
  });

  it('refuses a server of another cluster, changing nothing', async () => {
    const { registry, handlers, bucket } = await cluster({ 'table.replication.factor': '3' });
    const before = bucket();
    await expect(invokeHandler(handlers.ControlledShutdown, { serverId: before.leader, clusterId: 'other' })).rejects.toMatchObject({
      code: 'CLUSTER_ID_MISMATCH',
    });
    expect(bucket()).toEqual(before);
    expect(registry.shuttingDownIds().size).toBe(0);
  });
});
