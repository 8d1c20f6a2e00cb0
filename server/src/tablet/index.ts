import { mkdir } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { createLogger, type Logger } from '../common/logger.ts';
import { ServerMetrics, serveMetrics } from '../common/metrics.ts';
import { repeat, systemTimers, type Timers } from '../common/timers.ts';
import { loadTabletProto } from '../rpc/proto.ts';
import { startGrpcServer, stopGrpcServer } from '../rpc/server.ts';
import { ReplicaManager } from './replica-manager.ts';
import { tabletHandlers } from './tablet-service.ts';
import { ClusterMembership } from './server-identity.ts';
import { CoordinatorLink } from './coordinator-link.ts';
import { grpcCoordinatorTransport } from './coordinator-rpc.ts';
import { grpcReplicaTransport } from './replica-transport.ts';
import { ReplicaFetcher } from './replica-fetcher.ts';
import { maintainIsr } from './isr-maintenance.ts';
import { registerReplicationMetrics } from './replication-metrics.ts';
import { bucketFromWire, tableFromWire } from '../rpc/table-wire.ts';
import { tabletConfig, type TabletConfig } from './tablet-config.ts';
import { lockDataDir, type DataDirLock } from '../common/data-dir-lock.ts';
import { setUpRemoteLog } from './remote-log-setup.ts';
import { shutDownControlled, type ControlledShutdownOutcome } from './controlled-shutdown.ts';
import { pushedStatesApplier } from './pushed-states.ts';

export interface TabletServerOptions {
  id: number;
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The host clients reach this server at (registered with the coordinator). @default host */
  advertisedHost?: string;
  /** The coordinator's host:port. */
  coordinator: string;
  /** The rack (zone) this server runs in: a bucket's replicas go to distinct racks. @default '' */
  rack?: string;
  /** Serve /metrics here (0 = a free port); omitted = no metrics endpoint. */
  metricsPort?: number;
  config?: Record<string, string>;
  logger?: Logger;
  timers?: Timers;
  /** Include process-wide default metrics (off when several servers share a process). */
  processMetrics?: boolean;
}

export interface StopOptions {
  /**
   * Move this server's leaderships to other replicas first (controlled shutdown). Default:
   * `controlled.shutdown.enable`. Off when the whole cluster stops (nowhere to move them).
   */
  controlled?: boolean;
}

export interface RunningTabletServer {
  readonly id: number;
  readonly port: number;
  readonly metrics: ServerMetrics;
  readonly metricsPort: number | undefined;
  /** Stops the server; says how its controlled shutdown went (undefined: none was made). */
  stop(options?: StopOptions): Promise<ControlledShutdownOutcome | undefined>;
}

/**
 * Starts a tablet server: serves TabletService, registers with the coordinator and keeps its
 * replicas in line with the assignment it receives on every heartbeat.
 */
export async function startTabletServer(options: TabletServerOptions): Promise<RunningTabletServer> {
  if (!Number.isInteger(options.id) || options.id < 0) throw new TypeError(`Tablet server id must be a non-negative integer: ${options.id}`);
  const config = tabletConfig(options.config ?? {});
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? createLogger('tablet-server', { serverId: options.id });
  await mkdir(options.dataDir, { recursive: true });
  const lock = await lockDataDir(options.dataDir, `fluss tablet-server ${options.id}`);
  try {
    return await serveTablets(options, config, timers, logger, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function serveTablets(
  options: TabletServerOptions,
  config: TabletConfig,
  timers: Timers,
  logger: Logger,
  lock: DataDirLock,
): Promise<RunningTabletServer> {
  const metrics = new ServerMetrics(`tablet-server-${options.id}`, options.processMetrics ?? true);
  const membership = await ClusterMembership.load(options.dataDir, options.id);
  const replicas = new ReplicaManager(options.dataDir, config, timers, logger, options.id);
  const remoteLog = await setUpRemoteLog({
    config: options.config ?? {},
    dataDir: options.dataDir,
    serverId: options.id,
    coordinator: options.coordinator,
    replicas,
    indexIntervalBytes: config.indexIntervalBytes,
    timers,
    logger,
    metrics,
  });

  const self = { id: options.id, host: options.advertisedHost ?? options.host, port: options.port, rack: options.rack ?? '' };
  let link: CoordinatorLink | undefined;
  const { server, port } = await startGrpcServer((grpcServer) => {
    grpcServer.addService(
      loadTabletProto().fluss.v1.TabletService.service,
      tabletHandlers({
        replicas,
        logger,
        metrics,
        config,
        serverId: options.id,
        timers,
        refreshAssignment: () => link?.refreshNow() ?? Promise.resolve(),
        remoteLog: remoteLog?.manager,
        // The link and fetcher exist once the server is registering (they are made below).
        applyPushedStates: pushedStatesApplier(() => (link === undefined ? undefined : { link, replicas, fetcher })),
      }),
    );
  }, options);
  self.port = port;

  const coordinator = grpcCoordinatorTransport(options.coordinator);
  const replicaTransport = grpcReplicaTransport();
  const fetcher = new ReplicaFetcher({
    serverId: options.id,
    replicas,
    transport: replicaTransport,
    timers,
    logger,
    waitMs: config.replicaFetchWaitMs,
    maxBytes: config.replicaFetchMaxBytes,
    fsync: config.fsync,
    catchUpFromRemote: remoteLog === undefined ? undefined : (replica) => remoteLog.manager.catchUpFollower(replica),
  });
  link = new CoordinatorLink({
    coordinator,
    self,
    logger,
    timers,
    membership,
    onAssignment: async (response) => {
      replicas.setClusterId(response.clusterId);
      await replicas.applyAssignment(response.buckets.map(bucketFromWire), response.tables.map(tableFromWire));
      await replicas.applyDeletions(response.deletions);
      await replicas.applyRemovals(response.removals);
      fetcher.throttle.setRate(Number(response.replicationThrottleBytesPerSec));
      remoteLog?.manager.deleteDropped(response.deletions);
      await fetcher.update(response.tabletServers);
    },
  });
  try {
    await link.start();
  } catch (error) {
    link.stop();
    await stopGrpcServer(server);
    await replicas.closeAll();
    await remoteLog?.stop();
    throw error;
  }
  remoteLog?.start();

  const stopRetention = repeat(
    timers,
    config.retentionCheckIntervalMs,
    () => replicas.enforceRetention(),
    (error) => logger.error({ err: error }, 'retention failed'),
  );
  const replicationMetrics = registerReplicationMetrics(metrics, replicas, options.id);
  const stopIsrUpkeep = repeat(
    timers,
    Math.min(1_000, Math.ceil(config.replicaMaxLagMs / 2)),
    () =>
      maintainIsr({
        serverId: options.id,
        replicas,
        coordinator,
        logger,
        nowMs: timers.now(),
        maxLagMs: config.replicaMaxLagMs,
        onIsrChanged: replicationMetrics.onIsrChanged,
      }),
    (error) => logger.warn({ err: error }, 'ISR upkeep failed'),
  );
  const stopSnapshots = repeat(
    timers,
    config.kvSnapshotIntervalMs,
    () => replicas.snapshotKv(),
    (error) => logger.error({ err: error }, 'KV snapshots failed'),
  );

  let metricsServer: HttpServer | undefined;
  let metricsPort: number | undefined;
  if (options.metricsPort !== undefined) {
    ({ server: metricsServer, port: metricsPort } = await serveMetrics([metrics.registry], options.host, options.metricsPort));
  }
  logger.info({ address: `${options.host}:${port}`, dataDir: options.dataDir, metricsPort }, 'tablet server started');

  return {
    id: options.id,
    port,
    metrics,
    metricsPort,
    async stop(stopOptions = {}) {
      const controlled = stopOptions.controlled ?? config.controlledShutdownEnable;
      const outcome = controlled
        ? await shutDownControlled({
            coordinator,
            serverId: options.id,
            clusterId: () => membership.clusterId ?? '',
            timers,
            logger,
            timeoutMs: config.controlledShutdownTimeoutMs,
            applyNewRoles: () => link?.refreshNow() ?? Promise.resolve(),
          })
        : undefined;
      if (outcome !== undefined) logger.info({ ...outcome }, 'controlled shutdown finished');
      stopRetention();
      stopIsrUpkeep();
      fetcher.stop();
      replicaTransport.close();
      stopSnapshots();
      link?.stop();
      await stopGrpcServer(server);
      await remoteLog?.stop();
      await replicas.closeAll();
      metricsServer?.close();
      await lock.release();
      logger.info('tablet server stopped');
      return outcome;
    },
  };
}
