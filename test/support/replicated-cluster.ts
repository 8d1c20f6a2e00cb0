import { join } from 'node:path';
import { type Admin, FlussConnection } from '../../server/src/client/index.ts';
import type { BucketLocation__Output } from '../../server/src/rpc/generated/fluss/v1/BucketLocation.ts';
import { eventually } from './eventually.ts';
import type { processFixture } from './process-fixture.ts';
import { coordinatorArgs, type FlussProcess, tabletServerArgs } from './processes.ts';
import { freePort } from './ports.ts';

/**
 * A coordinator and N tablet servers as separate `fluss` processes on loopback, for replication
 * tests under faults: servers can be killed, frozen and restarted on the same port and data dir.
 */
export interface ReplicatedCluster {
  readonly bootstrap: string;
  readonly connection: FlussConnection;
  readonly admin: Admin;
  /** The running process of each tablet server, by id (replaced by `start`). */
  readonly tablets: FlussProcess[];
  /** Each tablet server's /metrics port, by id. */
  readonly metricsPorts: number[];
  dataDir(id: number): string;
  /** Starts (or restarts) tablet server `id`, with `extra` arguments too, and waits for its ready line. */
  start(id: number, extra?: readonly string[]): Promise<FlussProcess>;
  /** Sends SIGKILL to tablet server `id` and waits for it to exit. */
  kill(id: number): Promise<void>;
  /** Sends SIGTERM to tablet server `id` (a controlled shutdown) and waits for it to exit: its exit code and output. */
  terminate(id: number): Promise<{ code: number | string; output: string }>;
  /** Bucket `bucket` of `table` as the coordinator has it now. */
  location(table: string, bucket?: number): Promise<BucketLocation__Output>;
  /** Sends SIGKILL to the coordinator and waits for it to exit. */
  killCoordinator(): Promise<void>;
  /** Starts the coordinator again on its port and data dir, and waits for its ready line. */
  startCoordinator(): Promise<void>;
}

export async function startReplicatedCluster(
  fixture: ReturnType<typeof processFixture>,
  /** `servers` tablet servers get ports and data dirs (ids 0 .. servers - 1); the first `started` (default all) are started. */
  options: { servers?: number; started?: number; config: readonly string[] },
): Promise<ReplicatedCluster> {
  const { dir, processes, track } = fixture;
  const servers = options.servers ?? 3;
  const started = options.started ?? servers;
  const coordinatorPort = await freePort();
  const bootstrap = `127.0.0.1:${coordinatorPort}`;
  let coordinator: FlussProcess;
  const startCoordinator = async () => {
    const args = coordinatorArgs({ port: coordinatorPort, dataDir: join(dir.path, 'coordinator'), extra: options.config });
    coordinator = await processes.start(args, /coordinator ready at/);
  };
  await startCoordinator();
  const ports: number[] = [];
  const metricsPorts: number[] = [];
  for (let id = 0; id < servers; id++) {
    ports.push(await freePort());
    metricsPorts.push(await freePort());
  }
  const dataDir = (id: number) => join(dir.path, `tablet-${id}`);
  const tablets: FlussProcess[] = [];
  const start = async (id: number, more: readonly string[] = []) => {
    const extra = [...options.config, ...more, '--metrics-port', String(metricsPorts[id]!)];
    tablets[id] = await processes.start(
      tabletServerArgs({ id, port: ports[id]!, dataDir: dataDir(id), coordinator: bootstrap, extra }),
      new RegExp(`tablet server ${id} ready at`),
    );
    return tablets[id];
  };
  for (let id = 0; id < started; id++) await start(id);
  const connection = track(await FlussConnection.connect({ bootstrap }));
  const admin = connection.admin();
  await eventually(`${started} live servers`, async () => (await admin.clusterMetadata()).tabletServers.length === started, 15_000, 100);
  return {
    bootstrap,
    connection,
    admin,
    tablets,
    metricsPorts,
    dataDir,
    start,
    async kill(id) {
      tablets[id]!.kill('SIGKILL');
      await tablets[id]!.exited;
    },
    async terminate(id) {
      tablets[id]!.kill('SIGTERM');
      const code = await tablets[id]!.exited;
      return { code, output: tablets[id]!.stdout() + tablets[id]!.stderr() };
    },
    async killCoordinator() {
      coordinator.kill('SIGKILL');
      await coordinator.exited;
    },
    startCoordinator,
    async location(table, bucket = 0) {
      const found = (await admin.clusterMetadata([table])).tables[0]!.buckets.find((b) => b.bucket === bucket && b.partitionId < 0);
      if (found === undefined) throw new Error(`no bucket ${bucket} in ${table}`);
      return found;
    },
  };
}
