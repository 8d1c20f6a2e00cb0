import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { ServerMetrics } from '../../server/src/common/metrics.ts';
import { ManualTimers } from '../../server/src/common/timers.ts';
export { seededRandom } from '../../server/src/common/seeded-random.ts';
import { Catalog } from '../../server/src/coordinator/catalog.ts';
import { coordinatorHandlers } from '../../server/src/coordinator/coordinator-service.ts';
import { ServerRegistry } from '../../server/src/coordinator/server-registry.ts';
import { FlussError } from '../../server/src/rpc/errors.ts';
import { invokeHandler } from '../support/invoke-handler.ts';
import type { CoordinatorServiceHandlers } from '../../server/src/rpc/generated/fluss/v1/CoordinatorService.ts';
import { bucketFromWire, tableFromWire } from '../../server/src/rpc/table-wire.ts';
import { CoordinatorLink } from '../../server/src/tablet/coordinator-link.ts';
import type { CoordinatorTransport } from '../../server/src/tablet/coordinator-rpc.ts';
import { ReplicaManager } from '../../server/src/tablet/replica-manager.ts';
import { ClusterMembership } from '../../server/src/tablet/server-identity.ts';
import { tabletConfig } from '../../server/src/tablet/tablet-config.ts';

/**
 * A whole cluster in one process for seeded fault schedules: the real coordinator (catalog,
 * registry, service handlers, leader election) and N real tablet-server cores (coordinator link,
 * membership, replica manager with real logs on disk), all on one manual clock, talking through an
 * in-memory transport the schedule can cut (a partition) or lose (a crashed server). Nothing here
 * runs by itself: the schedule moves time and asks for heartbeats, so a seed replays exactly.
 */

type Handler<Req, Res> = grpc.handleUnaryCall<Req, Res>;
const invoke = invokeHandler;

const SESSION_TIMEOUT_MS = 3_000;
const HEARTBEAT_MS = 500;

export class SimTabletServer {
  readonly id: number;
  readonly dataDir: string;
  link: CoordinatorLink | undefined;
  replicas: ReplicaManager | undefined;
  /** Cut off from the coordinator (its calls fail as unreachable). */
  partitioned = false;

  constructor(id: number, dataDir: string) {
    this.id = id;
    this.dataDir = dataDir;
  }

  get running(): boolean {
    return this.link !== undefined;
  }
}

export class SimCluster {
  readonly timers = new ManualTimers(1_700_000_000_000);
  readonly root = mkdtempSync(join(tmpdir(), 'fluss-sim-'));
  readonly servers: SimTabletServer[];
  readonly #logger = pino({ level: 'silent' });
  catalog!: Catalog;
  registry!: ServerRegistry;
  handlers!: CoordinatorServiceHandlers;
  /** Set when the coordinator refused to go on (it found it was on the wrong metadata). */
  fatal: Error | undefined;

  private constructor(serverCount: number) {
    this.servers = Array.from({ length: serverCount }, (_, id) => new SimTabletServer(id, join(this.root, `tablet-server-${id}`)));
  }

  static async start(serverCount: number): Promise<SimCluster> {
    const cluster = new SimCluster(serverCount);
    await cluster.startCoordinator('coordinator');
    for (const server of cluster.servers) await cluster.startServer(server);
    return cluster;
  }

  /** (Re)starts the coordinator on a data dir (a restart keeps it; another dir is a lost volume). */
  async startCoordinator(dataDirName: string): Promise<void> {
    this.catalog = await Catalog.open(join(this.root, dataDirName), this.timers);
    await this.catalog.beginEpoch();
    this.registry = new ServerRegistry(this.timers, SESSION_TIMEOUT_MS);
    this.catalog.setLiveServers(() => this.registry.liveNodes().map((node) => ({ id: node.id, rack: node.rack })));
    this.handlers = coordinatorHandlers({
      catalog: this.catalog,
      registry: this.registry,
      logger: this.#logger,
      metrics: new ServerMetrics('sim-coordinator', false),
      self: { id: -1, host: 'coordinator', port: 1, rack: '' },
      heartbeatIntervalMs: HEARTBEAT_MS,
      onServerRegistered: async () => {
        await this.catalog.assignPendingBuckets();
        await this.catalog.electLeaders();
      },
      identity: { dataDir: dataDirName, recoverClusterId: undefined },
      onFatal: (error) => {
        this.fatal = error;
      },
    });
  }

  #transport(server: SimTabletServer): CoordinatorTransport {
    const reachable = (): void => {
      if (server.partitioned) throw new FlussError('UNAVAILABLE', `server ${server.id} is cut off from the coordinator`);
    };
    return {
      register: async (request) => {
        reachable();
        return invoke(this.handlers.RegisterTabletServer as Handler<typeof request, never>, request);
      },
      heartbeat: async (request) => {
        reachable();
        return invoke(this.handlers.Heartbeat as Handler<typeof request, never>, request);
      },
      alterIsr: async (request) => {
        reachable();
        return invoke(this.handlers.AlterIsr as Handler<typeof request, never>, request);
      },
      close: () => undefined,
    };
  }

  async startServer(server: SimTabletServer): Promise<void> {
    const membership = await ClusterMembership.load(server.dataDir, server.id);
    const replicas = new ReplicaManager(server.dataDir, tabletConfig({ 'log.flush.fsync': 'false' }), this.timers, this.#logger, server.id);
    const link = new CoordinatorLink({
      coordinator: this.#transport(server),
      self: { id: server.id, host: `server-${server.id}`, port: 9124, rack: `rack-${server.id % 2}` },
      logger: this.#logger,
      timers: this.timers,
      membership,
      onAssignment: async (response) => {
        replicas.setClusterId(response.clusterId);
        await replicas.applyAssignment(response.buckets.map(bucketFromWire), response.tables.map(tableFromWire));
        await replicas.applyDeletions(response.deletions);
      },
    });
    // Registers and applies the first assignment (no retry loop: the schedule decides when to try).
    await link.refreshNow();
    server.link = link;
    server.replicas = replicas;
  }

  /** A crash: the process is gone at once; its open files are closed, its data stays on disk. */
  async crash(server: SimTabletServer): Promise<void> {
    server.link?.stop();
    await server.replicas?.closeAll();
    server.link = undefined;
    server.replicas = undefined;
  }

  /** One heartbeat from every running server that can reach the coordinator; failures are what a real link would log. */
  async heartbeatAll(): Promise<void> {
    for (const server of this.servers) {
      if (server.link === undefined) continue;
      await server.link.refreshNow().catch(() => undefined);
    }
  }

  /** Moves time, then lets the coordinator notice expired sessions (its periodic election). */
  async advance(ms: number): Promise<void> {
    this.timers.advance(ms);
    await this.catalog.electLeaders();
  }

  createTable(name: string, buckets: number) {
    const spec = {
      database: 'sim',
      name,
      columns: [{ name: 'id', type: 'BIGINT', nullable: false, comment: '' }],
      primaryKey: [],
      bucketKey: [],
      buckets,
      partitionKeys: [],
      properties: {},
      comment: '',
    };
    return invoke(this.handlers.CreateTable as Handler<unknown, { table: unknown }>, { spec, ignoreIfExists: false, createDatabase: true });
  }

  dropTable(name: string) {
    return invoke(this.handlers.DropTable as Handler<unknown, unknown>, { path: { database: 'sim', table: name }, ignoreIfNotExists: false });
  }

  async close(): Promise<void> {
    for (const server of this.servers) await this.crash(server);
    rmSync(this.root, { recursive: true, force: true });
  }
}
