import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { collect, integerAtLeast, print, withExamples } from '../context.ts';
import { formatError } from '../errors.ts';
import { loadServerConfig } from '../server-config.ts';

const LOCAL_DATA_DIR = './.fluss-data';
const COORDINATOR_DATA_DIR = './.fluss-data/coordinator';
const DEMO_ROWS_PER_SECOND = 100;

interface ServerOptions {
  host: string;
  port: number;
  dataDir?: string;
  config?: string[];
  configFile?: string;
  metricsPort?: number;
}

interface LocalOptions extends ServerOptions {
  tabletServers: number;
  remoteDataDir?: string;
  demo?: number | true;
  recoverClusterId?: string;
}

interface CoordinatorCommandOptions extends ServerOptions {
  recoverClusterId?: string;
}

const RECOVER_CLUSTER_ID_HELP =
  'start on empty metadata as the existing cluster of this id, after its metadata was lost: its tablet servers ' +
  'join and keep their data, unserved (docs/operations.md)';

interface TabletServerOptions extends ServerOptions {
  id: number;
  coordinator: string;
  advertisedHost: string;
  rack?: string;
}

/** Options every server command shares: where to listen, where data lives, config, metrics. */
function addServerOptions(command: Command, defaults: { port: number; dataDir: string; host: string }): Command {
  return command
    .option('--host <host>', 'address to listen on, and to advertise to clients for tablet servers', defaults.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', integerAtLeast(0, 'a port'), defaults.port)
    .option('--data-dir <dir>', `where data and metadata live (default: "${defaults.dataDir}")`)
    .option('--config <key=value>', 'server config override, repeatable (docs/configuration.md)', collect)
    .option('--config-file <path>', 'java-properties style file of key=value lines')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (0 picks a free one)', integerAtLeast(0, 'a port'));
}

function listenOptions(options: ServerOptions, defaultDataDir: string): { host: string; port: number; dataDir: string; metricsPort?: number } {
  const { host, port, metricsPort } = options;
  const dataDir = options.dataDir ?? defaultDataDir;
  return metricsPort === undefined ? { host, port, dataDir } : { host, port, dataDir, metricsPort };
}

function printMetricsAddress(host: string, port: number | undefined): void {
  if (port !== undefined) print(`Metrics at http://${host}:${port}/metrics`);
}

/**
 * Waits for SIGINT or SIGTERM, then stops; `stop` may return a line about how it went. A second
 * signal while stopping exits at once, for a stop that hangs.
 */
async function runUntilSignal(name: string, stop: () => Promise<string | undefined | void>): Promise<void> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write(`Received ${signal}, stopping ${name}...\n`);
  const force = (): void => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  const report = await stop();
  if (report) process.stderr.write(`${report}\n`);
  process.stderr.write(`Stopped ${name}\n`);
}

/** Runs the demo stream next to the cluster; a failing demo is reported and leaves the cluster up. */
async function runDemoSafely(bootstrap: string, rowsPerSecond: number, signal: AbortSignal): Promise<void> {
  const { runDemo } = await import('../../local/demo.ts');
  try {
    await runDemo({ bootstrap, rowsPerSecond, print, signal });
  } catch (error) {
    process.stderr.write(`Demo stopped: ${formatError(error)}\n`);
  }
}

// Server modules are imported when a server command runs, so client commands start faster.

async function runLocal(options: LocalOptions): Promise<void> {
  const config = await loadServerConfig(options);
  const listen = listenOptions(options, LOCAL_DATA_DIR);
  // Old log segments go to a local-directory object store under the data dir unless told otherwise.
  config['remote.data.dir'] = options.remoteDataDir ?? config['remote.data.dir'] ?? join(resolve(listen.dataDir), 'remote');
  const { startLocalCluster } = await import('../../local/index.ts');
  const cluster = await startLocalCluster({
    ...listen,
    tabletServers: options.tabletServers,
    config,
    ...(options.recoverClusterId === undefined ? {} : { recoverClusterId: options.recoverClusterId }),
  });
  print(`Fluss local cluster ready at ${cluster.bootstrap}`);
  printMetricsAddress(options.host, cluster.metricsPort);
  const demo = new AbortController();
  const rowsPerSecond = options.demo === true ? DEMO_ROWS_PER_SECOND : options.demo;
  const demoRun = rowsPerSecond === undefined ? undefined : runDemoSafely(cluster.bootstrap, rowsPerSecond, demo.signal);
  await runUntilSignal('the local cluster', async () => {
    demo.abort();
    await demoRun;
    await cluster.stop();
  });
}

async function runCoordinator(options: CoordinatorCommandOptions): Promise<void> {
  const config = await loadServerConfig(options);
  const { startCoordinator } = await import('../../coordinator/index.ts');
  const coordinator = await startCoordinator({
    ...listenOptions(options, COORDINATOR_DATA_DIR),
    config,
    ...(options.recoverClusterId === undefined ? {} : { recoverClusterId: options.recoverClusterId }),
    // On metadata that is not its cluster's (see coordinator/membership.ts): say why, and exit.
    onFatal: (error) => {
      process.stderr.write(`${formatError(error)}\n`);
      process.exit(1);
    },
  });
  print(`Fluss coordinator ready at ${coordinator.address}`);
  printMetricsAddress(options.host, coordinator.metricsPort);
  await runUntilSignal('the coordinator', () => coordinator.stop());
}

async function runTabletServer(options: TabletServerOptions): Promise<void> {
  const config = await loadServerConfig(options);
  const { startTabletServer } = await import('../../tablet/index.ts');
  const listen = listenOptions(options, `./.fluss-data/tablet-server-${options.id}`);
  const server = await startTabletServer({
    ...listen,
    id: options.id,
    coordinator: options.coordinator,
    advertisedHost: options.advertisedHost,
    ...(options.rack === undefined ? {} : { rack: options.rack }),
    config,
  });
  print(`Fluss tablet server ${options.id} ready at ${options.advertisedHost}:${server.port}`);
  printMetricsAddress(options.host, server.metricsPort);
  const { describeShutdown } = await import('../../tablet/controlled-shutdown.ts');
  await runUntilSignal(`tablet server ${options.id}`, async () => {
    const outcome = await server.stop();
    return outcome === undefined ? undefined : describeShutdown(options.id, outcome);
  });
}

export function registerServerCommands(program: Command): void {
  const local = program
    .command('local')
    .description('Run a coordinator and tablet servers in this process (foreground; Ctrl-C stops)')
    .option('--tablet-servers <n>', 'how many tablet servers', integerAtLeast(1, 'a server count'), 3)
    .option(
      '--demo [rowsPerSecond]',
      `also stream generated clicks into demo.clicks and tail them (default: ${DEMO_ROWS_PER_SECOND} rows/s)`,
      integerAtLeast(1, 'rows per second'),
    )
    .option('--recover-cluster-id <id>', RECOVER_CLUSTER_ID_HELP)
    .option(
      '--remote-data-dir <uri>',
      'where old log segments go: s3://bucket/prefix (with the s3.* settings), file:///path or a path (default: "<data-dir>/remote"; sets remote.data.dir)',
    );
  addServerOptions(local, { port: 9123, dataDir: LOCAL_DATA_DIR, host: '127.0.0.1' });
  withExamples(local, [
    'fluss local',
    'fluss local --data-dir /tmp/fluss --port 0 --tablet-servers 1',
    'fluss local --demo 500',
    'fluss local --remote-data-dir s3://fluss/remote --config s3.endpoint=http://127.0.0.1:7070',
  ]);
  local.action(runLocal);

  const coordinator = program
    .command('coordinator')
    .description('Run the coordinator (metadata, bucket assignment, tablet-server registry)')
    .option('--recover-cluster-id <id>', RECOVER_CLUSTER_ID_HELP);
  addServerOptions(coordinator, { port: 9123, dataDir: COORDINATOR_DATA_DIR, host: '0.0.0.0' });
  withExamples(coordinator, ['fluss coordinator --port 9123 --data-dir /var/lib/fluss --config default.bucket.number=4']);
  coordinator.action(runCoordinator);

  const tabletServer = program
    .command('tablet-server')
    .description('Run a tablet server that registers with the coordinator and hosts bucket replicas')
    .requiredOption('--id <n>', 'server id, unique and stable across restarts', integerAtLeast(0, 'a server id'))
    .option('--coordinator <host:port>', 'the coordinator to register with', '127.0.0.1:9123')
    // In Kubernetes the operator sets FLUSS_ADVERTISED_HOST to the pod's stable DNS name.
    .option(
      '--advertised-host <host>',
      'the host clients reach this server at (env FLUSS_ADVERTISED_HOST)',
      process.env['FLUSS_ADVERTISED_HOST'] ?? '127.0.0.1',
    )
    .option('--rack <rack>', 'the rack or zone this server runs in: replicas of a bucket go to distinct racks (env FLUSS_RACK)', process.env['FLUSS_RACK']);
  addServerOptions(tabletServer, { port: 9124, dataDir: './.fluss-data/tablet-server-<id>', host: '0.0.0.0' });
  withExamples(tabletServer, ['fluss tablet-server --id 0 --port 9124 --coordinator 127.0.0.1:9123 --config-file server.properties']);
  tabletServer.action(runTabletServer);
}
