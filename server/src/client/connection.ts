import * as grpc from '@grpc/grpc-js';
import { parseEndpoint, formatEndpoint } from '../rpc/address.ts';
import { call } from '../rpc/client.ts';
import { FlussError } from '../rpc/errors.ts';
import { CHANNEL_OPTIONS, loadCoordinatorProto } from '../rpc/proto.ts';
import type { CoordinatorServiceClient } from '../rpc/generated/fluss/v1/CoordinatorService.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { TabletServiceClient } from '../rpc/generated/fluss/v1/TabletService.ts';
import { Admin } from './admin.ts';
import { MetadataCache } from './metadata.ts';
import { Table } from './table.ts';
import { toTablePath, type TablePath } from './table-path.ts';
import { TabletClientPool } from './tablet-pool.ts';
import { systemTimers, type Timers } from './timers.ts';

export interface ConnectionOptions {
  /** The coordinator's `host:port`. */
  bootstrap: string;
  /** Deadline of each metadata and admin call. @default 30000 */
  requestTimeoutMs?: number;
  /** Deadline of the first call that checks the coordinator is reachable. @default 10000 */
  connectTimeoutMs?: number;
  /** Clock and timer seam (tests). @default the system's */
  timers?: Timers;
  /** [0, 1) source for jitter, sticky buckets and writer ids (tests seed it). @default Math.random */
  random?: () => number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * A session with one cluster: the coordinator client, the metadata cache and pooled tablet-server
 * clients. Admins, tables, writers and scanners made from it share all three. Close it last.
 */
export class FlussConnection {
  readonly bootstrap: string;
  readonly requestTimeoutMs: number;
  readonly timers: Timers;
  readonly random: () => number;
  readonly metadata: MetadataCache;
  readonly #coordinator: CoordinatorServiceClient;
  readonly #tablets = new TabletClientPool();
  #closed = false;

  private constructor(bootstrap: string, options: ConnectionOptions) {
    this.bootstrap = bootstrap;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    const CoordinatorService = loadCoordinatorProto().fluss.v1.CoordinatorService;
    this.#coordinator = new CoordinatorService(bootstrap, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.metadata = new MetadataCache((tables) => call(this.#coordinator, this.#coordinator.getMetadata, { tables }, { timeoutMs: this.requestTimeoutMs }));
  }

  /** Connects and checks the coordinator answers, so a wrong address fails here with a clear message. */
  static async connect(options: ConnectionOptions): Promise<FlussConnection> {
    const bootstrap = formatEndpoint(parseEndpoint(options.bootstrap));
    const connection = new FlussConnection(bootstrap, options);
    try {
      const coordinator = connection.#coordinator;
      await call(
        coordinator,
        coordinator.getMetadata,
        { tables: [] },
        {
          timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        },
      );
    } catch (error) {
      connection.close();
      if (error instanceof FlussError && error.retriable) {
        // grpc-js appends a multi-line "Resolution note" that says nothing more to a user.
        const reason = error.message.replace(/\s*Resolution note:.*$/s, '');
        throw new FlussError(error.code, `Cannot reach the coordinator at ${bootstrap}: ${reason}`, { cause: error });
      }
      throw error;
    }
    return connection;
  }

  admin(): Admin {
    return new Admin(this);
  }

  /** A handle on an existing table; fails with UNKNOWN_TABLE when there is none. */
  async getTable(path: string | TablePath): Promise<Table> {
    const tablePath = toTablePath(path);
    const snapshot = await this.metadata.refresh(tablePath);
    return new Table(this, tablePath, snapshot);
  }

  /** The coordinator client, for Admin and for partition creation in writers. */
  get coordinator(): CoordinatorServiceClient {
    this.#checkOpen();
    return this.#coordinator;
  }

  tabletClient(server: ServerNode__Output): TabletServiceClient {
    this.#checkOpen();
    return this.#tablets.get(server);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes every channel. Writers should be flushed and scanners closed before. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#tablets.close();
    this.#coordinator.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new FlussError('FAILED_PRECONDITION', 'The connection is closed');
  }
}
