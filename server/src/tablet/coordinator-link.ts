import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { call } from '../rpc/client.ts';
import { CHANNEL_OPTIONS, loadCoordinatorProto } from '../rpc/proto.ts';
import type { CoordinatorServiceClient } from '../rpc/generated/fluss/v1/CoordinatorService.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { HeartbeatResponse__Output } from '../rpc/generated/fluss/v1/HeartbeatResponse.ts';

/**
 * The tablet server's session with the coordinator: register, then heartbeat; each heartbeat
 * answer is the full assignment for this server, handed to `onAssignment`. A heartbeat can also
 * be asked for out of turn (`refreshNow`), e.g. when a produce names a bucket not yet known here.
 */
export class CoordinatorLink {
  readonly #client: CoordinatorServiceClient;
  readonly #self: ServerNode__Output;
  readonly #logger: Logger;
  readonly #onAssignment: (response: HeartbeatResponse__Output) => Promise<void>;
  #registered = false;
  #intervalMs = 1_000;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #stopped = false;

  constructor(
    coordinatorAddress: string,
    self: ServerNode__Output,
    logger: Logger,
    onAssignment: (response: HeartbeatResponse__Output) => Promise<void>,
  ) {
    const Service = loadCoordinatorProto().fluss.v1.CoordinatorService;
    this.#client = new Service(coordinatorAddress, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.#self = self;
    this.#logger = logger;
    this.#onAssignment = onAssignment;
  }

  /** Registers and fetches the first assignment, retrying until the coordinator answers. */
  async start(): Promise<void> {
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        await this.refreshNow();
        if (this.#registered) break;
      } catch (error) {
        if (attempt % 10 === 1) this.#logger.warn({ err: error, attempt }, 'coordinator not reachable yet, retrying');
      }
      await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1_000)));
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
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
      const response = await call(this.#client, this.#client.RegisterTabletServer, { server: this.#self }, { timeoutMs: 5_000 });
      this.#intervalMs = response.heartbeatIntervalMs || this.#intervalMs;
      this.#registered = true;
      this.#logger.info({ coordinatorHeartbeatMs: this.#intervalMs }, 'registered with coordinator');
    }
    const response = await call(this.#client, this.#client.Heartbeat, { serverId: this.#self.id }, { timeoutMs: 5_000 });
    if (response.reregister) {
      this.#registered = false;
      return this.#beat();
    }
    await this.#onAssignment(response);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#client.close();
  }
}
