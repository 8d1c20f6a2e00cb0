// The composition root's moving parts: informers -> keys -> controllers, under leader election.
import type { Logger } from 'pino';
import { apiVersion, fieldManager, labels } from './api/constants.ts';
import type { FlussCluster, FlussRebalance, FlussTable } from './api/types.ts';
import { AdminClients, lazyAdmin, type CoordinatorAdmin } from './coordinator/admin-client.ts';
import type { KubeApi, KubeObject } from './kube/kube-api.ts';
import { reconcileCluster } from './reconcilers/flusscluster/reconcile.ts';
import { reconcileRebalance } from './reconcilers/flussrebalance/reconcile.ts';
import { reconcileTable } from './reconcilers/flusstable/reconcile.ts';
import { probeBucket } from './object-storage/bucket-probe.ts';
import { Controller } from './runtime/controller.ts';
import { Informer, objectKey } from './runtime/informer.ts';
import { LeaderElector } from './runtime/leader-election.ts';
import type { OperatorMetrics } from './runtime/metrics.ts';
import type { Timers } from './runtime/timers.ts';
import { coordinatorAddress } from './specs/names.ts';

export interface OperatorOptions {
  /** Watch one namespace; all namespaces when undefined. */
  namespace: string | undefined;
  /** Out of cluster: where the coordinator answers (overrides the in-cluster Service address). */
  coordinatorAddress: string | undefined;
  inCluster: boolean;
  leaderElection: { namespace: string; name: string; identity: string } | undefined;
  resyncMs: number;
  tablePollMs: number;
  pollWhileProgressingMs: number;
}

type Informers = [Informer<FlussCluster>, Informer<FlussTable>, Informer<FlussRebalance>, Informer<KubeObject>];

export class Operator {
  readonly #api: KubeApi;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #metrics: OperatorMetrics;
  readonly #options: OperatorOptions;
  readonly #admins = new AdminClients();
  readonly #stop = new AbortController();
  readonly #clusters: Informer<FlussCluster>;
  readonly #tables: Informer<FlussTable>;
  readonly #rebalances: Informer<FlussRebalance>;
  readonly #statefulSets: Informer<KubeObject>;
  readonly #clusterController: Controller;
  readonly #tableController: Controller;
  readonly #rebalanceController: Controller;
  readonly #elector: LeaderElector | undefined;
  #controllersStarted = false;

  constructor(api: KubeApi, timers: Timers, log: Logger, metrics: OperatorMetrics, options: OperatorOptions) {
    this.#api = api;
    this.#timers = timers;
    this.#log = log;
    this.#metrics = metrics;
    this.#options = options;
    const scope = { ...(options.namespace !== undefined && { namespace: options.namespace }), resyncMs: options.resyncMs };
    this.#clusters = new Informer(api, timers, log, { apiVersion, kind: 'FlussCluster', ...scope });
    this.#tables = new Informer(api, timers, log, { apiVersion, kind: 'FlussTable', ...scope });
    this.#rebalances = new Informer(api, timers, log, { apiVersion, kind: 'FlussRebalance', ...scope });
    this.#statefulSets = new Informer(api, timers, log, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      labelSelector: `${labels.managedBy}=${fieldManager}`,
      ...scope,
    });

    const context = { api, timers, log, metrics };
    this.#clusterController = new Controller(
      {
        name: 'flusscluster',
        reconcile: (key) =>
          reconcileCluster(
            {
              ...context,
              log: log.child({ flusscluster: key }),
              probeCoordinator: (cluster) => this.#probe(cluster),
              adminFor: (cluster) => this.#lazyAdminFor(cluster),
              probeBucket,
              pollWhileProgressingMs: options.pollWhileProgressingMs,
            },
            key,
          ),
      },
      timers,
      log,
      metrics,
    );
    this.#tableController = new Controller(
      {
        name: 'flusstable',
        reconcile: (key) =>
          reconcileTable(
            { ...context, log: log.child({ flusstable: key }), adminFor: (cluster) => this.#adminFor(cluster), pollIntervalMs: options.tablePollMs },
            key,
          ),
      },
      timers,
      log,
      metrics,
    );
    this.#rebalanceController = new Controller(
      {
        name: 'flussrebalance',
        reconcile: (key) =>
          reconcileRebalance(
            {
              ...context,
              log: log.child({ flussrebalance: key }),
              adminFor: (cluster) => this.#adminFor(cluster),
              pollIntervalMs: options.pollWhileProgressingMs,
            },
            key,
          ),
      },
      timers,
      log,
      metrics,
    );
    this.#elector = options.leaderElection && new LeaderElector(api, timers, log, options.leaderElection);
    this.#wireEvents();
  }

  #wireEvents(): void {
    this.#clusters.on((_event, cluster) => {
      this.#clusterController.enqueue(objectKey(cluster));
      // Tables wait for their cluster; tell them when it changes.
      for (const table of this.#tables.list()) {
        if (table.metadata.namespace === cluster.metadata.namespace && table.spec.clusterRef.name === cluster.metadata.name)
          this.#tableController.enqueue(objectKey(table));
      }
    });
    this.#tables.on((_event, table) => this.#tableController.enqueue(objectKey(table)));
    this.#rebalances.on((_event, rebalance) => this.#rebalanceController.enqueue(objectKey(rebalance)));
    this.#statefulSets.on((_event, set) => {
      const clusterName = set.metadata?.labels?.[labels.cluster];
      if (clusterName && set.metadata?.namespace) this.#clusterController.enqueue(`${set.metadata.namespace}/${clusterName}`);
    });
  }

  #addressOf(cluster: FlussCluster): string | undefined {
    return this.#options.coordinatorAddress ?? (this.#options.inCluster ? coordinatorAddress(cluster) : undefined);
  }

  async #adminFor(cluster: FlussCluster): Promise<CoordinatorAdmin | undefined> {
    const address = this.#addressOf(cluster);
    return address === undefined ? undefined : this.#admins.forAddress(address);
  }

  /** Connects on the first call: a cluster reconcile with nothing to ask the coordinator asks nothing. */
  #lazyAdminFor(cluster: FlussCluster): CoordinatorAdmin | undefined {
    const address = this.#addressOf(cluster);
    return address === undefined ? undefined : lazyAdmin(() => this.#admins.forAddress(address));
  }

  async #probe(cluster: FlussCluster): Promise<'reachable' | 'unreachable' | 'no-route'> {
    const address = this.#addressOf(cluster);
    if (address === undefined) return 'no-route';
    try {
      await this.#admins.ping(address);
      return 'reachable';
    } catch {
      return 'unreachable';
    }
  }

  get #informers(): Informers {
    return [this.#clusters, this.#tables, this.#rebalances, this.#statefulSets];
  }

  get ready(): boolean {
    return this.#informers.every((informer) => informer.hasSynced);
  }

  get live(): boolean {
    return this.#informers.every((informer) => informer.healthy);
  }

  /** Runs until stop() or until leadership is lost (then it rejects: the process should exit). */
  async run(): Promise<void> {
    for (const informer of this.#informers) informer.start();
    await Promise.all(this.#informers.map((informer) => informer.synced));
    this.#log.info('caches synced');
    if (this.#elector && !(await this.#elector.acquire(this.#stop.signal))) return;
    this.#metrics.leader.set(1);
    this.#controllersStarted = true;
    this.#clusterController.start();
    this.#tableController.start();
    this.#rebalanceController.start();
    // Informer events before leadership were enqueued too; the queue coalesces them.
    if (!this.#elector) return;
    await this.#elector.holdUntilLost(this.#stop.signal);
    if (!this.#stop.signal.aborted) {
      this.#metrics.leader.set(0);
      throw new Error('Lost leadership');
    }
  }

  /** Graceful: finish in-flight reconciles, hand the lease over, close connections. */
  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#controllersStarted) await Promise.all([this.#clusterController.stop(), this.#tableController.stop(), this.#rebalanceController.stop()]);
    await this.#elector?.release();
    this.#metrics.leader.set(0);
    await Promise.all(this.#informers.map((informer) => informer.stop()));
    await this.#admins.closeAll();
  }
}
