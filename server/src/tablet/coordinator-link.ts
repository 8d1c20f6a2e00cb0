import type { Logger } from 'pino';
import type { Timers } from '../common/timers.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { HeartbeatResponse__Output } from '../rpc/generated/fluss/v1/HeartbeatResponse.ts';
import { isFlussError } from '../rpc/errors.ts';
import { ServerIdentityError, type ClusterMembership } from './server-identity.ts';
import type { CoordinatorTransport } from './coordinator-rpc.ts';

export interface CoordinatorLinkOptions {
  coordinator: CoordinatorTransport;
  self: ServerNode__Output;
  logger: Logger;
  timers: Timers;
  membership: Pick<ClusterMembership, 'clusterId' | 'registration' | 'joined'>;
  onAssignment: (response: HeartbeatResponse__Output) => Promise<void>;
}

/** Retry delays while the coordinator cannot be reached at start: 100 ms more each time, at most 1 s. */
const START_RETRY_STEP_MS = 100;
const START_RETRY_MAX_MS = 1_000;

/**
 * The tablet server's session with the coordinator: register, then heartbeat; each heartbeat
 * answer is the full assignment for this server (and the deletions of dropped tables it has not
 * applied yet), handed to `onAssignment`. A heartbeat can also be asked for out of turn
 * (`refreshNow`), e.g. when a produce names a bucket not yet known here.
 *
 * Registration tells the coordinator which cluster this server's data belongs to, and, the first
 * time, that this process has just started (the coordinator then ends the leader epochs of its
 * previous run: coordinator/leader-election.ts, newTermsAfterRestart); a refusal
 * (another cluster, or a coordinator on lost metadata) fails `start`, so the server does not run.
 * Answers from a coordinator of an older epoch than one already heard from are ignored.
 */
export class CoordinatorLink {
  readonly #coordinator: CoordinatorTransport;
  readonly #self: ServerNode__Output;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #membership: CoordinatorLinkOptions['membership'];
  readonly #onAssignment: (response: HeartbeatResponse__Output) => Promise<void>;
  #registered = false;
  /** Whether this process has registered once (its first registration tells the coordinator it started). */
  #registeredOnce = false;
  /** The highest coordinator epoch heard from. */
  #coordinatorEpoch = 0;
  /** Deletions up to this sequence number are applied (reset when registering again). */
  #deletionsAfter = 0;
  #intervalMs = 1_000;
  #cancelTimer: (() => void) | undefined;
  #inFlight: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #stopped = false;

  constructor(options: CoordinatorLinkOptions) {
    this.#coordinator = options.coordinator;
    this.#self = options.self;
    this.#logger = options.logger;
    this.#timers = options.timers;
    this.#membership = options.membership;
    this.#onAssignment = options.onAssignment;
  }

  /**
   * Registers and fetches the first assignment, retrying until the coordinator answers; rejects
   * when the coordinator refuses this server into its cluster.
   */
  async start(): Promise<void> {
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        await this.refreshNow();
        if (this.#registered) break;
      } catch (error) {
        if (isRefusal(error)) throw error;
        if (attempt % 10 === 1) this.#logger.warn({ err: error, attempt }, 'coordinator not reachable yet, retrying');
      }
      await this.#timers.sleep(Math.min(START_RETRY_STEP_MS * attempt, START_RETRY_MAX_MS));
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#cancelTimer = this.#timers.schedule(() => {
      this.refreshNow()
        .catch((error: unknown) => this.#logger.warn({ err: error }, 'heartbeat failed'))
        .finally(() => this.#schedule());
    }, this.#intervalMs);
  }

  /**
   * A heartbeat that starts after this call (registering first when needed). A heartbeat already
   * on its way may have been answered before what the caller looks for existed, so the caller
   * gets the next one; callers arriving meanwhile share that next one.
   */
  refreshNow(): Promise<void> {
    if (this.#next) return this.#next;
    if (!this.#inFlight) {
      this.#inFlight = this.#beat().finally(() => {
        this.#inFlight = undefined;
      });
      return this.#inFlight;
    }
    this.#next = this.#inFlight
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.refreshNow();
      });
    return this.#next;
  }

  async #beat(): Promise<void> {
    if (!this.#registered) {
      const request = {
        server: this.#self,
        coordinatorEpoch: this.#coordinatorEpoch,
        processStart: !this.#registeredOnce,
        ...(await this.#membership.registration()),
      };
      const response = await this.#coordinator.register(request);
      this.#registeredOnce = true;
      await this.#membership.joined(response.clusterId);
      this.#intervalMs = response.heartbeatIntervalMs || this.#intervalMs;
      this.#coordinatorEpoch = Math.max(this.#coordinatorEpoch, response.coordinatorEpoch);
      this.#deletionsAfter = 0;
      this.#registered = true;
      this.#logger.info({ coordinatorHeartbeatMs: this.#intervalMs, clusterId: response.clusterId }, 'registered with coordinator');
    }
    const request = { serverId: this.#self.id, clusterId: this.#membership.clusterId ?? '', deletionsAfter: this.#deletionsAfter };
    const response = await this.#coordinator.heartbeat(request);
    if (response.reregister) {
      this.#registered = false;
      return this.#beat();
    }
    if (response.coordinatorEpoch < this.#coordinatorEpoch) {
      this.#logger.warn({ epoch: response.coordinatorEpoch, newest: this.#coordinatorEpoch }, 'ignoring an assignment from an older coordinator');
      return;
    }
    this.#coordinatorEpoch = response.coordinatorEpoch;
    await this.#onAssignment(response);
    for (const deletion of [...response.deletions, ...response.removals]) this.#deletionsAfter = Math.max(this.#deletionsAfter, Number(deletion.seq));
  }

  /**
   * Whether a command of this coordinator epoch is to be followed: not when it comes from an older
   * coordinator than one already heard from (like heartbeat answers).
   */
  acceptsCoordinatorEpoch(epoch: number): boolean {
    return epoch >= this.#coordinatorEpoch;
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#coordinator.close();
  }
}

/** The coordinator will not have this server (another cluster, or it is on lost metadata): retrying does not help. */
function isRefusal(error: unknown): boolean {
  return error instanceof ServerIdentityError || isFlussError(error, 'CLUSTER_ID_MISMATCH');
}
