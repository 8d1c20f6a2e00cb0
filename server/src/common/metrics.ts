import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, Registry, collectDefaultMetrics, Histogram, Counter, Gauge } from 'prom-client';

/**
 * One Prometheus registry per server (several servers share a process in `fluss local`), each
 * with a `server` label, served on GET /metrics.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly rpcDuration: Histogram<'method' | 'code'>;

  constructor(serverLabel: string, withProcessMetrics: boolean) {
    this.registry.setDefaultLabels({ server: serverLabel });
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
    this.rpcDuration = new Histogram({
      name: 'fluss_rpc_duration_seconds',
      help: 'Server-side duration of gRPC calls by method and status code',
      labelNames: ['method', 'code'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (this: Gauge<L>) => void): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }
}

/**
 * The registries' metrics as one Prometheus text page. Servers of one process register metrics
 * of the same names (told apart by their `server` label), which a plain merge refuses; the
 * aggregator keeps every labelled series.
 */
async function metricsText(registries: Registry[]): Promise<string> {
  if (registries.length === 1) return registries[0]!.metrics();
  const snapshots = await Promise.all(registries.map((r) => r.getMetricsAsJSON()));
  return AggregatorRegistry.aggregate(snapshots).metrics();
}

/** Serves GET /metrics (Prometheus text) and GET /healthz on host:port; returns the bound port. */
export async function serveMetrics(registries: Registry[], host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metricsText(registries).then(
        (text) => {
          res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE });
          res.end(text);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    } else if (req.url === '/healthz') {
      res.writeHead(200);
      res.end('ok');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
