import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ServerMetrics } from '../common/metrics.ts';
import { repeat, type Timers } from '../common/timers.ts';
import { openObjectStore } from '../remote/open-object-store.ts';
import { remoteStorageConfig } from '../remote/remote-storage-config.ts';
import { RemoteLogManager } from '../remote-log/remote-log-manager.ts';
import { RemoteSegmentCache } from '../remote-log/remote-segment-cache.ts';
import { grpcRemoteLogCoordinator } from './coordinator-rpc.ts';
import type { ReplicaManager } from './replica-manager.ts';

export interface RunningRemoteLog {
  readonly manager: RemoteLogManager;
  /** Starts the rounds (after the server registered: rounds need the assignment). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * A tablet server's remote log, when `remote.data.dir` names a store: the store (a local one is
 * opened as this server's own staging owner), the download cache under `<dataDir>/remote-log-cache`,
 * the manager, tiered local retention, and the rounds every `remote.log.task-interval`.
 */
export async function setUpRemoteLog(options: {
  config: Record<string, string>;
  dataDir: string;
  serverId: number;
  coordinator: string;
  replicas: ReplicaManager;
  indexIntervalBytes: number;
  timers: Timers;
  logger: Logger;
  metrics: ServerMetrics;
}): Promise<RunningRemoteLog | undefined> {
  const remote = remoteStorageConfig(options.config);
  const store = await openObjectStore(remote, { localOwner: `tablet-server-${options.serverId}` });
  if (store === undefined) return undefined;
  const cache = await RemoteSegmentCache.open(store, join(options.dataDir, 'remote-log-cache'), {
    maxBytes: remote.log.cacheBytes,
    indexIntervalBytes: options.indexIntervalBytes,
  });
  const coordinator = grpcRemoteLogCoordinator(options.coordinator);
  const manager = new RemoteLogManager({
    store,
    cache,
    coordinator,
    serverId: options.serverId,
    timers: options.timers,
    logger: options.logger,
    metrics: options.metrics,
    uploadConcurrency: remote.log.uploadConcurrency,
  });
  options.replicas.setTieredRetention((replica) => manager.localRetention(replica));
  options.replicas.setRemoteRestore((tb, table, log, kvDir) => manager.restoreLog(tb, table, log, kvDir));
  options.logger.info({ location: store.location, taskIntervalMs: remote.log.taskIntervalMs }, 'remote log enabled');
  let stopRounds: (() => void) | undefined;
  return {
    manager,
    start() {
      stopRounds = repeat(
        options.timers,
        remote.log.taskIntervalMs,
        async () => manager.runRound(await options.replicas.all()),
        (error) => options.logger.error({ err: error }, 'remote log round failed'),
      );
    },
    async stop() {
      stopRounds?.();
      await manager.deletionsSettled();
      await cache.close();
      coordinator.close();
      store.close();
    },
  };
}
