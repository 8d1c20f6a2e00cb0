import { mkdir } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { createLogger, type Logger } from '../common/logger.ts';
import { ServerMetrics, serveMetrics } from '../common/metrics.ts';
import { repeat, systemTimers, type Timers } from '../common/timers.ts';
import { loadCoordinatorProto } from '../rpc/proto.ts';
import { startGrpcServer, stopGrpcServer } from '../rpc/server.ts';
import { Catalog } from './catalog.ts';
import { ServerRegistry } from './server-registry.ts';
import { coordinatorHandlers } from './coordinator-service.ts';
import { runAutoPartitioning } from './auto-partitioner.ts';
import { coordinatorConfig, type CoordinatorConfig } from './coordinator-config.ts';
import { lockDataDir, type DataDirLock } from '../common/data-dir-lock.ts';
import { BucketStatePusher } from './bucket-state-push.ts';
import { preferredLeader } from './preferred-leaders.ts';
import { RebalanceExecutor } from './rebalance/executor.ts';
import { replicationThrottle } from './rebalance/rebalance-record.ts';

export interface CoordinatorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Serve /metrics here (0 = a free port); omitted = no metrics endpoint. */
  metricsPort?: number;
  /** Server config overrides (see docs/configuration.md). */
  config?: Record<string, string>;
  logger?: Logger;
  timers?: Timers;
  /**
   * Rebuild a coordinator whose metadata was lost as the existing cluster of this id: tablet servers
   * of that cluster may join it (docs/operations.md). Refused when the data dir has metadata.
   */
  recoverClusterId?: string;
  /** Called when the coordinator finds it must not go on (on metadata that is not its cluster's). */
  onFatal?: (error: Error) => void;
}

export interface RunningCoordinator {
  readonly port: number;
  readonly address: string;
  readonly metrics: ServerMetrics;
  readonly metricsPort: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the coordinator: loads persisted metadata from `<dataDir>/metadata.json`, serves the
 * CoordinatorService, tracks tablet-server liveness and runs auto-partitioning.
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<RunningCoordinator> {
  const config = coordinatorConfig(options.config ?? {});
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? createLogger('coordinator');
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockDataDir(options.dataDir, 'fluss coordinator');
  try {
    return await serveCoordinator(options, config, timers, logger, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function serveCoordinator(
  options: CoordinatorOptions,
  config: CoordinatorConfig,
  timers: Timers,
  logger: Logger,
  lock: DataDirLock,
): Promise<RunningCoordinator> {
  const metrics = new ServerMetrics('coordinator', true);
  const catalog = await Catalog.open(options.dataDir, timers, config.defaultBuckets, {
    maxPartitionsPerTable: config.maxPartitionsPerTable,
    defaultReplicationFactor: config.defaultReplicationFactor,
    maxBucketsPerTable: config.maxBucketsPerTable,
  });
  if (options.recoverClusterId !== undefined && catalog.clusterId !== undefined) {
    throw new TypeError(
      `--recover-cluster-id is only for a coordinator without metadata; ${options.dataDir} holds the metadata of cluster ${catalog.clusterId}`,
    );
  }
  const epoch = await catalog.beginEpoch();
  const registry = new ServerRegistry(timers, config.sessionTimeoutMs);
  catalog.setLiveServers(() => registry.liveNodes().map((node) => ({ id: node.id, rack: node.rack })));
  catalog.setShuttingDownServers(() => registry.shuttingDownIds());
  const pusher = new BucketStatePusher({
    liveNodes: () => registry.liveNodes(),
    coordinatorEpoch: () => catalog.coordinatorEpoch,
    replicationThrottle: () => replicationThrottle(catalog.rebalance),
    logger,
  });
  // Resumes a rebalance a previous coordinator left running (its state is in the metadata).
  const rebalancer = new RebalanceExecutor({ catalog, push: pusher.push, logger, timers, stepIntervalMs: config.rebalanceStepIntervalMs });
  metrics.gauge('fluss_coordinator_live_tablet_servers', 'Tablet servers with a recent heartbeat', [], function () {
    this.set(registry.liveIds().length);
  });
  metrics.gauge('fluss_coordinator_tables', 'Tables in the catalog', [], function () {
    this.set(Object.keys(catalog.state.tables).length);
  });
  metrics.gauge('fluss_coordinator_offline_buckets', 'Placed buckets without a leader (no in-sync replica alive)', [], function () {
    this.set(Object.values(catalog.state.buckets).filter((b) => b.replicas.length > 0 && b.leader < 0).length);
  });
  metrics.gauge('fluss_coordinator_preferred_leader_imbalance', 'Buckets with a leader other than their preferred replica (the first)', [], function () {
    this.set(Object.values(catalog.state.buckets).filter((b) => b.leader >= 0 && b.leader !== preferredLeader(b)).length);
  });
  metrics.gauge('fluss_coordinator_under_replicated_buckets', 'Buckets with a leader and fewer in-sync replicas than replicas', [], function () {
    this.set(Object.values(catalog.state.buckets).filter((b) => b.leader >= 0 && b.isr.length < b.replicas.length).length);
  });

  const self = { id: -1, host: options.host, port: options.port, rack: '' };
  const { server, port } = await startGrpcServer((grpcServer) => {
    const service = loadCoordinatorProto().fluss.v1.CoordinatorService.service;
    grpcServer.addService(
      service,
      coordinatorHandlers({
        catalog,
        registry,
        logger,
        metrics,
        self,
        heartbeatIntervalMs: config.heartbeatIntervalMs,
        onServerRegistered: async () => {
          await catalog.assignPendingBuckets();
          void pusher.push(await catalog.electLeaders());
        },
        identity: { dataDir: options.dataDir, recoverClusterId: options.recoverClusterId },
        onFatal: (error) => {
          logger.fatal({ err: error }, 'coordinator cannot go on');
          options.onFatal?.(error);
        },
        pushBucketStates: pusher.push,
        rebalance: { executor: rebalancer, maxConcurrentMoves: config.rebalanceMaxConcurrentMoves, clock: timers },
      }),
    );
  }, options);
  self.port = port;

  // Sessions expire silently (no heartbeat): look for it every heartbeat interval.
  const stopElections = repeat(
    timers,
    config.heartbeatIntervalMs,
    async () => {
      const changed = await catalog.electLeaders();
      // Not awaited: a server that does not answer must not hold up the next election.
      void pusher.push(changed);
      if (changed.length > 0) logger.info({ buckets: changed.length, live: registry.liveIds() }, 'leadership moved after tablet server sessions changed');
    },
    (error) => logger.error({ err: error }, 'leader election failed'),
  );
  // Failovers and controlled shutdowns leave leaderships on the servers that stayed: spread them again.
  const stopRebalancing = config.autoLeaderRebalanceEnable
    ? repeat(
        timers,
        config.leaderImbalanceCheckIntervalMs,
        async () => {
          const plan = await catalog.electPreferredLeaders();
          await pusher.push(plan.changed);
          if (plan.changed.length > 0) logger.info({ moved: plan.changed.length, waiting: plan.waiting }, 'leaderships moved back to preferred replicas');
        },
        (error) => logger.error({ err: error }, 'preferred-leader election failed'),
      )
    : () => undefined;
  const partitionFailed = (error: unknown): void => logger.error({ err: error }, 'auto-partitioning failed');
  runAutoPartitioning(catalog, timers, logger).catch(partitionFailed);
  const stopPartitioning = repeat(timers, config.autoPartitionCheckIntervalMs, () => runAutoPartitioning(catalog, timers, logger), partitionFailed);

  let metricsServer: HttpServer | undefined;
  let metricsPort: number | undefined;
  if (options.metricsPort !== undefined) {
    ({ server: metricsServer, port: metricsPort } = await serveMetrics([metrics.registry], options.host, options.metricsPort));
  }
  const address = `${options.host}:${port}`;
  logger.info({ address, dataDir: options.dataDir, metricsPort, clusterId: catalog.clusterId, epoch }, 'coordinator started');

  return {
    port,
    address,
    metrics,
    metricsPort,
    async stop() {
      stopPartitioning();
      stopElections();
      stopRebalancing();
      rebalancer.stop();
      await stopGrpcServer(server);
      pusher.close();
      metricsServer?.close();
      await lock.release();
      logger.info('coordinator stopped');
    },
  };
}
