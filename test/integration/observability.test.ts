import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('metrics and auto-partitioning on a local cluster', () => {
  const dir = tempDir('observability');
  let cluster: LocalCluster;
  let connection: FlussConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 2, metricsPort: 0 });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
  });
  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('creates the current and pre-created time partitions as soon as the table exists', async () => {
    await connection.admin().createTable(
      {
        database: 'obs',
        name: 'daily',
        schema: {
          columns: [
            { name: 'v', type: 'INT' },
            { name: 'dt', type: 'STRING', nullable: false },
          ],
        },
        partitionKeys: ['dt'],
        properties: { 'table.auto-partition.enabled': 'true', 'table.auto-partition.time-unit': 'DAY', 'table.auto-partition.num-precreate': '3' },
      },
      { createDatabase: true },
    );
    const partitions = (await connection.admin().listPartitions('obs.daily')).map((p) => p.name);
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(partitions).toHaveLength(3);
    expect(partitions[0]).toBe(today);
  });

  it('serves Prometheus metrics of every server, counting produced records', async () => {
    const table = await connection.getTable('obs.daily');
    const writer = table.newAppendWriter();
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    for (let v = 0; v < 25; v++) await writer.append({ v, dt: today });
    await writer.close();

    const response = await fetch(`http://127.0.0.1:${cluster.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/fluss_coordinator_live_tablet_servers\{server="coordinator"\} 2/);
    const produced = [...text.matchAll(/^fluss_tablet_produced_records_total\{server="tablet-server-\d+"\} (\d+)$/gm)].map((m) => Number(m[1]));
    expect(produced).toHaveLength(2);
    expect(produced.reduce((a, b) => a + b, 0)).toBe(25);
    expect(text).toMatch(/fluss_rpc_duration_seconds_count\{method="Produce",code="OK",server="tablet-server-\d+"\}/);
  });
});
