import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalObjectStore } from '../../server/src/remote/local-object-store.ts';
import { listAll } from '../../server/src/remote/object-store.ts';
import { runFluss } from './processes.ts';
import type { ReplicatedCluster } from './replicated-cluster.ts';

// For remote-storage tests with separate processes: settings that tier fast, and what the tests
// look at from outside the servers (a server's local segments, the committed remote log as
// `fluss table describe` shows it, the objects of a local-directory store).

/**
 * Small segments, uploads and retention every 200 ms, so local retention soon leaves each leader
 * with its newest segments only; sessions of 2 s.
 */
export const FAST_TIERING = [
  'tablet-server.heartbeat.interval=200ms',
  'tablet-server.session.timeout=2s',
  'log.segment.file-size=4kb',
  'log.retention.check-interval=200ms',
  'remote.log.task-interval=200ms',
];

/** `--config` arguments of settings `key=value`. */
export const asConfigArgs = (settings: readonly string[]): string[] => settings.flatMap((setting) => ['--config', setting]);

/** Base offsets of the segments in a tablet server's log directory of bucket 0 of `tableId`. */
export function localSegments(cluster: ReplicatedCluster, server: number, tableId: number): number[] {
  const dir = join(cluster.dataDir(server), 'tables', String(tableId), 'b0');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .map((name) => Number(name.slice(0, -'.log'.length)))
    .sort((a, b) => a - b);
}

/** Bucket 0's committed remote log, as `fluss table describe --json` shows it (null before the first upload). */
export async function remoteLogOf(cluster: ReplicatedCluster, table: string): Promise<{ startOffset: number; endOffset: number } | null> {
  const described = JSON.parse((await runFluss(['table', 'describe', table, '--json', '--bootstrap', cluster.bootstrap])).stdout);
  return described.buckets[0].remoteLog;
}

/** Keys of the remote KV snapshot objects in a local-directory store. */
export async function remoteKvSnapshots(remoteDir: string): Promise<string[]> {
  const store = await LocalObjectStore.open(remoteDir, { owner: 'test-reader' });
  try {
    const keys: string[] = [];
    for await (const entry of listAll(store, 'log/')) if (entry.key.includes('/kv-snapshots/')) keys.push(entry.key);
    return keys;
  } finally {
    store.close();
  }
}
