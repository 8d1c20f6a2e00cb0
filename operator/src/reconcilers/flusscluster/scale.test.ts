import { describe, expect, it } from 'vitest';
import type { AutoRebalanceStatus } from '../../api/types.ts';
import { replicasFor } from './scale.ts';
import { clusterRef, conditionOf, eventsOf, harness, tabletReplicas, type Harness } from './test-support.ts';

/** A cluster of `servers` tablet servers, pods Ready and registered, with a table of RF `rf` and 6 buckets. */
async function runningCluster(servers: number, rf = 3): Promise<Harness> {
  const h = await harness({ tabletServers: { replicas: servers } });
  h.admin.registerServers(Array.from({ length: servers }, (_, id) => id));
  await h.admin.createTable({
    database: 'shop',
    name: 'orders',
    schema: { columns: [{ name: 'id', type: 'BIGINT' }] },
    buckets: 6,
    properties: { 'table.replication.factor': String(rf) },
  });
  await h.reconcile();
  await h.syncSets();
  await h.reconcile();
  return h;
}

const scaleTo = (h: Harness, replicas: number) => h.api.mergePatch(clusterRef, { spec: { tabletServers: { replicas } } });
const autoRebalance = async (h: Harness) => (await h.cluster()).status?.autoRebalance;
const replicasOn = async (h: Harness) => Object.fromEntries((await h.admin.listServers()).map((server) => [server.node?.id, server.replicas]));

describe('scale-up', () => {
  it('starts the StatefulSet at once, then rebalances onto the new servers once they registered', async () => {
    const h = await runningCluster(3);
    await scaleTo(h, 5);
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(5);
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleUp', step: 'WaitingForServers', servers: [3, 4], fromReplicas: 3, toReplicas: 5 });
    await h.syncSets();
    await h.reconcile();
    expect((await autoRebalance(h))?.message).toBe('Waiting for tablet servers 3, 4 to register');
    expect(h.admin.calls).not.toContain('rebalance');

    h.admin.registerServers([3, 4]);
    await h.reconcile();
    const started = await autoRebalance(h);
    expect(started).toMatchObject({ state: 'RebalanceOnScaleUp', step: 'Rebalancing', rebalanceId: 'rb-1', movesDone: 0 });
    expect(started?.movesTotal).toBeGreaterThan(0);
    expect((await h.cluster()).status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'Rebalancing' });

    h.admin.completeMoves(1);
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ step: 'Rebalancing', movesDone: 1 });
    h.admin.completeMoves();
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'Idle' });
    const load = await replicasOn(h);
    expect(load[3]).toBeGreaterThan(0);
    expect(load[4]).toBeGreaterThan(0);
    expect(await eventsOf(h.api)).toEqual(['Normal ScalingUp', 'Normal RebalanceCompleted']);
    expect(await h.reconcile()).toEqual({ kind: 'done' });
  });

  it('resumes the running rebalance after an operator restart instead of starting another', async () => {
    const h = await runningCluster(3);
    await scaleTo(h, 4);
    await h.reconcile();
    await h.syncSets();
    h.admin.registerServers([3]);
    await h.reconcile();
    expect((await autoRebalance(h))?.rebalanceId).toBe('rb-1');

    h.restartOperator();
    h.admin.calls.length = 0;
    await h.reconcile();
    expect(h.admin.calls).toEqual(['rebalanceProgress']);
    h.admin.completeMoves();
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'Idle' });
  });

  it('waits for another rebalance to finish (the coordinator runs one at a time)', async () => {
    const h = await runningCluster(3);
    h.admin.registerServers([3]);
    await h.admin.rebalance();
    await scaleTo(h, 4);
    await h.reconcile();
    await h.syncSets();
    await h.reconcile();
    expect((await autoRebalance(h))?.message).toMatch(/^Waiting for another rebalance to finish: Rebalance rb-1 is in progress/);
    // The other rebalance already spread the buckets onto server 3: ours finds nothing to move.
    h.admin.completeMoves();
    await h.reconcile();
    expect(await autoRebalance(h)).toEqual({ state: 'Idle', lastTransitionTime: expect.any(String) });
    expect((await h.admin.rebalanceProgress())?.rebalanceId).toBe('rb-2');
  });

  it('scales without a rebalance when autoRebalance.onScaleUp is false', async () => {
    const h = await runningCluster(3);
    await h.api.mergePatch(clusterRef, { spec: { autoRebalance: { onScaleUp: false }, tabletServers: { replicas: 4 } } });
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(4);
    expect(await autoRebalance(h)).toEqual({ state: 'Idle' });
    expect(await eventsOf(h.api)).toEqual(['Normal ScaledUp']);
  });
});

describe('scale-down', () => {
  it('drains the highest ordinals, waits until they hold nothing, only then shrinks the StatefulSet and untags', async () => {
    const h = await runningCluster(5);
    await h.api.mergePatch(clusterRef, { spec: { autoRebalance: { maxConcurrentMoves: 2, throttleBytesPerSecond: 1_000_000 } } });
    await scaleTo(h, 3);
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({
      state: 'RebalanceOnScaleDown',
      step: 'Draining',
      servers: [3, 4],
      fromReplicas: 5,
      toReplicas: 3,
      rebalanceId: 'rb-1',
    });
    expect((await h.admin.listServers()).filter((s) => s.tags.includes('PERMANENT_OFFLINE')).map((s) => s.node?.id)).toEqual([3, 4]);
    expect((await h.admin.rebalanceProgress())?.throttleBytesPerSec).toBe(1_000_000);
    // The StatefulSet keeps every pod while the drain runs, and the scale subresource says so.
    expect(await tabletReplicas(h.api)).toBe(5);
    expect((await h.cluster()).status?.tabletServers).toBe(5);

    h.admin.completeMoves(3);
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(5);
    h.admin.completeMoves();
    await h.reconcile();
    expect(await replicasOn(h)).toMatchObject({ 3: 0, 4: 0 });
    expect(await autoRebalance(h)).toMatchObject({ step: 'Shrinking' });
    expect(await tabletReplicas(h.api)).toBe(3);

    await h.syncSets();
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'Idle' });
    expect((await h.admin.listServers()).every((server) => server.tags.length === 0)).toBe(true);
    expect(await eventsOf(h.api)).toEqual(['Normal ScalingDown', 'Normal Drained', 'Normal ScaledDown']);
    expect((await h.cluster()).status).toMatchObject({ tabletServers: 3, phase: 'Running' });
  });

  it('refuses when the servers left cannot hold every table: keeps the pods, says why, warns once', async () => {
    const h = await runningCluster(3);
    await scaleTo(h, 2);
    await h.reconcile();
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(3);
    expect(await conditionOf(h.api, 'ScaleDownBlocked')).toMatchObject({
      status: 'True',
      reason: 'ReplicationFactor',
      message: 'Keeping 3 tablet servers: table shop.orders has replication factor 3; 2 tablet servers cannot hold it',
    });
    expect(await eventsOf(h.api)).toEqual(['Warning ScaleDownBlocked']);
    expect(h.admin.calls).not.toContain('addServerTag');
    expect(await autoRebalance(h)).toEqual({ state: 'Idle' });
    expect((await h.cluster()).status).toMatchObject({ phase: 'Running', tabletServers: 3 });
    expect(await h.reconcile()).toEqual({ kind: 'requeueAfter', delayMs: 30_000 });

    // Dropping the table lifts the refusal; the drain starts.
    await h.admin.dropTable('shop.orders');
    await h.reconcile();
    expect(await conditionOf(h.api, 'ScaleDownBlocked')).toBeUndefined();
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleDown', servers: [2] });
  });

  it('refuses without a route to the coordinator: it cannot drain', async () => {
    const h = await runningCluster(3, 1);
    h.setNoRoute();
    await scaleTo(h, 2);
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(3);
    expect(await conditionOf(h.api, 'ScaleDownBlocked')).toMatchObject({ reason: 'NoRoute' });
    await scaleTo(h, 3);
    await h.reconcile();
    expect(await conditionOf(h.api, 'ScaleDownBlocked')).toBeUndefined();
  });

  it('resumes the drain after an operator restart, and shrinks only after it', async () => {
    const h = await runningCluster(4);
    await scaleTo(h, 3);
    await h.reconcile();
    const snapshot = await autoRebalance(h);
    expect(snapshot).toMatchObject({ step: 'Draining', rebalanceId: 'rb-1' });

    h.restartOperator();
    h.admin.calls.length = 0;
    await h.reconcile();
    expect(h.admin.calls).toEqual(['rebalanceProgress']);
    expect(await tabletReplicas(h.api)).toBe(4);
    h.admin.completeMoves();
    h.restartOperator();
    await h.reconcile();
    expect(await tabletReplicas(h.api)).toBe(3);
  });

  it('rebalances again when a drain round leaves replicas on the departing servers', async () => {
    const h = await runningCluster(4);
    await scaleTo(h, 3);
    await h.reconcile();
    h.admin.failRebalance('table dropped while moving');
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ step: 'Draining', rebalanceId: undefined });
    expect((await autoRebalance(h))?.lastError).toMatch(/^Rebalance rb-1 ended FAILED: table dropped while moving/);
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ step: 'Draining', rebalanceId: 'rb-2' });
    expect(await tabletReplicas(h.api)).toBe(4);
  });

  it('refuses a drain the coordinator cannot place until the spec changes', async () => {
    const h = await runningCluster(3, 2);
    // Server 1 is down: buckets on servers 0 and 2 have nowhere to go when 2 leaves.
    h.admin.setServer(1, { live: false });
    await scaleTo(h, 2);
    await h.reconcile();
    expect(await conditionOf(h.api, 'ScaleDownBlocked')).toMatchObject({ reason: 'UnmovableReplicas' });
    expect((await conditionOf(h.api, 'ScaleDownBlocked'))?.message).toMatch(/cannot move \d bucket\(s\) off servers 2 \(shop\.orders bucket/);
    expect((await h.admin.listServers()).every((server) => server.tags.length === 0)).toBe(true);
    expect((await h.admin.rebalanceProgress())?.state).toBe('CANCELING');
    h.admin.completeMoves();
    h.admin.calls.length = 0;
    await h.reconcile();
    expect(h.admin.calls).toEqual([]);
    expect(await tabletReplicas(h.api)).toBe(3);

    h.admin.setServer(1, { live: true });
    await h.api.mergePatch(clusterRef, { spec: { config: { 'log.segment.file-size': '1mb' } } });
    await h.reconcile();
    await h.syncSets();
    for (let step = 0; step < 6 && (await h.cluster()).status?.rollingRestart?.state !== 'Idle'; step++) {
      h.admin.registerServers([0, 1, 2]);
      h.admin.fillIsr();
      await h.reconcile();
      await h.syncSets();
    }
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleDown', servers: [2] });
  });

  it('a reverted scale-down cancels the drain, untags and rebalances back onto the servers it kept', async () => {
    const h = await runningCluster(5);
    await scaleTo(h, 3);
    await h.reconcile();
    h.admin.completeMoves(2);
    await scaleTo(h, 5);
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleDown', step: 'Canceling' });
    expect((await h.admin.rebalanceProgress())?.state).toBe('CANCELING');
    h.admin.completeMoves();
    await h.reconcile();
    expect((await h.admin.listServers()).every((server) => server.tags.length === 0)).toBe(true);
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleUp', servers: [3, 4] });
    await h.reconcile();
    expect(await autoRebalance(h)).toMatchObject({ state: 'RebalanceOnScaleUp', step: 'Rebalancing', rebalanceId: 'rb-2' });
    expect(await tabletReplicas(h.api)).toBe(5);
  });

  it('does not start while a rolling restart is under way', async () => {
    const h = await runningCluster(4);
    await h.api.mergePatch(clusterRef, { spec: { config: { 'log.segment.file-size': '1mb' }, tabletServers: { replicas: 3 } } });
    await h.reconcile();
    expect(await autoRebalance(h)).toEqual({ state: 'Idle', message: 'Scale-down waits for the rolling restart to finish' });
    expect(h.admin.calls).not.toContain('addServerTag');
  });
});

describe('replicasFor', () => {
  const state = (fields: Partial<AutoRebalanceStatus>): AutoRebalanceStatus => ({ state: 'Idle', ...fields });
  it.each([
    ['a new cluster takes the spec', state({}), 3, undefined, 3],
    ['a scale-up takes the spec at once', state({}), 5, 3, 5],
    ['a scale-down keeps every pod until it drained', state({}), 3, 5, 5],
    ['a drain keeps the count it started from', state({ state: 'RebalanceOnScaleDown', step: 'Draining', fromReplicas: 5, toReplicas: 3 }), 3, 5, 5],
    ['a drained scale-down shrinks', state({ state: 'RebalanceOnScaleDown', step: 'Shrinking', fromReplicas: 5, toReplicas: 3 }), 3, 5, 3],
  ])('%s', (_name, current, spec, live, expected) => {
    expect(replicasFor(current, spec, live)).toBe(expected);
  });
});
