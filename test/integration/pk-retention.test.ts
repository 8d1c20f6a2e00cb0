import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import { tempDir } from '../support/temp-dir.ts';

// `table.log.ttl` on a primary-key table: the tablet server deletes old changelog segments, but
// never one that KV recovery would replay (at or after the oldest kept snapshot's offset), so a
// restart still rebuilds every row.

const KEYS = 20;
const ROUNDS = 30;
const CONFIG = {
  'log.segment.file-size': '1kb',
  'log.retention.check-interval': '100ms',
  'kv.snapshot.interval': '200ms',
  'tablet-server.heartbeat.interval': '200ms',
};

/** Log offsets of the snapshots kept under a tablet server's data directory. */
function snapshotOffsets(dataDir: string): number[] {
  const tables = join(dataDir, 'tablet-server-0', 'tables');
  const offsets: number[] = [];
  for (const table of readdirSync(tables)) {
    for (const entry of readdirSync(join(tables, table)).filter((name) => name.endsWith('-kv'))) {
      for (const name of readdirSync(join(tables, table, entry, 'snapshots'))) {
        const match = /^snapshot-(\d+)\.kvs$/.exec(name);
        if (match !== null) offsets.push(Number(match[1]));
      }
    }
  }
  return offsets.sort((a, b) => a - b);
}

describe('log retention of a primary-key table', () => {
  const dir = tempDir('pk-retention');
  let cluster: LocalCluster | undefined;
  let connection: FlussConnection | undefined;

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('deletes changelog segments only below the snapshots, and a restart recovers every row', async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 1, config: CONFIG });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
    await connection.admin().createTable(
      {
        database: 'ttl',
        name: 'kv',
        schema: {
          columns: [
            { name: 'id', type: 'INT', nullable: false },
            { name: 'v', type: 'STRING' },
          ],
        },
        primaryKey: ['id'],
        buckets: 1,
        properties: { 'table.log.ttl': '1ms' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable('ttl.kv');
    const writer = table.newUpsertWriter();
    for (let round = 0; round < ROUNDS; round++) {
      for (let id = 0; id < KEYS; id++) await writer.upsert({ id, v: `round ${round} of key ${id}` });
      await writer.flush();
    }
    await writer.close();

    // Retention runs every 100 ms: wait until it deleted something once snapshots exist.
    const deadline = Date.now() + 20_000;
    let earliest = 0;
    while (earliest === 0) {
      if (Date.now() > deadline) throw new Error('retention deleted nothing');
      await new Promise((resolve) => setTimeout(resolve, 100));
      earliest = (await table.listOffsets('earliest'))[0]!.offset;
    }
    const [oldestSnapshot] = snapshotOffsets(dir.path);
    expect(oldestSnapshot).toBeDefined();
    expect(earliest).toBeLessThanOrEqual(oldestSnapshot!);

    connection.close();
    await cluster.stop();
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 1, config: CONFIG });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
    const rows = await (await connection.getTable('ttl.kv')).newLookuper().lookupAll(Array.from({ length: KEYS }, (_, id) => ({ id })));
    expect(rows.map((row) => row?.v)).toEqual(Array.from({ length: KEYS }, (_, id) => `round ${ROUNDS - 1} of key ${id}`));
  });
});
