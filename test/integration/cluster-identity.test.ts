import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlussConnection, isFlussError } from '../../server/src/client/index.ts';
import { readServerIdentity } from '../../server/src/tablet/server-identity.ts';
import { call } from '../../server/src/rpc/client.ts';
import { FlussProcessGroup, spawnFluss, type FlussProcess, coordinatorArgs, tabletServerArgs } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { coordinatorClient } from '../support/raw-clients.ts';
import { tempDir } from '../support/temp-dir.ts';
import { eventually } from '../support/eventually.ts';

// Real `fluss coordinator` and `fluss tablet-server` processes on loopback. What used to happen
// here: a coordinator on a wrong (empty) data dir made every tablet server delete all its replicas
// within a second, and reused table id 1, serving an old table's rows under a new schema.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'note', type: 'STRING' },
  ],
};

describe('cluster identity and replica data safety', () => {
  const dir = tempDir('cluster-identity');
  const processes = new FlussProcessGroup();
  const connections: FlussConnection[] = [];
  let coordinatorPort = 0;
  let tabletPort = 0;
  let tablet: FlussProcess;
  let coordinator: FlussProcess;
  let freshTableId = 0;
  const tabletDir = join(dir.path, 'tablet-0');
  const bootstrap = (): string => `127.0.0.1:${coordinatorPort}`;

  afterAll(async () => {
    for (const c of connections) c.close();
    await processes.stopAll();
    dir.remove();
  });

  function thisCoordinatorArgs(dataDir: string, ...extra: string[]): string[] {
    return coordinatorArgs({
      port: coordinatorPort,
      dataDir: join(dir.path, dataDir),
      extra: ['--config', 'tablet-server.heartbeat.interval=200ms', ...extra],
    });
  }

  const startCoordinator = (dataDir: string, ...extra: string[]) => processes.start(thisCoordinatorArgs(dataDir, ...extra), /coordinator ready at/);

  function tabletArgs(id: number, dataDir: string, port: number, coordinator = bootstrap()): string[] {
    return tabletServerArgs({ id, port, dataDir, coordinator });
  }

  async function connect(): Promise<FlussConnection> {
    const connection = await FlussConnection.connect({ bootstrap: bootstrap() });
    connections.push(connection);
    return connection;
  }

  async function writeRows(connection: FlussConnection, table: string, ids: number[]): Promise<void> {
    const writer = (await connection.getTable(table)).newAppendWriter({ lingerMs: 1 });
    for (const id of ids) await writer.append({ id, note: `${table}-${id}` });
    await writer.flush();
    await writer.close();
  }

  async function readRows(connection: FlussConnection, table: string): Promise<Array<Record<string, unknown>>> {
    const scanner = (await connection.getTable(table)).newLogScanner();
    await scanner.subscribeAll('earliest');
    const rows: Array<Record<string, unknown>> = [];
    for (let idle = 0; idle < 3; ) {
      const records = await scanner.poll(300);
      idle = records.length === 0 ? idle + 1 : 0;
      rows.push(...records.map((r) => r.row));
    }
    await scanner.close();
    return rows;
  }

  it('a coordinator on an empty data dir refuses to start while a server holds data, and no replica is deleted', async () => {
    coordinatorPort = await freePort();
    tabletPort = await freePort();
    const first = await startCoordinator('coordinator-a');
    coordinator = first;
    tablet = await processes.start(tabletArgs(0, tabletDir, tabletPort), /tablet server 0 ready at/);
    const connection = await connect();
    await connection.admin().createTable({ database: 'safety', name: 'old', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    await writeRows(connection, 'safety.old', [1, 2, 3, 4, 5]);
    const replicaDir = join(tabletDir, 'tables', '1', 'b0');
    const segmentFiles = readdirSync(replicaDir).filter((name) => name.endsWith('.log'));

    first.kill('SIGKILL');
    await first.exited;
    // The same port, a wrong (empty) data dir: the server re-registers and is refused, and the
    // coordinator exits instead of serving empty metadata.
    const wrong = spawnFluss(thisCoordinatorArgs('coordinator-wrong'));
    expect(await wrong.exited).toBe(1);
    expect(wrong.stderr()).toContain(
      `This coordinator has no metadata (data dir ${join(dir.path, 'coordinator-wrong')}), but tablet server 0 holds data of cluster`,
    );
    expect(wrong.stderr()).toContain('--recover-cluster-id');
    expect(readdirSync(replicaDir).filter((name) => name.endsWith('.log'))).toEqual(segmentFiles);

    // Back on its own data dir, every row is there.
    coordinator = await startCoordinator('coordinator-a');
    const rows = await readRows(connection, 'safety.old');
    expect(rows.map((r) => Number(r['id'])).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('a tablet server of another cluster refuses to start, naming both clusters', async () => {
    const clusterA = (await readServerIdentity(tabletDir))!.clusterId;
    const otherPort = await freePort();
    const otherCoordinator = await processes.start(coordinatorArgs({ port: otherPort, dataDir: join(dir.path, 'coordinator-b') }), /coordinator ready at/);
    const strayDir = join(dir.path, 'tablet-stray');
    const joinedB = await processes.start(tabletArgs(1, strayDir, 0, `127.0.0.1:${otherPort}`), /tablet server 1 ready at/);
    joinedB.kill('SIGKILL');
    await joinedB.exited;
    otherCoordinator.kill('SIGKILL');
    const clusterB = (await readServerIdentity(strayDir))!.clusterId;
    expect(clusterB).not.toBe(clusterA);

    const stray = spawnFluss(tabletArgs(1, strayDir, 0));
    expect(await stray.exited).toBe(1);
    expect(stray.stderr()).toContain(`Cluster id mismatch: tablet server 1 belongs to cluster ${clusterB}`);
    expect(stray.stderr()).toContain(`to cluster ${clusterA}`);
  });

  it('a registration of a live server id from another address is refused and changes nothing', async () => {
    const client = coordinatorClient(bootstrap());
    try {
      const hijack = call(client, client.RegisterTabletServer, {
        server: { id: 0, host: '127.0.0.2', port: 1, rack: '' },
        clusterId: '',
        holdsData: false,
        maxTableId: 0,
        maxPartitionId: 0,
        coordinatorEpoch: 0,
      });
      await expect(hijack).rejects.toSatisfy(
        (e) => isFlussError(e, 'ALREADY_EXISTS') && /Tablet server id 0 is registered from 127\.0\.0\.1:\d+ and alive/.test((e as Error).message),
      );
      const metadata = await call(client, client.GetMetadata, { tables: [] });
      expect(metadata.tabletServers.map((s) => `${s.host}:${s.port}`)).toEqual([`127.0.0.1:${tabletPort}`]);
    } finally {
      client.close();
    }
  });

  it('--recover-cluster-id rebuilds metadata that never reuses an id a server holds; old data is kept and not served', async () => {
    const clusterA = (await readServerIdentity(tabletDir))!.clusterId;
    coordinator.kill('SIGKILL');
    await coordinator.exited;
    // The coordinator's volume is lost: a new, empty data dir, told which cluster it rebuilds.
    coordinator = await startCoordinator('coordinator-recovered', '--recover-cluster-id', clusterA);
    const connection = await connect();
    await eventually('the tablet server to register', async () => (await connection.admin().clusterMetadata()).tabletServers.length === 1, 15_000, 100);
    await connection.admin().createTable({ database: 'safety', name: 'fresh', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    freshTableId = (await connection.admin().getTable('safety.fresh')).tableId;
    expect(freshTableId).toBeGreaterThan(1);
    await writeRows(connection, 'safety.fresh', [100, 101]);
    expect((await readRows(connection, 'safety.fresh')).map((r) => Number(r['id'])).sort()).toEqual([100, 101]);
    expect(existsSync(join(tabletDir, 'tables', '1', 'b0'))).toBe(true);
    await eventually('the warning about unserved data', async () => tablet.stderr().includes('replica data kept but not served'), 15_000, 100);
  });

  it("a dropped table's data is deleted by the server, also when the server was down during the drop", async () => {
    const connection = await connect();
    tablet.kill('SIGKILL');
    await tablet.exited;
    await connection.admin().dropTable('safety.fresh');
    tablet = await processes.start(tabletArgs(0, tabletDir, tabletPort), /tablet server 0 ready at/);
    await eventually("the dropped table's directory to go", async () => !existsSync(join(tabletDir, 'tables', String(freshTableId))), 15_000, 100);
    // Data no deletion names stays.
    expect(existsSync(join(tabletDir, 'tables', '1', 'b0'))).toBe(true);
  });
});
