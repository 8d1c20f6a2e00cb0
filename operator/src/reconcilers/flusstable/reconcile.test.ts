import { describe, expect, it } from 'vitest';
import type { FlussTable, FlussTableSpec } from '../../api/types.ts';
import { KubeApiError, type KubeObject } from '../../kube/kube-api.ts';
import { FakeCoordinatorAdmin } from '../../coordinator/fake-admin.ts';
import { sampleCluster } from '../../specs/fixtures.ts';
import { testContext } from '../test-context.ts';
import { reconcileTable, type TableReconcilerDeps } from './reconcile.ts';

const tableRef = { apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussTable', namespace: 'data', name: 'orders' };
const spec: FlussTableSpec = {
  clusterRef: { name: 'demo' },
  database: 'shop',
  name: 'orders',
  schema: {
    columns: [
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'amount', type: 'DECIMAL(10,2)' },
    ],
  },
  primaryKey: ['id'],
  properties: { 'table.log.ttl': '7d' },
  deletionPolicy: 'Delete',
};

async function setup(tableSpec: FlussTableSpec = spec, withCluster = true) {
  const context = testContext();
  const admin = new FakeCoordinatorAdmin();
  const deps: TableReconcilerDeps = { ...context, adminFor: async () => admin, pollIntervalMs: 1000 };
  if (withCluster) {
    const { metadata, ...rest } = sampleCluster();
    await context.api.create({ ...rest, metadata: { name: metadata.name, namespace: 'data' } });
  }
  await context.api.create<FlussTable>({
    apiVersion: 'fluss.dev/v1alpha1',
    kind: 'FlussTable',
    metadata: { name: 'orders', namespace: 'data' },
    spec: tableSpec,
  });
  const read = async () => context.api.get<FlussTable>(tableRef);
  return { deps, api: context.api, admin, read };
}

describe('reconcileTable', () => {
  it('creates a missing table, adds the finalizer, reports Ready with the table id', async () => {
    const { deps, admin, read } = await setup();
    expect(await reconcileTable(deps, 'data/orders')).toEqual({ kind: 'requeueAfter', delayMs: 1000 });
    expect(admin.tables.get('shop.orders')?.primaryKey).toEqual(['id']);
    const table = await read();
    expect(table?.metadata.finalizers).toEqual(['fluss.dev/table-cleanup']);
    expect(table?.status).toMatchObject({ phase: 'Ready', tableId: 1, buckets: 3, observedGeneration: 1, managedProperties: ['table.log.ttl'] });
  });

  it('reports the bytes and segments the table keeps in object storage, and keeps them when the coordinator does not say', async () => {
    const { deps, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.status).toMatchObject({ remoteLogBytes: 0, remoteLogSegments: 0 });
    const bucket = (b: number, sizeBytes: number, segments: number) => ({
      partitionId: -1,
      bucket: b,
      startOffset: 0,
      endOffset: 10 * segments,
      sizeBytes,
      segments,
    });
    admin.remoteLogByTable.set('shop.orders', [bucket(0, 4096, 2), bucket(1, 0, 0), bucket(2, 1000, 1)]);
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.status).toMatchObject({ phase: 'Ready', remoteLogBytes: 5096, remoteLogSegments: 3 });
    admin.remoteLogsError = new Error('unimplemented');
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.status).toMatchObject({ phase: 'Ready', remoteLogBytes: 5096, remoteLogSegments: 3 });
  });

  it('recreates the table after an out-of-band drop and writes nothing when all matches', async () => {
    const { deps, api, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    expect(api.writes.filter((write) => write.includes('Event/'))).toHaveLength(1);
    api.writes.length = 0;
    await reconcileTable(deps, 'data/orders');
    expect(api.writes).toEqual([]);
    await admin.dropTable({ database: 'shop', table: 'orders' });
    await reconcileTable(deps, 'data/orders');
    expect(admin.tables.has('shop.orders')).toBe(true);
    expect((await read())?.status?.tableId).toBe(2);
  });

  it('alters properties and reports schema changes as unsupported without touching the table', async () => {
    const { deps, api, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    await api.mergePatch(tableRef, {
      spec: {
        properties: { 'table.log.ttl': null, 'table.datalake.enabled': 'true' },
        schema: { columns: [...spec.schema.columns, { name: 'note', type: 'STRING' }] },
      },
    });
    await reconcileTable(deps, 'data/orders');
    expect(admin.tables.get('shop.orders')?.properties).toEqual({ 'table.datalake.enabled': 'true' });
    expect(admin.tables.get('shop.orders')?.schema?.columns).toHaveLength(2);
    expect((await read())?.status?.conditions?.find((c) => c.type === 'SpecApplied')).toMatchObject({
      status: 'False',
      reason: 'UnsupportedChange',
      message: 'These changes cannot be applied to an existing table: column note would be added',
    });
  });

  it('reports a refused spec precisely and waits instead of hot-retrying', async () => {
    const { deps, api, read } = await setup({ ...spec, schema: { columns: [{ name: 'id', type: 'NOPE' }] }, primaryKey: [] });
    expect(await reconcileTable(deps, 'data/orders')).toEqual({ kind: 'requeueAfter', delayMs: 1000 });
    expect((await read())?.status?.conditions?.[0]).toMatchObject({
      type: 'Ready',
      status: 'False',
      reason: 'InvalidSpec',
      message: 'The coordinator refused the table: unknown type NOPE',
    });
    const events = (await api.list<KubeObject & { reason?: string; type?: string }>('v1', 'Event')).items;
    expect(events.map((event) => [event.type, event.reason])).toEqual([['Warning', 'InvalidSpec']]);
    await reconcileTable(deps, 'data/orders');
    expect((await api.list('v1', 'Event')).items).toHaveLength(1);
  });

  it('retries with backoff while the coordinator is unavailable', async () => {
    const { deps, admin, read } = await setup();
    admin.available = false;
    expect((await reconcileTable(deps, 'data/orders')).kind).toBe('retry');
    expect((await read())?.status?.conditions?.[0]).toMatchObject({ reason: 'CoordinatorUnavailable' });
  });

  it('drops the table on delete with deletionPolicy Delete, then releases the finalizer', async () => {
    const { deps, api, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    await api.mergePatch(tableRef, { metadata: { deletionTimestamp: '2026-11-26T12:00:00Z' } });
    await reconcileTable(deps, 'data/orders');
    expect(admin.tables.has('shop.orders')).toBe(false);
    expect((await read())?.metadata.finalizers).toEqual([]);
  });

  it('keeps the finalizer while the coordinator cannot be reached, and releases it once the cluster is gone', async () => {
    const { deps, api, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    await api.mergePatch(tableRef, { metadata: { deletionTimestamp: '2026-11-26T12:00:00Z' } });
    admin.available = false;
    await expect(reconcileTable(deps, 'data/orders')).rejects.toThrow('connection refused');
    expect((await read())?.metadata.finalizers).toEqual(['fluss.dev/table-cleanup']);
    await api.delete({ apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussCluster', namespace: 'data', name: 'demo' });
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.metadata.finalizers).toEqual([]);
  });

  it('keeps the table with deletionPolicy Retain and never adds a finalizer', async () => {
    const { deps, api, admin, read } = await setup({ ...spec, deletionPolicy: 'Retain' });
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.metadata.finalizers).toBeUndefined();
    await api.mergePatch(tableRef, { metadata: { deletionTimestamp: '2026-11-26T12:00:00Z' } });
    await reconcileTable(deps, 'data/orders');
    expect(admin.tables.has('shop.orders')).toBe(true);
  });

  it('says when the cluster reference does not resolve', async () => {
    const { deps, read } = await setup(spec, false);
    await reconcileTable(deps, 'data/orders');
    expect((await read())?.status?.conditions?.[0]).toMatchObject({ reason: 'ClusterNotFound', message: 'FlussCluster demo does not exist in this namespace' });
  });
});

describe('reconcileTable when a step fails or the table is paused', () => {
  it('reports a failed Kubernetes write as Ready=False (ReconcileFailed) and fails for the backoff', async () => {
    const { deps, api, admin, read } = await setup();
    api.refusals.set('patch FlussTable/data/orders', new KubeApiError(409, 'Conflict', 'the object has been modified'));
    await expect(reconcileTable(deps, 'data/orders')).rejects.toThrow('updating the finalizer: the object has been modified');
    expect((await read())?.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'ReconcileFailed' });
    expect(admin.calls).toEqual([]);
    const events = (await api.list<KubeObject & { reason?: string; type?: string }>('v1', 'Event')).items;
    expect(events.map((event) => [event.type, event.reason])).toEqual([['Warning', 'ReconcileFailed']]);
  });

  it('touches neither the coordinator nor the finalizer while paused, also on delete', async () => {
    const { deps, api, admin, read } = await setup();
    await reconcileTable(deps, 'data/orders');
    await api.mergePatch(tableRef, {
      metadata: { annotations: { 'fluss.dev/pause-reconciliation': 'true' } },
      spec: { properties: { 'table.log.ttl': '9d' } },
    });
    admin.calls.length = 0;
    expect(await reconcileTable(deps, 'data/orders')).toEqual({ kind: 'done' });
    await api.mergePatch(tableRef, { metadata: { deletionTimestamp: '2026-11-26T12:00:00Z' } });
    await reconcileTable(deps, 'data/orders');
    expect(admin.calls).toEqual([]);
    expect((await read())?.metadata.finalizers).toEqual(['fluss.dev/table-cleanup']);
    expect((await read())?.status?.conditions?.find((c) => c.type === 'ReconciliationPaused')).toMatchObject({ status: 'True' });

    await api.mergePatch(tableRef, { metadata: { annotations: { 'fluss.dev/pause-reconciliation': null } } });
    await reconcileTable(deps, 'data/orders');
    expect(admin.tables.has('shop.orders')).toBe(false);
    expect((await read())?.metadata.finalizers).toEqual([]);
  });
});
