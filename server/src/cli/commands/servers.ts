import type { Command } from 'commander';
import { collect, integerAtLeast, print } from '../context.ts';
import { loadServerConfig } from '../server-config.ts';

const LOCAL_DATA_DIR = './.fluss-data';
const COORDINATOR_DATA_DIR = './.fluss-data/coordinator';

interface ServerOptions {
  host: string;
  port: number;
  dataDir?: string;
  config: string[];
  configFile?: string;
  metricsPort?: number;
}

/** Options every server command shares: config, metrics and where to listen. */
function addServerOptions(command: Command, defaults: { port: number; dataDir?: string; host: string }): Command {
  return command
    .option('--host <host>', 'address to listen on, and to advertise to clients for tablet servers', defaults.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', integerAtLeast(0, 'a port'), defaults.port)
    .option('--data-dir <dir>', `where data and metadata live (default: "${defaults.dataDir ?? './.fluss-data/tablet-server-<id>'}")`)
    .option('--config <key=value>', 'server config override, repeatable (docs/configuration.md)', collect, [])
    .option('--config-file <path>', 'java-properties style file of key=value lines')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (0 picks a free one)', integerAtLeast(0, 'a port'));
}

/**
 * Waits for SIGINT or SIGTERM, then stops the servers. A second signal while stopping exits at
 * once, for a stop that hangs.
 */
async function runUntilSignal(name: string, stop: () => Promise<void>): Promise<void> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write(`Received ${signal}, stopping ${name}...\n`);
  const force = (): void => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await stop();
  process.stderr.write(`Stopped ${name}\n`);
}

function commonConfig(options: ServerOptions, defaultDataDir: string): { host: string; port: number; dataDir: string; metricsPort?: number } {
  const { host, port, metricsPort } = options;
  const dataDir = options.dataDir ?? defaultDataDir;
  return metricsPort === undefined ? { host, port, dataDir } : { host, port, dataDir, metricsPort };
}

export function registerServerCommands(program: Command): void {
  addServerOptions(
    program
      .command('local')
      .description('Run a coordinator and tablet servers in this process (foreground; Ctrl-C stops)')
      .option('--tablet-servers <n>', 'how many tablet servers', integerAtLeast(1, 'a server count'), 3),
    { port: 9123, dataDir: LOCAL_DATA_DIR, host: '127.0.0.1' },
  ).action(async (options: ServerOptions & { tabletServers: number }) => {
    const config = await loadServerConfig(options);
    const { startLocalCluster } = await import('../../local/index.ts');
    const cluster = await startLocalCluster({ ...commonConfig(options, LOCAL_DATA_DIR), tabletServers: options.tabletServers, config });
    print(`Fluss local cluster ready at ${cluster.bootstrap}`);
    if (cluster.metricsPort !== undefined) print(`Metrics at http://${options.host}:${cluster.metricsPort}/metrics`);
    await runUntilSignal('the local cluster', () => cluster.stop());
  });

  addServerOptions(
    program.command('coordinator').description('Run the coordinator (metadata, bucket assignment, tablet-server registry)'),
    { port: 9123, dataDir: COORDINATOR_DATA_DIR, host: '0.0.0.0' },
  ).action(async (options: ServerOptions) => {
    const config = await loadServerConfig(options);
    const { startCoordinator } = await import('../../coordinator/index.ts');
    const coordinator = await startCoordinator({ ...commonConfig(options, COORDINATOR_DATA_DIR), config });
    print(`Fluss coordinator ready at ${coordinator.address}`);
    await runUntilSignal('the coordinator', () => coordinator.stop());
  });

  addServerOptions(
    program
      .command('tablet-server')
      .description('Run a tablet server that registers with the coordinator and hosts bucket replicas')
      .requiredOption('--id <n>', 'server id, unique and stable across restarts', integerAtLeast(0, 'a server id'))
      .option('--coordinator <host:port>', 'the coordinator to register with', '127.0.0.1:9123'),
    // In Kubernetes the operator sets FLUSS_ADVERTISED_HOST to the pod's stable DNS name.
    { port: 9124, host: process.env['FLUSS_ADVERTISED_HOST'] ?? '127.0.0.1' },
  )
    .action(async (options: ServerOptions & { id: number; coordinator: string }) => {
      const config = await loadServerConfig(options);
      const { startTabletServer } = await import('../../tablet/index.ts');
      const server = await startTabletServer({ ...commonConfig(options, `./.fluss-data/tablet-server-${options.id}`), id: options.id, coordinator: options.coordinator, config });
      print(`Fluss tablet server ${options.id} ready at ${options.host}:${server.port}`);
      await runUntilSignal(`tablet server ${options.id}`, () => server.stop());
    });
}
