import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ServerMetrics } from '../common/metrics.ts';
import { ManualTimers } from '../common/timers.ts';
import type { TabletServiceHandlers } from '../rpc/generated/fluss/v1/TabletService.ts';
import { ReplicaManager } from './replica-manager.ts';
import { tabletConfig } from './tablet-config.ts';
import { tabletHandlers } from './tablet-service.ts';

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

/** The TabletService handlers of server `serverId` over `replicas`, with default config, silent logs and a manual clock. */
export function testTabletHandlers(replicas: ReplicaManager, serverId = 0): TabletServiceHandlers {
  return tabletHandlers({
    replicas,
    logger: pino({ level: 'silent' }),
    metrics: new ServerMetrics('test', false),
    config: tabletConfig({}),
    refreshAssignment: async () => undefined,
    serverId,
    timers: new ManualTimers(0),
  });
}
