import type { Logger } from 'pino';
import { bucketFromWire } from '../rpc/table-wire.ts';
import { tableBucketText } from '../table/table-bucket.ts';
import type { CoordinatorTransport } from './coordinator-rpc.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { Replica } from './replica.ts';
import { advanceHighWatermark } from './replication.ts';

/**
 * One round of the leaders' ISR upkeep on this server: a follower not caught up for
 * `replica.max-lag-ms` leaves the ISR, one that has caught up (follower-tracker.ts) joins it, each
 * change asked of the coordinator (AlterIsr, epoch-checked) and applied here once accepted. A
 * refused change waits for the next round, by which time the newer assignment has arrived.
 */
export async function maintainIsr(options: {
  serverId: number;
  replicas: ReplicaManager;
  coordinator: CoordinatorTransport;
  logger: Logger;
  nowMs: number;
  maxLagMs: number;
  /** Told of every change the coordinator accepted (metrics). */
  onIsrChanged?: (from: readonly number[], to: readonly number[]) => void;
}): Promise<void> {
  const { serverId, replicas, coordinator, logger, nowMs, maxLagMs } = options;
  const changes: Array<{ replica: Replica; isr: number[] }> = [];
  for (const replica of await replicas.all()) {
    const leadership = replica.leadership;
    if (replica.role !== 'leader' || leadership === undefined) continue;
    const lagging = leadership.followers.laggingInIsr(replica.isr, serverId, nowMs, maxLagMs);
    const joining = leadership.followers.readyToJoin(replica.isr, leadership.epochStartOffset);
    if (lagging.length === 0 && joining.length === 0) continue;
    const isr = [...replica.isr.filter((id) => !lagging.includes(id)), ...joining];
    changes.push({ replica, isr });
  }
  if (changes.length === 0) return;
  const response = await coordinator.alterIsr({
    serverId,
    changes: changes.map(({ replica, isr }) => ({
      tableId: replica.tableId,
      partitionId: replica.partitionId,
      bucket: replica.bucket,
      leaderEpoch: replica.leaderEpoch,
      bucketEpoch: replica.bucketEpoch,
      isr,
    })),
  });
  response.results.forEach((result, i) => {
    const change = changes[i];
    if (change === undefined) return;
    const where = tableBucketText(change.replica, change.replica.table);
    if (result.errorCode === 0 && result.location !== null) {
      logger.info({ bucket: where, from: change.replica.isr, to: change.isr }, 'ISR changed');
      options.onIsrChanged?.(change.replica.isr, change.isr);
      replicas.applyBucketState(change.replica, bucketFromWire(result.location));
      advanceHighWatermark(change.replica, serverId);
    } else {
      logger.debug({ bucket: where, error: result.error, message: result.errorMessage }, 'ISR change refused');
    }
  });
}
