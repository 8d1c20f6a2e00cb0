import { join } from 'node:path';
import type { Server as HttpServer } from 'node:http';
import { startCoordinator } from '../coordinator/index.ts';
import { startTabletServer, type RunningTabletServer } from '../tablet/index.ts';
import { serveMetrics } from '../common/metrics.ts';

export interface LocalClusterOptions {
  dataDir: string;
  host: string;
  /** Coordinator (bootstrap) port; 0 picks a free one. Tablet servers always take free ports. */
  port: number;
  tabletServers: number;
  /** One /metrics endpoint for all servers of the process (0 = a free port). */
  metricsPort?: number;
  config?: Record<string, string>;
  /** See CoordinatorOptions.recoverClusterId. */
  recoverClusterId?: string;
}

export interface LocalCluster {
  readonly bootstrap: string;
  readonly tabletServers: readonly RunningTabletServer[];
  readonly metricsPort: number | undefined;
  stop(): Promise<void>;
}

/**
 * The embedded default: a coordinator and N tablet servers in this process, each a real gRPC
 * server on loopback, with data under dataDir/{coordinator,tablet-server-N}. The same code runs
 * as separate processes (`fluss coordinator`, `fluss tablet-server`).
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  if (!Number.isInteger(options.tabletServers) || options.tabletServers < 1) {
    throw new TypeError(`Tablet server count must be at least 1: ${options.tabletServers}`);
  }
  // A local cluster replicates as far as it can: min(3, N) replicas per bucket unless configured.
  const config = { 'default.replication.factor': String(Math.min(3, options.tabletServers)), ...options.config };
  const coordinator = await startCoordinator({
    host: options.host,
    port: options.port,
    dataDir: join(options.dataDir, 'coordinator'),
    config,
    ...(options.recoverClusterId === undefined ? {} : { recoverClusterId: options.recoverClusterId }),
  });
  const servers: RunningTabletServer[] = [];
  try {
    for (let id = 0; id < options.tabletServers; id++) {
      servers.push(
        await startTabletServer({
          id,
          host: options.host,
          port: 0,
          dataDir: join(options.dataDir, `tablet-server-${id}`),
          coordinator: coordinator.address,
          config,
          processMetrics: false,
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.stop({ controlled: false })));
    await coordinator.stop();
    throw error;
  }
  let metricsServer: HttpServer | undefined;
  let metricsPort: number | undefined;
  if (options.metricsPort !== undefined) {
    const registries = [coordinator.metrics.registry, ...servers.map((s) => s.metrics.registry)];
    ({ server: metricsServer, port: metricsPort } = await serveMetrics(registries, options.host, options.metricsPort));
  }
  return {
    bootstrap: coordinator.address,
    tabletServers: servers,
    metricsPort,
    async stop() {
      metricsServer?.close();
      // The whole cluster stops: no leadership has anywhere to move (no controlled shutdown).
      await Promise.allSettled(servers.map((s) => s.stop({ controlled: false })));
      await coordinator.stop();
    },
  };
}
