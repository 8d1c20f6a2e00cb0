import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { eventually } from '../support/eventually.ts';
import { type FlussProcess, tabletServerArgs } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { processFixture } from '../support/process-fixture.ts';

// A coordinator and three tablet servers as separate processes; a table with three replicas per
// bucket and min ISR 2 written with acks=all while its leader is killed with SIGKILL.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const CONFIG = ['--config', 'tablet-server.heartbeat.interval=200ms', '--config', 'tablet-server.session.timeout=2s', '--config', 'replica.max-lag-ms=3000'];

describe('replication: three replicas, a leader killed under acks=all writes', () => {
  const { dir, processes, track } = processFixture('replication');

  it('loses no acknowledged row, and the ISR returns to three once the killed server is back', async () => {
    const coordinatorPort = await freePort();
    const bootstrap = `127.0.0.1:${coordinatorPort}`;
    await processes.start(
      ['coordinator', '--host', '127.0.0.1', '--port', String(coordinatorPort), '--data-dir', join(dir.path, 'coordinator'), ...CONFIG],
      /coordinator ready at/,
    );
    const ports = [await freePort(), await freePort(), await freePort()];
    const tabletArgs = (id: number) =>
      tabletServerArgs({ id, port: ports[id]!, dataDir: join(dir.path, `tablet-${id}`), coordinator: bootstrap, extra: CONFIG });
    const tablets: FlussProcess[] = [];
    for (let id = 0; id < 3; id++) tablets.push(await processes.start(tabletArgs(id), new RegExp(`tablet server ${id} ready at`)));
    const connection = track(await FlussConnection.connect({ bootstrap }));
    const admin = connection.admin();
    await eventually('three live servers', async () => (await admin.clusterMetadata()).tabletServers.length === 3, 15_000, 100);
    await admin.createTable(
      { database: 'rep', name: 'events', schema: SCHEMA, buckets: 1, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
      { createDatabase: true },
    );
    const location = async () => (await admin.clusterMetadata(['rep.events'])).tables[0]!.buckets[0]!;
    expect((await location()).replicas).toHaveLength(3);

    const writer = (await connection.getTable('rep.events')).newAppendWriter({ lingerMs: 1, retries: 1_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
    let next = 0;
    const write = async (rows: number) => {
      for (let i = 0; i < rows; i++, next++) await writer.append({ id: next, payload: `row-${next}` });
      await writer.flush();
    };
    await write(500);
    const first = await location();
    await eventually('a full ISR', async () => (await location()).isr.length === 3, 15_000, 100);

    tablets[first.leader]!.kill('SIGKILL');
    await tablets[first.leader]!.exited;
    await write(500);
    const second = await location();
    expect(second.leader).not.toBe(first.leader);
    expect(second.leaderEpoch).toBeGreaterThan(first.leaderEpoch);

    tablets[first.leader] = await processes.start(tabletArgs(first.leader), new RegExp(`tablet server ${first.leader} ready at`));
    await write(200);
    await eventually('the ISR back to three', async () => (await location()).isr.length === 3, 30_000, 200);
    await writer.close();

    const scanner = (await connection.getTable('rep.events')).newLogScanner();
    await scanner.subscribeAll('earliest');
    const seen: Array<{ id: number; offset: number }> = [];
    while (seen.length < next) {
      const records = await scanner.poll(1_000);
      if (records.length === 0) break;
      seen.push(...records.map((r) => ({ id: Number(r.row['id']), offset: r.offset })));
    }
    await scanner.close();
    expect(seen.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(seen.map((r) => r.offset)).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});
