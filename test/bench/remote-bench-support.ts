// What the remote-storage benches share: a leader's RemoteLogManager on a store, and a timer.
import pino from 'pino';
import { ServerMetrics } from '../../server/src/common/metrics.ts';
import type { ManualTimers } from '../../server/src/common/timers.ts';
import { DEFAULT_LOG_CONFIG } from '../../server/src/log/index.ts';
import type { ObjectStore } from '../../server/src/remote/object-store.ts';
import { RemoteLogManager } from '../../server/src/remote-log/remote-log-manager.ts';
import { RemoteSegmentCache } from '../../server/src/remote-log/remote-segment-cache.ts';
import type { InMemoryRemoteLogCoordinator } from '../../server/src/remote-log/test-support.ts';

export type Report = (name: string, value: number, unit: string) => void;

/** A manager with its own segment cache of `cacheBytes` (cold: the cache directory is emptied on open). */
export async function openManager(store: ObjectStore, coordinator: InMemoryRemoteLogCoordinator, cacheDir: string, timers: ManualTimers, cacheBytes: number) {
  const cache = await RemoteSegmentCache.open(store, cacheDir, { maxBytes: cacheBytes, indexIntervalBytes: DEFAULT_LOG_CONFIG.indexIntervalBytes });
  const manager = new RemoteLogManager({
    store,
    cache,
    coordinator,
    serverId: 0,
    timers,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    metrics: new ServerMetrics('bench', false),
    uploadConcurrency: 4,
  });
  return { manager, cache };
}

export async function seconds<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}
