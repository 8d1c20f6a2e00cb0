import { describe, expect, it } from 'vitest';
import { FlussError } from '../../../server/src/rpc/errors.ts';
import { readClusterView } from './cluster-view.ts';
import { FakeCoordinatorAdmin } from './fake-admin.ts';

async function twoTables(): Promise<FakeCoordinatorAdmin> {
  const admin = new FakeCoordinatorAdmin();
  admin.registerServers([0, 1, 2]);
  const columns = { columns: [{ name: 'id', type: 'BIGINT' }] };
  await admin.createTable({
    database: 'shop',
    name: 'orders',
    schema: columns,
    buckets: 2,
    properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
  });
  await admin.createTable({ database: 'web', name: 'clicks', schema: columns, buckets: 1, properties: { 'table.replication.factor': '2' } });
  return admin;
}

describe('readClusterView', () => {
  it('lists every table with its RF and min ISR, and every bucket with replicas and ISR', async () => {
    const view = await readClusterView(await twoTables());
    expect(view.tables).toEqual([
      { path: 'shop.orders', replicationFactor: 3, minInsyncReplicas: 2 },
      { path: 'web.clicks', replicationFactor: 2, minInsyncReplicas: 1 },
    ]);
    expect(view.buckets.map((bucket) => bucket.name)).toEqual(['shop.orders bucket 0', 'shop.orders bucket 1', 'web.clicks bucket 0']);
    expect(view.buckets[0]).toMatchObject({ replicas: [0, 1, 2], isr: [0, 1, 2], adding: [], minInsyncReplicas: 2 });
    expect(view.servers.map((server) => server.node?.id)).toEqual([0, 1, 2]);
  });

  it('skips a table dropped between listing and metadata', async () => {
    const admin = await twoTables();
    const metadata = admin.clusterMetadata.bind(admin);
    let first = true;
    admin.clusterMetadata = async (paths) => {
      if (first) {
        first = false;
        await admin.dropTable('web.clicks');
        throw new FlussError('UNKNOWN_TABLE', 'Table web.clicks does not exist');
      }
      return metadata(paths);
    };
    const view = await readClusterView(admin);
    expect(view.tables.map((table) => table.path)).toEqual(['shop.orders']);
  });
});
