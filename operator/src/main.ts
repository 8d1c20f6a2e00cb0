// Operator entry point: `node operator/src/main.ts [options]`. Runs in cluster (service account)
// or out of cluster with a kubeconfig; out of cluster, --coordinator-address tells it where the
// coordinator's admin API answers.
import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { HttpKubeApi } from './kube/http-kube-api.ts';
import { startHealthServer } from './runtime/health.ts';
import { createMetrics } from './runtime/metrics.ts';
import { realTimers } from './runtime/timers.ts';
import { Operator } from './operator.ts';

interface CliOptions {
  kubeconfig?: string;
  namespace?: string;
  coordinatorAddress?: string;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  identity: string;
  healthPort: string;
  healthHost: string;
  resyncSeconds: string;
  tablePollSeconds: string;
  progressPollSeconds: string;
  logLevel: string;
}

function positiveNumber(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new RangeError(`Expected a positive number for --${name}: ${value}`);
  return parsed;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('fluss-operator')
    .description('Kubernetes operator for FlussCluster and FlussTable resources')
    .option('--kubeconfig <path>', 'kubeconfig file; default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account')
    .option('--namespace <namespace>', 'watch only this namespace (default: all namespaces)')
    .option('--coordinator-address <host:port>', 'coordinator admin address to use for every cluster (out-of-cluster runs)')
    .option('--no-leader-elect', 'run without a Lease (only one replica may run then)')
    .addOption(new Option('--lease-namespace <namespace>', 'namespace of the leader Lease').env('POD_NAMESPACE').default('default'))
    .option('--lease-name <name>', 'name of the leader Lease', 'fluss-operator')
    .addOption(new Option('--identity <id>', 'leader-election identity').env('POD_NAME').default(`${hostname()}-${process.pid}`))
    .option('--health-port <port>', 'port of /healthz, /readyz, /metrics', '8081')
    .option('--health-host <host>', 'address to bind the health server', '0.0.0.0')
    .option('--resync-seconds <seconds>', 'periodic resync of every resource', '300')
    .option('--table-poll-seconds <seconds>', 'how often Ready tables are checked against the coordinator', '60')
    .option('--progress-poll-seconds <seconds>', 'how often a cluster is re-checked while pods start or roll', '5')
    .option('--log-level <level>', 'pino log level', 'info')
    .parse(argv);
  const options = program.opts<CliOptions>();

  const log = pino({ level: options.logLevel, base: { component: 'fluss-operator' } });
  const config = new KubeConfig();
  if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  const inCluster = !options.kubeconfig && !process.env['KUBECONFIG'] && process.env['KUBERNETES_SERVICE_HOST'] !== undefined;

  const metrics = createMetrics();
  const operator = new Operator(new HttpKubeApi(config), realTimers, log, metrics, {
    namespace: options.namespace,
    coordinatorAddress: options.coordinatorAddress,
    inCluster,
    leaderElection: options.leaderElect ? { namespace: options.leaseNamespace, name: options.leaseName, identity: options.identity } : undefined,
    resyncMs: positiveNumber(options.resyncSeconds, 'resync-seconds') * 1000,
    tablePollMs: positiveNumber(options.tablePollSeconds, 'table-poll-seconds') * 1000,
    pollWhileProgressingMs: positiveNumber(options.progressPollSeconds, 'progress-poll-seconds') * 1000,
  });
  const health = await startHealthServer(
    Number(options.healthPort),
    options.healthHost,
    { live: () => operator.live, ready: () => operator.ready },
    metrics.registry,
  );
  log.info({ server: config.getCurrentCluster()?.server, inCluster, identity: options.identity, healthPort: options.healthPort }, 'operator starting');

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await operator.stop();
    health.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await operator.run();
  } catch (error) {
    // Lost leadership: another replica may already be acting; exit so nothing acts twice.
    log.error({ err: error }, 'operator stopped with an error');
    process.exit(1);
  }
}

await main(process.argv);
