// kwok plays the kubelet but runs no containers. This bridge plays the container runtime for the
// tablet-server pods of one FlussCluster: for every pod ordinal that exists (and is not being
// deleted) it runs one real `fluss tablet-server --id <ordinal>` process on loopback; when the
// pod is deleted it stops the process with SIGTERM (the server's controlled shutdown), and when
// the StatefulSet creates the pod again (a new uid) it starts a new process. The pods have no
// volume claim (an emptyDir), so a new pod's server starts with an empty data dir, as on
// Kubernetes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlPlane } from './controlplane/controlplane.ts';
import { freePort } from '../support/ports.ts';
import { spawnFluss, tabletServerArgs, type FlussProcess } from '../support/processes.ts';
import { sleep } from './wait.ts';

interface PodJson {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
}

export interface BridgeEvent {
  ordinal: number;
  kind: 'start' | 'stop';
  atMs: number;
  /** On a stop: what `beforeStop` found just before the SIGTERM. */
  observed?: unknown;
}

interface Running {
  uid: string;
  process: FlussProcess;
}

export class PodProcessBridge {
  readonly events: BridgeEvent[] = [];
  readonly #controlPlane: ControlPlane;
  readonly #namespace: string;
  readonly #cluster: string;
  readonly #coordinator: string;
  readonly #dataRoot: string;
  readonly #config: readonly string[];
  readonly #beforeStop: ((ordinal: number) => Promise<unknown>) | undefined;
  readonly #running = new Map<number, Running>();
  readonly #ports = new Map<number, number>();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #error: unknown;

  constructor(options: {
    controlPlane: ControlPlane;
    namespace: string;
    cluster: string;
    coordinator: string;
    dataRoot: string;
    config: readonly string[];
    /** Looks at the cluster just before a server is stopped; kept on the stop event. */
    beforeStop?: (ordinal: number) => Promise<unknown>;
  }) {
    this.#controlPlane = options.controlPlane;
    this.#namespace = options.namespace;
    this.#cluster = options.cluster;
    this.#coordinator = options.coordinator;
    this.#dataRoot = options.dataRoot;
    this.#config = options.config;
    this.#beforeStop = options.beforeStop;
  }

  start(): void {
    this.#loop = (async () => {
      while (!this.#stopping) {
        await this.#tick();
        await sleep(200);
      }
    })().catch((error: unknown) => {
      this.#error = error;
    });
  }

  /** The ordinals with a running process now. */
  get running(): number[] {
    return [...this.#running.keys()].sort((a, b) => a - b);
  }

  /** The bridge's own failure (a server that did not start), if any. */
  get error(): unknown {
    return this.#error;
  }

  /** Ordinals restarted (stopped, then started again for a new pod), in order. */
  restartsSince(sinceMs: number): number[] {
    const stopped = new Set<number>();
    const restarts: number[] = [];
    for (const event of this.events.filter((e) => e.atMs >= sinceMs)) {
      if (event.kind === 'stop') stopped.add(event.ordinal);
      else if (stopped.delete(event.ordinal)) restarts.push(event.ordinal);
    }
    return restarts;
  }

  /** The most servers without a process at once since `sinceMs`, among those that were running then. */
  maxDownSince(sinceMs: number): number {
    let down = 0;
    let most = 0;
    for (const event of this.events.filter((e) => e.atMs >= sinceMs)) {
      down += event.kind === 'stop' ? 1 : -1;
      most = Math.max(most, down);
    }
    return most;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#loop;
    for (const { process } of this.#running.values()) process.kill('SIGKILL');
    await Promise.all([...this.#running.values()].map(({ process }) => process.exited));
    this.#running.clear();
  }

  async #pods(): Promise<Map<number, string>> {
    const selector = `fluss.dev/cluster=${this.#cluster},app.kubernetes.io/component=tablet-server`;
    const list = JSON.parse(await this.#controlPlane.kubectl(['-n', this.#namespace, 'get', 'pods', '-l', selector, '-o', 'json'])) as { items: PodJson[] };
    const pods = new Map<number, string>();
    for (const pod of list.items) {
      if (pod.metadata.deletionTimestamp) continue;
      pods.set(Number(pod.metadata.name.slice(pod.metadata.name.lastIndexOf('-') + 1)), pod.metadata.uid);
    }
    return pods;
  }

  async #tick(): Promise<void> {
    const pods = await this.#pods();
    for (const [ordinal, running] of [...this.#running]) {
      if (pods.get(ordinal) === running.uid) continue;
      const observed = await this.#beforeStop?.(ordinal);
      running.process.kill('SIGTERM');
      const exited = await Promise.race([running.process.exited, sleep(30_000).then(() => 'timeout')]);
      if (exited === 'timeout') {
        running.process.kill('SIGKILL');
        await running.process.exited;
      }
      this.#running.delete(ordinal);
      this.events.push({ ordinal, kind: 'stop', atMs: Date.now(), ...(observed !== undefined && { observed }) });
    }
    for (const [ordinal, uid] of pods) {
      if (this.#running.has(ordinal)) continue;
      await this.#startServer(ordinal, uid);
    }
  }

  async #startServer(ordinal: number, uid: string): Promise<void> {
    let port = this.#ports.get(ordinal);
    if (port === undefined) {
      port = await freePort();
      this.#ports.set(ordinal, port);
    }
    // A new pod gets a new emptyDir.
    const dataDir = join(this.#dataRoot, `tablet-${ordinal}`);
    rmSync(dataDir, { recursive: true, force: true });
    const process = spawnFluss(tabletServerArgs({ id: ordinal, port, dataDir, coordinator: this.#coordinator, extra: this.#config }));
    await process.waitForOutput(new RegExp(`tablet server ${ordinal} ready at`));
    this.#running.set(ordinal, { uid, process });
    this.events.push({ ordinal, kind: 'start', atMs: Date.now() });
  }
}
