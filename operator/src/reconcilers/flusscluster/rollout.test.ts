import type { V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { FlussCluster } from '../../api/types.ts';
import { isRolledOut } from './rollout.ts';
import { clusterRef, eventsOf, harness, hashOf, type Harness } from './test-support.ts';

function statefulSet(
  hash: string,
  status: { replicas?: number; ready?: number; updated?: number; current?: string; update?: string; observed?: number } = {},
): V1StatefulSet {
  return {
    metadata: { generation: 2 },
    spec: { replicas: 3, selector: {}, serviceName: 's', template: { metadata: { annotations: { 'fluss.dev/config-hash': hash } } } },
    status: {
      replicas: status.replicas ?? 3,
      readyReplicas: status.ready ?? 3,
      updatedReplicas: status.updated ?? 3,
      currentRevision: status.current ?? 'r2',
      updateRevision: status.update ?? 'r2',
      observedGeneration: status.observed ?? 2,
    },
  };
}

describe('isRolledOut', () => {
  it.each([
    ['every pod updated and ready', {}, true],
    ['the controller has not seen the new template yet', { observed: 1 }, false],
    ['a pod still runs the old revision', { updated: 2, current: 'r1' }, false],
    ['all updated, one not ready yet', { ready: 2 }, false],
    ['revisions not settled', { current: 'r1' }, false],
  ])('%s', (_name, status, expected) => {
    expect(isRolledOut(statefulSet('h', status))).toBe(expected);
  });
});

/** A 3-server cluster with two RF 3 tables (min ISR 2 and 1), every pod running and Ready. */
async function runningCluster(): Promise<Harness> {
  const h = await harness();
  h.admin.registerServers([0, 1, 2]);
  await h.admin.createTable({
    database: 'shop',
    name: 'orders',
    schema: { columns: [{ name: 'id', type: 'BIGINT' }] },
    buckets: 3,
    properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
  });
  await h.admin.createTable({
    database: 'shop',
    name: 'clicks',
    schema: { columns: [{ name: 'id', type: 'BIGINT' }] },
    buckets: 2,
    properties: { 'table.replication.factor': '3' },
  });
  await h.reconcile();
  await h.syncSets();
  await h.reconcile();
  return h;
}

const partition = async (h: Harness) =>
  (await h.api.get<import('@kubernetes/client-node').V1StatefulSet>({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'data', name: 'demo-tablet' }))
    ?.spec?.updateStrategy?.rollingUpdate?.partition;
const rolling = async (h: Harness) => (await h.cluster()).status?.rollingRestart;
const changeConfig = (h: Harness, value: string) => h.api.mergePatch(clusterRef, { spec: { config: { 'log.segment.file-size': value } } });

describe('rolling restart of the tablet servers', () => {
  it('restarts one server at a time, highest first, each after the one before caught up, and the coordinator last', async () => {
    const h = await runningCluster();
    const oldHash = await hashOf(h.api, 'demo-coordinator');
    await changeConfig(h, '1mb');
    await h.reconcile();
    const newHash = await hashOf(h.api, 'demo-tablet');
    expect(newHash).not.toBe(oldHash);
    // The new template is there, but no pod may take it yet.
    expect(await partition(h)).toBe(3);
    expect(await h.syncSets()).toBeUndefined();

    for (const server of [2, 1, 0]) {
      await h.reconcile();
      expect(await partition(h)).toBe(server);
      expect(await h.syncSets()).toBe(server);
      await h.reconcile();
      expect((await rolling(h))?.message).toBe(`Waiting for tablet server ${server} to register again`);
      // The restarted server registered again, but its replicas are out of the ISR: nothing moves on.
      h.admin.registerServers([server]);
      await h.reconcile();
      expect(await partition(h)).toBe(server);
      expect(await rolling(h)).toMatchObject({ state: 'Restarting', server });
      expect((await rolling(h))?.message).toContain(`server ${server} not back in the ISR yet`);
      expect(await hashOf(h.api, 'demo-coordinator')).toBe(oldHash);
      expect((await h.cluster()).status?.phase).toBe('Updating');
      h.admin.fillIsr();
    }
    expect(h.tabletSet.restarted).toEqual([2, 1, 0]);
    await h.reconcile();
    expect(await rolling(h)).toEqual({ state: 'Idle' });
    expect(await hashOf(h.api, 'demo-coordinator')).toBe(newHash);
    await h.syncSets();
    expect(await h.reconcile()).toEqual({ kind: 'done' });
    expect((await h.cluster()).status).toMatchObject({ phase: 'Running', configHash: newHash });
  });

  it('never restarts a server that would take a bucket below its min ISR (the KafkaRoller rule)', async () => {
    const h = await runningCluster();
    await changeConfig(h, '1mb');
    await h.reconcile();
    await h.syncSets();
    // Server 0 is down: every orders bucket is at its min ISR of 2 with servers 1 and 2 in it.
    h.admin.setServer(0, { live: false });
    for (const bucket of h.admin.bucketsOf('shop.orders')) bucket.isr = [1, 2];
    for (const bucket of h.admin.bucketsOf('shop.clicks')) bucket.isr = [1, 2];
    await h.reconcile();
    expect(await partition(h)).toBe(3);
    expect(await rolling(h)).toMatchObject({ state: 'Waiting', server: 2 });
    expect((await rolling(h))?.message).toMatch(/restarting server 2 would take shop\.orders bucket \d below its min ISR 2/);
    await h.reconcile();
    expect(h.tabletSet.restarted).toEqual([]);

    // RF 3 with min ISR 1 (clicks) never blocks; once server 0 is back and in sync the roll goes on.
    h.admin.setServer(0, { live: true });
    h.admin.fillIsr();
    await h.reconcile();
    expect(await partition(h)).toBe(2);
  });

  it('waits while a rebalance moves replicas', async () => {
    const h = await runningCluster();
    h.admin.registerServers([3]);
    await h.admin.rebalance();
    await changeConfig(h, '2mb');
    await h.reconcile();
    await h.syncSets();
    await h.reconcile();
    expect(await partition(h)).toBe(3);
    expect((await rolling(h))?.message).toMatch(/^Waiting for rebalance rb-1 to finish/);
    h.admin.completeMoves();
    await h.reconcile();
    expect(await partition(h)).toBe(2);
  });

  it('resumes from the StatefulSet partition after an operator restart', async () => {
    const h = await runningCluster();
    await changeConfig(h, '1mb');
    await h.reconcile();
    await h.syncSets();
    await h.reconcile();
    await h.syncSets();
    h.admin.registerServers([2]);
    h.admin.fillIsr();
    expect(await partition(h)).toBe(2);

    h.restartOperator();
    await h.reconcile();
    expect(await partition(h)).toBe(1);
    expect(h.tabletSet.restarted).toEqual([2]);
  });

  it('lets the coordinator take the new template first when it does not answer', async () => {
    const h = await runningCluster();
    const oldHash = await hashOf(h.api, 'demo-coordinator');
    await changeConfig(h, '1mb');
    await h.reconcile();
    await h.syncSets();
    h.admin.available = false;
    await h.reconcile();
    expect(await partition(h)).toBe(3);
    expect((await rolling(h))?.message).toMatch(/^Waiting for the coordinator: connection refused/);
    expect(await hashOf(h.api, 'demo-coordinator')).not.toBe(oldHash);
  });

  it('without a route to the coordinator, steps on pod readiness alone', async () => {
    const h = await runningCluster();
    h.setNoRoute();
    await changeConfig(h, '1mb');
    await h.reconcile();
    await h.syncSets();
    for (const server of [2, 1, 0]) {
      await h.reconcile();
      expect(await partition(h)).toBe(server);
      await h.syncSets();
    }
    await h.reconcile();
    expect(await rolling(h)).toEqual({ state: 'Idle' });
    expect(await eventsOf(h.api)).toEqual([]);
  });

  it('does not roll a new cluster or a scale-up', async () => {
    const h = await runningCluster();
    await h.api.mergePatch(clusterRef, { spec: { tabletServers: { replicas: 4 } } });
    await h.reconcile();
    await h.syncSets();
    const cluster: FlussCluster = await h.cluster();
    expect(cluster.status?.rollingRestart).toEqual({ state: 'Idle' });
    expect(h.tabletSet.restarted).toEqual([]);
  });
});
