import type { Logger } from 'pino';
import { bucketFromWire } from '../rpc/table-wire.ts';
import { tableBucketText } from '../table/table-bucket.ts';
import type { CoordinatorTransport } from './coordinator-rpc.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { Leadership, Replica } from './replica.ts';
import { advanceHighWatermark } from './replication.ts';

export interface IsrUpkeepOptions {
  serverId: number;
  replicas: ReplicaManager;
  coordinator: CoordinatorTransport;
  logger: Logger;
  nowMs: number;
  maxLagMs: number;
  /** Told of every change the coordinator accepted (metrics). */
  onIsrChanged?: (from: readonly number[], to: readonly number[]) => void;
}

interface IsrChange {
  replica: Replica;
  /** The term it is asked in: its `joining` are the followers asked to join. */
  leadership: Leadership;
  isr: number[];
}

/**
 * One round of the leaders' ISR upkeep on this server: a follower not caught up for
 * `replica.max-lag-ms` leaves the ISR, one that has caught up (follower-tracker.ts) joins it, each
 * change asked of the coordinator (AlterIsr, epoch-checked) and applied here once accepted. A
 * refused change waits for the next round, by which time the newer assignment has arrived. Until
 * the coordinator answers, the followers asked to join already count for the high watermark
 * (Leadership.joining), the ones asked to leave still count; without an answer (the call failed:
 * the coordinator may have accepted), until the next round asks again.
 */
export async function maintainIsr(options: IsrUpkeepOptions): Promise<void> {
  const { serverId, replicas, nowMs, maxLagMs } = options;
  const changes: IsrChange[] = [];
  for (const replica of await replicas.all()) {
    const leadership = replica.leadership;
    if (replica.role !== 'leader' || leadership === undefined) continue;
    const lagging = leadership.followers.laggingInIsr(replica.isr, serverId, nowMs, maxLagMs);
    const joining = leadership.followers.readyToJoin(replica.isr, leadership.epochStartOffset);
    leadership.joining = joining;
    if (lagging.length === 0 && joining.length === 0) continue;
    const isr = [...replica.isr.filter((id) => !lagging.includes(id)), ...joining];
    changes.push({ replica, leadership, isr });
  }
  if (changes.length > 0) await askCoordinator(changes, options);
}

async function askCoordinator(changes: readonly IsrChange[], options: IsrUpkeepOptions): Promise<void> {
  const { serverId, replicas, coordinator, logger } = options;
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
    // Answered: accepted joiners are in the ISR now, refused ones are not.
    change.leadership.joining = [];
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
