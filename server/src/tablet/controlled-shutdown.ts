import type { Logger } from 'pino';
import type { Timers } from '../common/timers.ts';
import { isFlussError } from '../rpc/errors.ts';
import type { ControlledShutdownTransport } from './coordinator-rpc.ts';

/** Pause between two asks while leaderships remain (a follower may be catching up meanwhile). */
export const CONTROLLED_SHUTDOWN_RETRY_MS = 500;

export interface ControlledShutdownOutcome {
  /**
   * done: this server leads no replicated bucket any more. stranded: it still leads some, and no
   * other replica of those is live (and not shutting down), so waiting cannot help. timeout:
   * `controlled.shutdown.timeout` elapsed with leaderships left (or the coordinator unreachable).
   * refused: the coordinator will not have this server (another cluster).
   */
  result: 'done' | 'stranded' | 'timeout' | 'refused';
  /** Leaderships moved off this server, over all asks. */
  moved: number;
  /** Leaderships left, as the last answer said (-1: no answer came). */
  remaining: number;
  attempts: number;
}

/**
 * A tablet server's controlled shutdown (Kafka's): before it stops, it asks the coordinator to
 * move its leaderships to other in-sync replicas (coordinator/controlled-shutdown.ts), and asks
 * again until none remain, none can move, or `timeoutMs` elapsed. After each answer it takes in
 * its new roles (`applyNewRoles`: a heartbeat), though the coordinator pushed them already. Its
 * clients meanwhile get NOT_LEADER_OR_FOLLOWER for the buckets that moved and retry on the new
 * leaders, and its acks=all writes that were waiting for the ISR fail so (tablet/replication.ts):
 * when it then stops, no write is lost and none waits for its session to expire.
 */
export async function shutDownControlled(options: {
  coordinator: ControlledShutdownTransport;
  serverId: number;
  clusterId: () => string;
  timers: Timers;
  logger: Logger;
  timeoutMs: number;
  applyNewRoles: () => Promise<void>;
  retryMs?: number;
}): Promise<ControlledShutdownOutcome> {
  const { coordinator, serverId, timers, logger, timeoutMs } = options;
  const retryMs = options.retryMs ?? CONTROLLED_SHUTDOWN_RETRY_MS;
  const deadline = timers.now() + timeoutMs;
  const outcome: ControlledShutdownOutcome = { result: 'timeout', moved: 0, remaining: -1, attempts: 0 };
  for (;;) {
    outcome.attempts++;
    try {
      const answer = await coordinator.controlledShutdown({ serverId, clusterId: options.clusterId() }, Math.max(1, deadline - timers.now()));
      outcome.moved += answer.movedLeaderships;
      outcome.remaining = answer.remainingLeaderships;
      await options.applyNewRoles().catch((error: unknown) => logger.warn({ err: error }, 'controlled shutdown: could not fetch the new roles'));
      if (answer.remainingLeaderships === 0) return { ...outcome, result: 'done' };
      if (answer.remainingLeaderships === answer.strandedLeaderships) return { ...outcome, result: 'stranded' };
      logger.info({ remaining: answer.remainingLeaderships, attempt: outcome.attempts }, 'controlled shutdown: leaderships remain, asking again');
    } catch (error) {
      if (isFlussError(error, 'CLUSTER_ID_MISMATCH')) {
        logger.error({ err: error }, 'controlled shutdown refused by the coordinator');
        return { ...outcome, result: 'refused' };
      }
      logger.warn({ err: error, attempt: outcome.attempts }, 'controlled shutdown: the coordinator did not answer, asking again');
    }
    if (timers.now() + retryMs >= deadline) return outcome;
    await timers.sleep(retryMs);
  }
}

/** One line for operators (the CLI prints it as the server stops). */
export function describeShutdown(serverId: number, outcome: ControlledShutdownOutcome): string {
  const moved = `moved ${outcome.moved} leadership${outcome.moved === 1 ? '' : 's'} off tablet server ${serverId}`;
  switch (outcome.result) {
    case 'done':
      return `Controlled shutdown: ${moved}; it leads no replicated bucket`;
    case 'stranded':
      return `Controlled shutdown: ${moved}; ${outcome.remaining} left, which no other live replica can lead`;
    case 'timeout':
      return outcome.remaining < 0
        ? `Controlled shutdown timed out: the coordinator did not answer in time; stopping anyway`
        : `Controlled shutdown timed out (controlled.shutdown.timeout): ${moved}; ${outcome.remaining} left; stopping anyway`;
    case 'refused':
      return 'Controlled shutdown refused by the coordinator (another cluster); stopping anyway';
  }
}
