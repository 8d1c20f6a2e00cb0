import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ManualTimers } from '../common/timers.ts';
import { ReplicaManager } from './replica-manager.ts';
import { tabletConfig } from './tablet-config.ts';

/** Tablet-server test helpers (not part of the server). */

/** A replica manager of server `serverId` in a fresh temp dir, joined to cluster `cluster-a`. */
export function openTestReplicas(serverId = 0): { dir: string; replicas: ReplicaManager; close(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'replicas-'));
  const replicas = new ReplicaManager(dir, tabletConfig({}), new ManualTimers(1_000), pino({ level: 'silent' }), serverId);
  replicas.setClusterId('cluster-a');
  return {
    dir,
    replicas,
    async close() {
      await replicas.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
