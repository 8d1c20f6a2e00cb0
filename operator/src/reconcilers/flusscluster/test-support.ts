// Test set-up for the FlussCluster reconciler: the in-memory API server and coordinator, plus a
// small StatefulSet controller that plays what kube-controller-manager and the kubelet do (pods
// per ordinal with a revision, RollingUpdate with a partition, highest ordinal first, one pod per
// sync, every pod Ready at once) and tells the fake coordinator when a server restarts.
import { createHash } from 'node:crypto';
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { FlussCluster } from '../../api/types.ts';
import { FakeCoordinatorAdmin } from '../../coordinator/fake-admin.ts';
import type { FakeKubeApi } from '../../kube/fake-kube-api.ts';
import type { KubeObject } from '../../kube/kube-api.ts';
import type { BucketProbe } from '../../object-storage/bucket-probe.ts';
import { sampleCluster } from '../../specs/fixtures.ts';
import { testContext } from '../test-context.ts';
import { createMetrics } from '../../runtime/metrics.ts';
import { ManualTimers } from '../../runtime/manual-timers.ts';
import { reconcileCluster, type ClusterReconcilerDeps } from './reconcile.ts';

export const clusterRef = { apiVersion: 'fluss.dev/v1alpha1', kind: 'FlussCluster', namespace: 'data', name: 'demo' };
export const setRef = (name: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'data', name });

const revisionOf = (set: V1StatefulSet): string => createHash('sha256').update(JSON.stringify(set.spec?.template)).digest('hex').slice(0, 8);

/** One StatefulSet's pods as the StatefulSet controller keeps them. */
export class FakeStatefulSetController {
  readonly #api: FakeKubeApi;
  readonly #name: string;
  readonly #pods = new Map<number, string>();
  #currentRevision: string | undefined;
  /** Ordinals restarted onto a new revision, in order. */
  readonly restarted: number[] = [];

  constructor(api: FakeKubeApi, name: string) {
    this.#api = api;
    this.#name = name;
  }

  /** One sync: creates and removes pods for the replica count, replaces at most one pod, writes the status. Returns the ordinal replaced. */
  async sync(): Promise<number | undefined> {
    const set = await this.#api.get<V1StatefulSet>(setRef(this.#name));
    if (!set?.spec) return undefined;
    const update = revisionOf(set);
    this.#currentRevision ??= update;
    const replicas = set.spec.replicas ?? 1;
    const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (const ordinal of [...this.#pods.keys()]) if (ordinal >= replicas) this.#pods.delete(ordinal);
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      if (!this.#pods.has(ordinal)) this.#pods.set(ordinal, ordinal >= partition ? update : this.#currentRevision);
    }
    let replaced: number | undefined;
    for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
      if (this.#pods.get(ordinal) === update) continue;
      this.#pods.set(ordinal, update);
      this.restarted.push(ordinal);
      replaced = ordinal;
      break;
    }
    const updated = [...this.#pods.values()].filter((revision) => revision === update).length;
    if (updated === replicas) this.#currentRevision = update;
    this.#api.setStatus(setRef(this.#name), {
      observedGeneration: set.metadata?.generation,
      replicas,
      readyReplicas: replicas,
      updatedReplicas: updated,
      currentRevision: this.#currentRevision,
      updateRevision: update,
    });
    return replaced;
  }
}

export interface Harness {
  deps: ClusterReconcilerDeps;
  api: FakeKubeApi;
  admin: FakeCoordinatorAdmin;
  coordinatorSet: FakeStatefulSetController;
  tabletSet: FakeStatefulSetController;
  reconcile(): ReturnType<typeof reconcileCluster>;
  cluster(): Promise<FlussCluster>;
  /**
   * Both StatefulSet controllers sync. A replaced tablet pod's server shut down (shutting down
   * until its new process registers: admin.registerServers) and left its buckets' ISR.
   */
  syncSets(): Promise<number | undefined>;
  setBucket(value: BucketProbe): void;
  setReachable(value: 'reachable' | 'unreachable' | 'no-route'): void;
  /** The operator runs without a route to the coordinator (out of cluster, no address). */
  setNoRoute(): void;
  /**
   * A new operator process: fresh timers, metrics and connections over the same API server and
   * coordinator. Whatever it knows of a long operation it reads from the cluster's status.
   */
  restartOperator(): void;
}

export async function harness(spec: Partial<FlussCluster['spec']> = {}): Promise<Harness> {
  const context = testContext();
  const admin = new FakeCoordinatorAdmin();
  let reachable: 'reachable' | 'unreachable' | 'no-route' = 'reachable';
  let bucket: BucketProbe = { ok: true };
  let route = true;
  const newDeps = (base: Pick<ClusterReconcilerDeps, 'api' | 'timers' | 'log' | 'metrics'>): ClusterReconcilerDeps => ({
    ...base,
    probeCoordinator: async () => reachable,
    adminFor: () => (route ? admin : undefined),
    probeBucket: async () => bucket,
  });
  let deps = newDeps(context);
  const { metadata, ...rest } = sampleCluster(spec);
  await context.api.create<FlussCluster>({ ...rest, metadata: { name: metadata.name, namespace: 'data' } } as FlussCluster);
  const coordinatorSet = new FakeStatefulSetController(context.api, 'demo-coordinator');
  const tabletSet = new FakeStatefulSetController(context.api, 'demo-tablet');
  return {
    get deps() {
      return deps;
    },
    api: context.api,
    admin,
    coordinatorSet,
    tabletSet,
    reconcile: () => reconcileCluster(deps, 'data/demo'),
    restartOperator: () => {
      deps = newDeps({ api: context.api, timers: new ManualTimers(context.timers.now()), log: context.log, metrics: createMetrics() });
    },
    cluster: async () => (await context.api.get<FlussCluster>(clusterRef)) as FlussCluster,
    syncSets: async () => {
      await coordinatorSet.sync();
      const replaced = await tabletSet.sync();
      if (replaced !== undefined && admin.servers.has(replaced)) {
        admin.setServer(replaced, { shuttingDown: true });
        for (const buckets of admin.buckets.values()) for (const b of buckets) b.isr = b.isr.filter((id) => id !== replaced);
      }
      return replaced;
    },
    setBucket: (value) => (bucket = value),
    setReachable: (value) => (reachable = value),
    setNoRoute: () => {
      route = false;
      reachable = 'no-route';
    },
  };
}

export const conditionOf = async (api: FakeKubeApi, type: string) =>
  (await api.get<FlussCluster>(clusterRef))?.status?.conditions?.find((c) => c.type === type);
export const eventsOf = async (api: FakeKubeApi) =>
  (await api.list<KubeObject & { type?: string; reason?: string; message?: string }>('v1', 'Event')).items.map((event) => `${event.type} ${event.reason}`);
export const tabletReplicas = async (api: FakeKubeApi) => (await api.get<V1StatefulSet>(setRef('demo-tablet')))?.spec?.replicas;
export const hashOf = async (api: FakeKubeApi, name: string) =>
  (await api.get<V1StatefulSet>(setRef(name)))?.spec?.template.metadata?.annotations?.['fluss.dev/config-hash'];
