import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { ServerMetrics } from '../../server/src/common/metrics.ts';
import { repeat } from '../../server/src/common/timers.ts';
import { Catalog } from '../../server/src/coordinator/catalog.ts';
import { coordinatorHandlers } from '../../server/src/coordinator/coordinator-service.ts';
import { ServerRegistry } from '../../server/src/coordinator/server-registry.ts';
import { RebalanceExecutor } from '../../server/src/coordinator/rebalance/executor.ts';
import { replicationThrottle } from '../../server/src/coordinator/rebalance/rebalance-record.ts';
import type { CoordinatorServiceHandlers } from '../../server/src/rpc/generated/fluss/v1/CoordinatorService.ts';
import type { TabletServiceHandlers } from '../../server/src/rpc/generated/fluss/v1/TabletService.ts';
import { bucketFromWire, bucketToWire, tableFromWire } from '../../server/src/rpc/table-wire.ts';
import { CoordinatorLink } from '../../server/src/tablet/coordinator-link.ts';
import type { ControlledShutdownTransport, CoordinatorTransport } from '../../server/src/tablet/coordinator-rpc.ts';
import { shutDownControlled, type ControlledShutdownOutcome } from '../../server/src/tablet/controlled-shutdown.ts';
import { pushedStatesApplier } from '../../server/src/tablet/pushed-states.ts';
import type { BucketAssignment } from '../../server/src/table/table-bucket.ts';
import type { Timers } from '../../server/src/common/timers.ts';
import { maintainIsr } from '../../server/src/tablet/isr-maintenance.ts';
import { ReplicaFetcher } from '../../server/src/tablet/replica-fetcher.ts';
import { ReplicaManager } from '../../server/src/tablet/replica-manager.ts';
import type { Replica } from '../../server/src/tablet/replica.ts';
import type { ReplicaTransport } from '../../server/src/tablet/replica-transport.ts';
import { ClusterMembership } from '../../server/src/tablet/server-identity.ts';
import { tabletConfig, type TabletConfig } from '../../server/src/tablet/tablet-config.ts';
import { tabletHandlers } from '../../server/src/tablet/tablet-service.ts';
import { losePower, markDurable, setSyncLatency } from './sim-disk.ts';
import { SimClock, settle } from './sim-clock.ts';
import { SimNetwork } from './sim-network.ts';
import { wireCall, type Service } from './sim-wire.ts';

/**
 * A replicated cluster in one process, every part the production one: the coordinator (catalog,
 * registry, service handlers, periodic leader election) and N tablet servers, each with its
 * coordinator link, replica manager (real logs on disk), TabletService handlers (Produce, Fetch,
 * and FetchLog for its followers), replica fetcher and ISR upkeep, wired as tablet/index.ts and
 * coordinator/index.ts wire them. Only the clock (SimClock: one event at a time), the wires
 * (SimNetwork: delays, drops, partitions, crashes; calls encoded as on the real wire) and the
 * disk's fate at a power loss (power-loss.ts) are simulated, so a seed replays exactly.
 *
 * A crash is a kill -9: the process's timers and messages are gone and its memory with them; what
 * it wrote to its files stays (the page cache survives a process crash). A power loss also cuts
 * every file back to what was fsynced. Either way its open files are then closed, and the writes
 * closing makes (checkpoints, indexes) are undone, so a restart sees the disk as the crash left it.
 */

type Handler = grpc.handleUnaryCall<unknown, unknown>;

export const SIM_SETTINGS = {
  heartbeatMs: 500,
  /** rebalance.step-interval (coordinator/rebalance/executor.ts). */
  rebalanceStepMs: 300,
  /** How long a pushed bucket state may take (coordinator/bucket-state-push.ts). */
  pushTimeoutMs: 2_000,
  leaderImbalanceCheckMs: 5_000,
  controlledShutdownTimeoutMs: 10_000,
  sessionTimeoutMs: 3_000,
  /** The coordinator calls' timeout (coordinator-rpc.ts). */
  coordinatorCallTimeoutMs: 5_000,
  tablet: {
    'replica.max-lag-ms': '2000',
    'replica.fetch.wait-max': '300ms',
    'produce.ack-timeout': '3s',
    // Small segments: rolls, and truncations across segment boundaries, happen within a run.
    'log.segment.file-size': '8kb',
    'log.index.interval-size': '1kb',
  },
};

/** An fsync takes up to this much simulated time (sim-disk.ts). */
const SYNC_LATENCY_MS_MAX = 20;

export const COORDINATOR = 'coordinator';
export const nodeOf = (serverId: number): string => `server-${serverId}`;

interface ServerProcess {
  owner: string;
  replicas: ReplicaManager;
  handlers: TabletServiceHandlers;
  link: CoordinatorLink;
  fetcher: ReplicaFetcher;
  coordinator: ControlledShutdownTransport;
  timers: Timers;
  logger: pino.Logger;
  clusterId: () => string;
}

const settled = new WeakMap<Promise<Replica>, Replica>();

/** The value of a promise already fulfilled (known from the first look on), else undefined. */
function settledValue(promise: Promise<Replica>): Replica | undefined {
  const value = settled.get(promise);
  if (value === undefined) promise.then((replica) => settled.set(promise, replica)).catch(() => undefined);
  return value;
}

export class SimServer {
  readonly id: number;
  readonly node: string;
  readonly dataDir: string;
  running: ServerProcess | undefined;
  /** Why its link gave up at start (the coordinator refused it), if it did. */
  refused: unknown;

  constructor(id: number, dataDir: string) {
    this.id = id;
    this.node = nodeOf(id);
    this.dataDir = dataDir;
  }
}

export class ReplicatedSimCluster {
  readonly clock = new SimClock(1_700_000_000_000);
  readonly network: SimNetwork;
  readonly root = mkdtempSync(join(tmpdir(), 'fluss-sim-repl-'));
  readonly servers: SimServer[];
  readonly config: TabletConfig;
  readonly #logger = pino({ level: process.env['SIM_LOG'] ?? 'silent' });
  readonly #random: () => number;
  catalog!: Catalog;
  #coordinatorHandlers: CoordinatorServiceHandlers | undefined;
  /** Set when the coordinator refused to go on. */
  fatal: Error | undefined;
  /** Per process, its fsyncs waiting for their latency (a crash lets them go, undone). */
  readonly #pendingSyncs = new Map<string, Set<(proceed: boolean) => void>>();

  private constructor(serverCount: number, random: () => number, fsync: boolean) {
    this.#random = random;
    this.network = new SimNetwork(this.clock, random);
    this.config = tabletConfig({ ...SIM_SETTINGS.tablet, 'log.flush.fsync': String(fsync) });
    this.servers = Array.from({ length: serverCount }, (_, id) => new SimServer(id, join(this.root, `tablet-server-${id}`)));
  }

  static async start(options: { servers: number; random: () => number; fsync: boolean }): Promise<ReplicatedSimCluster> {
    const cluster = new ReplicatedSimCluster(options.servers, options.random, options.fsync);
    setSyncLatency((path) => cluster.#syncLatency(path));
    await cluster.startCoordinator();
    for (const server of cluster.servers) await cluster.startServer(server);
    return cluster;
  }

  /**
   * A tablet server's fsync waits a seeded while on its process's clock. Others go at once, and
   * so do those asked while the schedule itself acts (a start awaited outside the event loop).
   */
  #syncLatency(path: string): Promise<boolean> {
    const server = this.servers.find((s) => path.startsWith(`${s.dataDir}/`));
    const owner = server === undefined ? undefined : this.network.processOf(server.node);
    if (owner === undefined || !this.clock.running) return Promise.resolve(true);
    const pending = this.#pendingSyncs.get(owner) ?? new Set();
    this.#pendingSyncs.set(owner, pending);
    return new Promise((resolve) => {
      const done = (proceed: boolean): void => {
        pending.delete(done);
        resolve(proceed);
      };
      pending.add(done);
      this.clock.schedule(owner, () => done(true), Math.floor(this.#random() * SYNC_LATENCY_MS_MAX));
    });
  }

  /** (Re)starts the coordinator on its data dir: a restart loses its memory (sessions), not its metadata. */
  async startCoordinator(): Promise<void> {
    const timers = this.clock.timersFor(this.network.start(COORDINATOR));
    const catalog = await Catalog.open(join(this.root, 'coordinator'), timers);
    await catalog.beginEpoch();
    const registry = new ServerRegistry(timers, SIM_SETTINGS.sessionTimeoutMs);
    catalog.setLiveServers(() => registry.liveNodes().map((node) => ({ id: node.id, rack: node.rack })));
    catalog.setShuttingDownServers(() => registry.shuttingDownIds());
    this.catalog = catalog;
    // New bucket states go to the servers at once, over the simulated network (bucket-state-push.ts).
    const push = async (changed: readonly BucketAssignment[]): Promise<void> => {
      const ids = new Set(changed.flatMap((bucket) => bucket.replicas));
      const live = registry.liveIds().filter((id) => ids.has(id));
      await Promise.all(
        live.map((id) => {
          const buckets = changed.filter((bucket) => bucket.replicas.includes(id)).map(bucketToWire);
          const request = { coordinatorEpoch: catalog.coordinatorEpoch, buckets, replicationThrottleBytesPerSec: replicationThrottle(catalog.rebalance) };
          return this.callTablet(COORDINATOR, id, 'UpdateBucketStates', request, SIM_SETTINGS.pushTimeoutMs).catch(() => undefined);
        }),
      );
    };
    // A running rebalance resumes at once from the metadata, as in coordinator/index.ts.
    const executor = new RebalanceExecutor({ catalog, push, logger: this.#logger, timers, stepIntervalMs: SIM_SETTINGS.rebalanceStepMs });
    this.#coordinatorHandlers = coordinatorHandlers({
      rebalance: { executor, maxConcurrentMoves: 2, clock: timers },
      catalog,
      registry,
      logger: this.#logger,
      metrics: new ServerMetrics('sim-coordinator', false),
      self: { id: -1, host: 'coordinator', port: 1, rack: '' },
      heartbeatIntervalMs: SIM_SETTINGS.heartbeatMs,
      onServerRegistered: async () => {
        await catalog.assignPendingBuckets();
        void push(await catalog.electLeaders());
      },
      identity: { dataDir: 'coordinator', recoverClusterId: undefined },
      onFatal: (error) => {
        this.fatal = error;
      },
      pushBucketStates: push,
    });
    // Sessions expire silently: the coordinator looks every heartbeat interval (coordinator/index.ts).
    repeat(
      timers,
      SIM_SETTINGS.heartbeatMs,
      async () => void push(await catalog.electLeaders()),
      () => undefined,
    );
    // Preferred-leader elections (coordinator/index.ts, leader.imbalance.check.interval).
    repeat(
      timers,
      SIM_SETTINGS.leaderImbalanceCheckMs,
      async () => push((await catalog.electPreferredLeaders()).changed),
      () => undefined,
    );
    await settle();
  }

  /** The coordinator process crashes and starts again at once (on the same data dir). */
  async restartCoordinator(): Promise<void> {
    this.network.stop(COORDINATOR);
    this.#coordinatorHandlers = undefined;
    await settle();
    await this.startCoordinator();
  }

  /** `from` calls a method of the coordinator (whichever process runs there when the request arrives). */
  callCoordinator<Res>(from: string, method: keyof CoordinatorServiceHandlers & string, request: unknown): Promise<Res> {
    return this.#call(from, COORDINATOR, SIM_SETTINGS.coordinatorCallTimeoutMs, 'coordinator', method, request, () => this.#coordinatorHandlers?.[method]);
  }

  /** `from` calls a TabletService method of server `serverId`. */
  callTablet<Res>(from: string, serverId: number, method: keyof TabletServiceHandlers & string, request: unknown, timeoutMs: number): Promise<Res> {
    const server = this.servers[serverId];
    if (server === undefined) return Promise.reject(new Error(`no server ${serverId}`));
    return this.#call(from, server.node, timeoutMs, 'tablet', method, request, () => server.running?.handlers[method]);
  }

  #call<Res>(from: string, to: string, timeoutMs: number, service: Service, method: string, request: unknown, handler: () => unknown): Promise<Res> {
    return wireCall<Res>(this.network, { from, to, timeoutMs, service, method, request, handler: () => handler() as Handler | undefined });
  }

  #coordinatorTransport(node: string): CoordinatorTransport & ControlledShutdownTransport {
    return {
      register: (request) => this.callCoordinator(node, 'RegisterTabletServer', request),
      heartbeat: (request) => this.callCoordinator(node, 'Heartbeat', request),
      alterIsr: (request) => this.callCoordinator(node, 'AlterIsr', request),
      controlledShutdown: (request) => this.callCoordinator(node, 'ControlledShutdown', request),
      close: () => undefined,
    };
  }

  /** A follower's fetches, to the leader's real FetchLog handler. */
  #replicaTransport(node: string): ReplicaTransport {
    return {
      fetchLog: (leader, request, timeoutMs) => this.callTablet(node, leader.id, 'FetchLog', request, timeoutMs),
      close: () => undefined,
    };
  }

  /** Starts a tablet server process on its data dir, wired as startTabletServer wires one. */
  async startServer(server: SimServer): Promise<void> {
    const owner = this.network.start(server.node);
    const timers = this.clock.timersFor(owner);
    const { config } = this;
    const logger = this.#logger.child({ server: server.id });
    const membership = await ClusterMembership.load(server.dataDir, server.id);
    const replicas = new ReplicaManager(server.dataDir, config, timers, logger, server.id);
    const coordinator = this.#coordinatorTransport(server.node);
    const fetcher = new ReplicaFetcher({
      serverId: server.id,
      replicas,
      transport: this.#replicaTransport(server.node),
      timers,
      logger,
      waitMs: config.replicaFetchWaitMs,
      maxBytes: config.replicaFetchMaxBytes,
      fsync: config.fsync,
    });
    const link: CoordinatorLink = new CoordinatorLink({
      coordinator,
      self: { id: server.id, host: server.node, port: 9124, rack: '' },
      logger,
      timers,
      membership,
      onAssignment: async (response) => {
        replicas.setClusterId(response.clusterId);
        await replicas.applyAssignment(response.buckets.map(bucketFromWire), response.tables.map(tableFromWire));
        await replicas.applyDeletions(response.deletions);
        await replicas.applyRemovals(response.removals);
        fetcher.throttle.setRate(Number(response.replicationThrottleBytesPerSec));
        await fetcher.update(response.tabletServers);
      },
    });
    const handlers = tabletHandlers({
      replicas,
      logger,
      metrics: new ServerMetrics(`sim-${owner}`, false),
      config,
      serverId: server.id,
      timers,
      refreshAssignment: () => link.refreshNow(),
      applyPushedStates: pushedStatesApplier(() => ({ link, replicas, fetcher })),
    });
    server.running = { owner, replicas, handlers, link, fetcher, coordinator, timers, logger, clusterId: () => membership.clusterId ?? '' };
    server.refused = undefined;
    link.start().then(
      () => {
        repeat(
          timers,
          Math.min(1_000, Math.ceil(config.replicaMaxLagMs / 2)),
          () => maintainIsr({ serverId: server.id, replicas, coordinator, logger, nowMs: timers.now(), maxLagMs: config.replicaMaxLagMs }),
          () => undefined,
        );
      },
      (error: unknown) => {
        server.refused = error;
      },
    );
    await settle();
  }

  /**
   * SIGTERM: the server's controlled shutdown (tablet/controlled-shutdown.ts) on simulated time,
   * then its process ends (as a crash without power loss: what a stop closes cleanly is a subset).
   */
  async stopGracefully(server: SimServer): Promise<ControlledShutdownOutcome | undefined> {
    const running = server.running;
    if (running === undefined) return undefined;
    let outcome: ControlledShutdownOutcome | undefined;
    const shutdown = shutDownControlled({
      coordinator: running.coordinator,
      serverId: server.id,
      clusterId: running.clusterId,
      timers: running.timers,
      logger: running.logger,
      timeoutMs: SIM_SETTINGS.controlledShutdownTimeoutMs,
      applyNewRoles: () => running.link.refreshNow(),
    }).then((done) => {
      outcome = done;
    });
    while (outcome === undefined && server.running === running) await this.clock.run(50);
    void shutdown.catch(() => undefined);
    await this.crash(server, { powerLoss: false });
    return outcome;
  }

  /** Whether some fsync of the server's process is under way (a power loss now loses what it covers). */
  syncing(server: SimServer): boolean {
    const owner = server.running?.owner;
    return owner !== undefined && (this.#pendingSyncs.get(owner)?.size ?? 0) > 0;
  }

  /** kill -9 of a tablet server, or with `powerLoss` its machine's power cut (see the class comment). */
  async crash(server: SimServer, options: { powerLoss: boolean }): Promise<void> {
    const running = server.running;
    if (running === undefined) return;
    this.#kill(server, running);
    const asLeft = `${server.dataDir}.crashed`;
    cpSync(server.dataDir, asLeft, { recursive: true });
    if (options.powerLoss) losePower(server.dataDir, asLeft, this.#random);
    await running.replicas.closeAll();
    await settle();
    rmSync(server.dataDir, { recursive: true, force: true });
    renameSync(asLeft, server.dataDir);
    markDurable(server.dataDir);
  }

  /** The process is gone: no timer, message or fsync of it happens any more (its fsyncs return undone, so its files can close). */
  #kill(server: SimServer, running: ServerProcess): void {
    this.network.stop(server.node);
    server.running = undefined;
    running.fetcher.stop();
    running.link.stop();
    for (const release of this.#pendingSyncs.get(running.owner) ?? []) release(false);
    this.#pendingSyncs.delete(running.owner);
  }

  /**
   * The replicas the server has open now, for the harness: one still opening (its fsyncs wait for
   * simulated time) is left out, as awaiting it from outside the event loop would wait forever.
   */
  replicasNow(server: SimServer): Replica[] {
    const running = server.running;
    if (running === undefined) return [];
    return Object.values(this.catalog.state.buckets).flatMap((bucket) => {
      const opening = running.replicas.get(bucket);
      const replica = opening === undefined ? undefined : settledValue(opening);
      return replica === undefined ? [] : [replica];
    });
  }

  createTable(from: string, name: string, buckets: number, replicationFactor: number, minInsyncReplicas: number): Promise<{ table: { tableId: number } }> {
    const spec = {
      database: 'sim',
      name,
      columns: [{ name: 'id', type: 'BIGINT', nullable: false, comment: '' }],
      primaryKey: [],
      bucketKey: [],
      buckets,
      partitionKeys: [],
      properties: { 'table.replication.factor': String(replicationFactor), 'table.min-insync-replicas': String(minInsyncReplicas) },
      comment: '',
    };
    return this.callCoordinator(from, 'CreateTable', { spec, ignoreIfExists: false, createDatabase: true });
  }

  async close(): Promise<void> {
    for (const server of this.servers) {
      const running = server.running;
      if (running === undefined) continue;
      this.#kill(server, running);
      await running.replicas.closeAll();
    }
    this.network.stopAll();
    setSyncLatency(undefined);
    await settle();
    rmSync(this.root, { recursive: true, force: true });
  }
}
