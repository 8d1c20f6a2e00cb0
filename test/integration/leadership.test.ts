import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { runFluss, tabletServerArgs, coordinatorArgs } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { processFixture } from '../support/process-fixture.ts';
import { eventually } from '../support/eventually.ts';

// Real coordinator and tablet-server processes: what the coordinator does with a bucket's
// leadership when a tablet server's session expires and when the server comes back.

const SCHEMA = { columns: [{ name: 'id', type: 'BIGINT', nullable: false }] };

describe('leadership when a tablet server goes away and comes back', () => {
  const { dir, processes, track } = processFixture('leadership');

  it('a bucket whose only replica is down has no leader; the server back, it leads again with a new epoch and every row', async () => {
    const coordinatorPort = await freePort();
    const tabletPort = await freePort();
    await processes.start(
      coordinatorArgs({
        port: coordinatorPort,
        dataDir: join(dir.path, 'coordinator'),
        extra: ['--config', 'tablet-server.heartbeat.interval=100ms', '--config', 'tablet-server.session.timeout=1s'],
      }),
      /coordinator ready at/,
    );
    const tabletArgs = tabletServerArgs({ id: 0, port: tabletPort, dataDir: join(dir.path, 'tablet-0'), coordinator: `127.0.0.1:${coordinatorPort}` });
    let tablet = await processes.start(tabletArgs, /tablet server 0 ready at/);
    const bootstrap = `127.0.0.1:${coordinatorPort}`;
    const connection = track(await FlussConnection.connect({ bootstrap }));
    const admin = connection.admin();
    await admin.createTable({ database: 'lead', name: 'events', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    const writer = (await connection.getTable('lead.events')).newAppendWriter({ lingerMs: 1 });
    for (let id = 0; id < 10; id++) await writer.append({ id });
    await writer.flush();
    await writer.close();
    const location = async () => (await admin.clusterMetadata(['lead.events'])).tables[0]!.buckets[0]!;
    const before = await location();
    expect(before).toMatchObject({ leader: 0, replicas: [0], isr: [0] });

    tablet.kill('SIGKILL');
    await tablet.exited;
    await eventually('the bucket to lose its leader', async () => (await location()).leader === -1, 15_000, 100);
    const offline = await location();
    expect(offline).toMatchObject({ leader: -1, replicas: [0], isr: [0], leaderEpoch: before.leaderEpoch });
    expect(offline.bucketEpoch).toBeGreaterThan(before.bucketEpoch);
    const cluster = await runFluss(['cluster', 'describe', '--json', '--bootstrap', bootstrap]);
    expect(JSON.parse(cluster.stdout)).toMatchObject({
      tabletServers: [],
      offline: [{ table: 'lead.events', bucket: 0, replicas: [0], isr: [0] }],
      underReplicated: [],
    });
    const described = JSON.parse((await runFluss(['table', 'describe', 'lead.events', '--json', '--bootstrap', bootstrap])).stdout);
    expect(described.buckets).toMatchObject([{ leader: -1, isr: [0], highWatermark: null }]);

    tablet = await processes.start(tabletArgs, /tablet server 0 ready at/);
    await eventually('server 0 to lead again', async () => (await location()).leader === 0, 15_000, 100);
    expect((await location()).leaderEpoch).toBe(before.leaderEpoch + 1);
    const healthy = await runFluss(['cluster', 'describe', '--bootstrap', bootstrap]);
    expect(healthy.stdout).toContain('All buckets have a leader and a full ISR.');
    const back = JSON.parse((await runFluss(['table', 'describe', 'lead.events', '--json', '--bootstrap', bootstrap])).stdout);
    expect(back.buckets).toMatchObject([{ leader: 0, isr: [0], leaderEpoch: before.leaderEpoch + 1, highWatermark: 10 }]);

    const scanner = (await connection.getTable('lead.events')).newLogScanner();
    await scanner.subscribeAll('earliest');
    const ids: number[] = [];
    while (ids.length < 10) ids.push(...(await scanner.poll(500)).map((r) => Number(r.row['id'])));
    await scanner.close();
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
