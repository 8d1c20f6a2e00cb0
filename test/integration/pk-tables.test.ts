import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection, RowError, type LogScanner, type ScanRecord, type TableDescriptor } from '../../server/src/client/index.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import { call } from '../../server/src/rpc/client.ts';
import { RowBatchEncoder } from '../../server/src/arrow/index.ts';
import { columnDefs } from '../../server/src/table/table-spec.ts';
import { tabletClient } from '../support/raw-clients.ts';
import { tempDir } from '../support/temp-dir.ts';

// Primary-key tables through the TypeScript client against a real local cluster: upserts,
// partial updates, deletes, point and prefix lookups, the changelog read with the log scanner,
// and bad input refused with nothing written.

const ORDERS: TableDescriptor = {
  database: 'pk',
  name: 'orders',
  schema: {
    columns: [
      { name: 'shop', type: 'STRING', nullable: false },
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'item', type: 'STRING' },
      { name: 'qty', type: 'INT' },
      { name: 'price', type: 'DECIMAL(10,2)' },
    ],
  },
  primaryKey: ['shop', 'id'],
  bucketKey: ['shop'],
  buckets: 3,
};

const TOTALS: TableDescriptor = {
  database: 'pk',
  name: 'totals',
  schema: {
    columns: [
      { name: 'k', type: 'INT', nullable: false },
      { name: 'n', type: 'BIGINT' },
      { name: 'top', type: 'INT' },
    ],
  },
  primaryKey: ['k'],
  buckets: 2,
  properties: { 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum', 'fields.top.agg': 'max' },
};

async function readChangelog(scanner: LogScanner, count: number): Promise<ScanRecord[]> {
  const records: ScanRecord[] = [];
  const deadline = Date.now() + 20_000;
  while (records.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${records.length} of ${count} changelog records`);
    records.push(...(await scanner.poll(500)));
  }
  return records;
}

describe('primary-key tables against a local cluster', () => {
  const dir = tempDir('pk');
  let cluster: LocalCluster;
  let connection: FlussConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 2 });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
    await connection.admin().createTable(ORDERS, { createDatabase: true });
    await connection.admin().createTable(TOTALS);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('upserts, partially updates and deletes; lookups and prefix lookups see the result', async () => {
    const table = await connection.getTable('pk.orders');
    const writer = table.newUpsertWriter();
    for (let id = 1; id <= 6; id++) await writer.upsert({ shop: id % 2 === 0 ? 'north' : 'south', id, item: `item-${id}`, qty: id, price: '1.50' });
    await writer.upsert({ shop: 'north', id: 2, item: 'replaced', qty: 20, price: '9.99' });
    await writer.delete({ shop: 'south', id: 5 });
    await writer.flush();
    const partial = table.newUpsertWriter({ targetColumns: ['qty'] });
    await partial.upsert({ shop: 'south', id: 3, qty: 33 });
    await partial.flush();

    const lookuper = table.newLookuper();
    expect(await lookuper.lookup({ shop: 'north', id: 2 })).toEqual({ shop: 'north', id: 2n, item: 'replaced', qty: 20, price: '9.99' });
    expect(await lookuper.lookup({ shop: 'south', id: 3 })).toEqual({ shop: 'south', id: 3n, item: 'item-3', qty: 33, price: '1.50' });
    expect(await lookuper.lookup({ shop: 'south', id: 5 })).toBeUndefined();
    const batch = await lookuper.lookupAll([
      { shop: 'south', id: 1 },
      { shop: 'nowhere', id: 1 },
      { shop: 'north', id: 6 },
    ]);
    expect(batch.map((row) => row?.item)).toEqual(['item-1', undefined, 'item-6']);

    const byShop = table.newPrefixLookuper();
    expect((await byShop.lookup({ shop: 'north' })).map((row) => row.id)).toEqual([2n, 4n, 6n]);
    expect((await byShop.lookup({ shop: 'south' })).map((row) => row.id)).toEqual([1n, 3n]);
    expect(await byShop.lookup({ shop: 'east' })).toEqual([]);

    const scanner = table.newLogScanner();
    await scanner.subscribeAll('earliest');
    const changes = await readChangelog(scanner, 11);
    await scanner.close();
    const forKey = (shop: string, id: number): string[] =>
      changes.filter((c) => c.row.shop === shop && c.row.id === BigInt(id)).map((c) => `${c.changeType} ${String(c.row.qty)}`);
    expect(forKey('north', 2)).toEqual(['+I 2', '-U 2', '+U 20']);
    expect(forKey('south', 5)).toEqual(['+I 5', '-D 5']);
    expect(forKey('south', 3)).toEqual(['+I 3', '-U 3', '+U 33']);

    // A projection keeps the change type even when it is not asked for.
    const projected = table.newLogScanner({ columns: ['id'] });
    await projected.subscribeAll('earliest');
    const first = (await readChangelog(projected, 1))[0]!;
    await projected.close();
    expect(Object.keys(first.row)).toEqual(['id']);
    expect(first.changeType).toBe('+I');
  });

  it('aggregates per column with the aggregation merge engine', async () => {
    const table = await connection.getTable('pk.totals');
    const writer = table.newUpsertWriter();
    for (let i = 0; i < 10; i++) await writer.upsert({ k: i % 2, n: i, top: (i * 7) % 10 });
    await writer.flush();
    const rows = await table.newLookuper().lookupAll([{ k: 0 }, { k: 1 }]);
    expect(rows).toEqual([
      { k: 0, n: 20n, top: 8 },
      { k: 1, n: 25n, top: 9 },
    ]);
  });

  it('refuses bad input with a precise error and writes nothing', async () => {
    const table = await connection.getTable('pk.orders');
    const writer = table.newUpsertWriter();
    await expect(writer.upsert({ id: 1, item: 'no shop' })).rejects.toThrow(RowError);
    await expect(writer.upsert({ shop: 'north', id: null })).rejects.toThrow(/column "id" is not nullable/);
    await expect(writer.upsert({ shop: 'north', id: 'seven' })).rejects.toThrow(/column "id" expects BIGINT/);
    await expect(writer.upsert({ shop: 'north', id: 7, colour: 'red' })).rejects.toThrow(/column "colour" is not a column/);
    const partial = table.newUpsertWriter({ targetColumns: ['qty'] });
    await expect(partial.upsert({ shop: 'north', id: 7, item: 'x' })).rejects.toThrow(/"item" is not a target column/);
    await expect(table.newLookuper().lookup({ shop: 'north' })).rejects.toThrow(/Row 0: column "id" is not nullable/);

    // What the client never sends, the server refuses too: a batch whose ops do not match its rows.
    const info = table.info;
    const encoder = new RowBatchEncoder(columnDefs(info));
    encoder.append({ shop: 'west', id: 1, item: 'a', qty: 1, price: '1.00' });
    const leader = cluster.tabletServers.map((s) => tabletClient(`127.0.0.1:${s.port}`));
    const request = {
      tableId: info.tableId,
      partitionId: -1,
      bucket: 0,
      schemaId: info.schema?.schemaId ?? 0,
      arrowIpc: encoder.finish(),
      ops: new Uint8Array([0, 1]),
      targetColumnIds: [],
      writerId: -1,
      batchSequence: 0,
    };
    const answers = await Promise.allSettled(leader.map((client) => call(client, client.putKv, request)));
    const refusal = answers.find((a) => a.status === 'rejected' && /1 rows but 2 ops/.test(String(a.reason)));
    expect(refusal).toBeDefined();
    for (const client of leader) client.close();
    expect(await table.newLookuper().lookup({ shop: 'west', id: 1 })).toBeUndefined();
  });

  it('refuses Produce to a primary-key table', async () => {
    const table = await connection.getTable('pk.orders');
    const writer = table.newAppendWriter({ retries: 0 });
    await writer.append({ shop: 'north', id: 100, item: 'x', qty: 1, price: '1.00' });
    await expect(writer.flush()).rejects.toThrow(/is a primary-key table: write it with PutKv/);
  });
});
