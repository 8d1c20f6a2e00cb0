import { describe, expect, it } from 'vitest';
import type { FlussRebalance, FlussRebalanceSpec } from '../../api/types.ts';
import { FakeCoordinatorAdmin } from '../../coordinator/fake-admin.ts';
import type { KubeObject } from '../../kube/kube-api.ts';
import { sampleCluster } from '../../specs/fixtures.ts';
import { testContext } from '../test-context.ts';
import { reconcileRebalance, type RebalanceReconcilerDeps } from './reconcile.ts';

const ref = { apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussRebalance', namespace: 'data', name: 'spread' };

/** A cluster of 3 servers plus 2 new ones without replicas, and a FlussRebalance for it. */
async function setup(spec: Partial<FlussRebalanceSpec> = {}, options: { cluster?: boolean; route?: boolean } = {}) {
  const context = testContext();
  const admin = new FakeCoordinatorAdmin();
  admin.registerServers([0, 1, 2]);
  await admin.createTable({
    database: 'shop',
    name: 'orders',
    schema: { columns: [{ name: 'id', type: 'BIGINT' }] },
    buckets: 6,
    properties: { 'table.replication.factor': '2' },
  });
  admin.registerServers([3, 4]);
  let route = options.route ?? true;
  const deps: RebalanceReconcilerDeps = { ...context, adminFor: async () => (route ? admin : undefined) };
  if (options.cluster ?? true) {
    const { metadata, ...rest } = sampleCluster();
    await context.api.create({ ...rest, metadata: { name: metadata.name, namespace: 'data' } } as KubeObject);
  }
  await context.api.create({
    apiVersion: 'fluss.dev/v1alpha1',
    kind: 'FlussRebalance',
    metadata: { name: 'spread', namespace: 'data' },
    spec: { clusterRef: { name: 'demo' }, ...spec },
  } as KubeObject);
  const api = context.api;
  return {
    api,
    admin,
    reconcile: () => reconcileRebalance(deps, 'data/spread'),
    resource: async () => (await api.get<FlussRebalance>(ref)) as FlussRebalance,
    annotate: (value: string) => api.mergePatch(ref, { metadata: { annotations: { 'fluss.dev/rebalance': value } } }),
    events: async () => (await api.list<KubeObject & { type?: string; reason?: string }>('v1', 'Event')).items.map((event) => `${event.type} ${event.reason}`),
    setRoute: (value: boolean) => (route = value),
  };
}

const conditionTypes = (resource: FlussRebalance) => resource.status?.conditions?.map((condition) => `${condition.type} ${condition.reason}`);

describe('FlussRebalance', () => {
  it('proposes a plan, runs it on approval, shows the progress and ends Ready', async () => {
    const t = await setup({ goals: ['REPLICA_DISTRIBUTION'], maxConcurrentMoves: 2, throttleBytesPerSecond: 5_000_000 });
    expect(await t.reconcile()).toEqual({ kind: 'done' });
    let resource = await t.resource();
    expect(resource.status).toMatchObject({ state: 'ProposalReady', observedGeneration: 1 });
    expect(resource.status?.proposal?.goals).toEqual(['REPLICA_DISTRIBUTION']);
    const proposed = resource.status?.proposal?.movesTotal ?? 0;
    expect(proposed).toBeGreaterThan(0);
    expect(resource.status?.proposal?.moves[0]).toMatchObject({
      table: 'shop.orders',
      bucket: expect.any(Number),
      from: expect.any(Array),
      to: expect.any(Array),
    });
    expect(conditionTypes(resource)).toEqual(['ProposalReady ProposalReady']);
    // A dry run changes nothing in the coordinator.
    expect(await t.admin.rebalanceProgress()).toBeUndefined();

    await t.annotate('approve');
    expect(await t.reconcile()).toEqual({ kind: 'requeueAfter', delayMs: 5_000 });
    resource = await t.resource();
    expect(resource.status).toMatchObject({
      state: 'Rebalancing',
      rebalanceId: 'rb-1',
      progress: { movesTotal: proposed, movesDone: 0, coordinatorState: 'IN_PROGRESS' },
    });
    expect(resource.metadata.annotations?.['fluss.dev/rebalance']).toBeUndefined();
    expect(await t.admin.rebalanceProgress()).toMatchObject({ maxConcurrentMoves: 2, throttleBytesPerSec: 5_000_000, goals: ['REPLICA_DISTRIBUTION'] });

    t.admin.completeMoves(1);
    await t.reconcile();
    expect((await t.resource()).status?.progress).toMatchObject({ movesDone: 1 });
    t.admin.completeMoves();
    expect(await t.reconcile()).toEqual({ kind: 'done' });
    resource = await t.resource();
    expect(resource.status).toMatchObject({ state: 'Ready', progress: { movesDone: proposed, coordinatorState: 'COMPLETED', finishedAt: expect.any(String) } });
    expect(conditionTypes(resource)).toEqual(['Ready Completed']);
    expect(await t.events()).toEqual(['Normal RebalanceStarted', 'Normal RebalanceCompleted']);
  });

  it('stops a running rebalance on the stop annotation', async () => {
    const t = await setup();
    await t.reconcile();
    await t.annotate('approve');
    await t.reconcile();
    t.admin.completeMoves(1);
    await t.annotate('stop');
    await t.reconcile();
    expect((await t.resource()).status).toMatchObject({ state: 'Stopping', progress: { coordinatorState: 'CANCELING' } });
    t.admin.completeMoves();
    await t.reconcile();
    const resource = await t.resource();
    expect(resource.status).toMatchObject({ state: 'Stopped', progress: { movesDone: 1, coordinatorState: 'CANCELED' } });
    expect(resource.status?.progress?.movesCanceled).toBeGreaterThan(0);
    expect(resource.metadata.annotations?.['fluss.dev/rebalance']).toBeUndefined();
  });

  it('keeps an approval until another rebalance has finished', async () => {
    const t = await setup();
    await t.reconcile();
    await t.admin.rebalance();
    await t.annotate('approve');
    await t.reconcile();
    let resource = await t.resource();
    expect(resource.status?.state).toBe('ProposalReady');
    expect(conditionTypes(resource)).toEqual(['ProposalReady WaitingForOtherRebalance']);
    expect(resource.metadata.annotations?.['fluss.dev/rebalance']).toBe('approve');
    t.admin.completeMoves();
    await t.reconcile();
    resource = await t.resource();
    // The other rebalance already did the work: ours has nothing to move.
    expect(resource.status).toMatchObject({ state: 'Ready', rebalanceId: 'rb-2' });
  });

  it('says why a rebalance failed, warns, and proposes again on refresh', async () => {
    const t = await setup();
    await t.reconcile();
    await t.annotate('approve');
    await t.reconcile();
    t.admin.failRebalance('table shop.orders was dropped');
    await t.reconcile();
    let resource = await t.resource();
    expect(resource.status?.state).toBe('NotReady');
    expect(resource.status?.conditions?.[0]).toMatchObject({ type: 'NotReady', reason: 'RebalanceFailed' });
    expect(resource.status?.conditions?.[0]?.message).toMatch(
      /^Rebalance rb-1 failed after 0\/\d+ moves done: shop\.orders bucket \d: table shop\.orders was dropped$/,
    );
    expect(await t.events()).toContain('Warning RebalanceFailed');

    await t.annotate('refresh');
    await t.reconcile();
    resource = await t.resource();
    expect(resource.status?.state).toBe('ProposalReady');
    expect(resource.status?.rebalanceId).toBeUndefined();
    expect(resource.metadata.annotations?.['fluss.dev/rebalance']).toBeUndefined();
  });

  it('follows the same run after an operator restart', async () => {
    const t = await setup();
    await t.reconcile();
    await t.annotate('approve');
    await t.reconcile();
    // A restarted operator knows only the status; the coordinator keeps the run.
    const restarted = { ...testContext(), adminFor: async () => t.admin } satisfies RebalanceReconcilerDeps;
    for (const [key, object] of t.api.objects) restarted.api.objects.set(key, structuredClone(object));
    t.admin.calls.length = 0;
    t.admin.completeMoves();
    await reconcileRebalance(restarted, 'data/spread');
    expect(t.admin.calls).toEqual(['rebalanceProgress']);
    expect((await restarted.api.get<FlussRebalance>(ref))?.status?.state).toBe('Ready');
  });

  it('proposes again when the spec changes before approval', async () => {
    const t = await setup();
    await t.reconcile();
    await t.api.mergePatch(ref, { spec: { goals: ['LEADER_DISTRIBUTION'] } });
    await t.reconcile();
    expect((await t.resource()).status).toMatchObject({ state: 'ProposalReady', observedGeneration: 2, proposal: { goals: ['LEADER_DISTRIBUTION'] } });
  });

  it('waits for its cluster and for a route to it', async () => {
    const t = await setup({}, { cluster: false });
    expect(await t.reconcile()).toEqual({ kind: 'requeueAfter', delayMs: 30_000 });
    expect(conditionTypes(await t.resource())).toEqual(['PendingProposal ClusterNotFound']);

    const u = await setup({}, { route: false });
    expect(await u.reconcile()).toEqual({ kind: 'requeueAfter', delayMs: 60_000 });
    expect(conditionTypes(await u.resource())).toEqual(['PendingProposal NoRoute']);
    u.setRoute(true);
    await u.reconcile();
    expect(conditionTypes(await u.resource())).toEqual(['ProposalReady ProposalReady']);
  });
});
