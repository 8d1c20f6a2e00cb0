// List + watch of one kind into a local cache, in the shape of client-go's reflector:
// - relists after a 410 Gone or any watch error (with backoff), diffing the new list against the
//   cache so handlers see adds, updates and deletes they missed;
// - a watchdog restarts a watch that went silent (no event and no bookmark) — a half-open TCP
//   connection otherwise leaves the operator blind without any error;
// - a periodic resync hands every cached object to the handler again, so drift in things the
//   operator does not watch (a table dropped out of band) gets corrected.
import type { Logger } from 'pino';
import { isStatus, type KubeApi, type KubeObject, type WatchHandle } from '../kube/kube-api.ts';
import { sleep, type TimerHandle, type Timers } from './timers.ts';

export type InformerEvent = 'add' | 'update' | 'delete' | 'resync';

export interface InformerOptions {
  apiVersion: string;
  kind: string;
  namespace?: string;
  labelSelector?: string;
  /** @default 300_000 */
  resyncMs?: number;
  /** A watch silent for this long is restarted. Bookmarks arrive about once a minute. @default 180_000 */
  watchdogMs?: number;
  /** Server-side watch timeout; the watch is re-opened after it. @default 240 */
  watchTimeoutSeconds?: number;
}

export function objectKey(object: KubeObject): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '';
  return namespace ? `${namespace}/${name}` : name;
}

export class Informer<T extends KubeObject> {
  readonly #api: KubeApi;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #options: Required<Pick<InformerOptions, 'resyncMs' | 'watchdogMs' | 'watchTimeoutSeconds'>> & InformerOptions;
  readonly #cache = new Map<string, T>();
  readonly #handlers: Array<(event: InformerEvent, object: T) => void> = [];
  readonly #stop = new AbortController();
  #synced = false;
  #lastEventMs = 0;
  #watch: WatchHandle | undefined;
  #resyncTimer: TimerHandle | undefined;
  #loop: Promise<void> | undefined;
  #resolveSynced: () => void = () => {};
  readonly synced: Promise<void> = new Promise((resolve) => (this.#resolveSynced = resolve));

  constructor(api: KubeApi, timers: Timers, log: Logger, options: InformerOptions) {
    this.#api = api;
    this.#timers = timers;
    this.#log = log.child({ informer: options.kind });
    this.#options = { resyncMs: 300_000, watchdogMs: 180_000, watchTimeoutSeconds: 240, ...options };
  }

  on(handler: (event: InformerEvent, object: T) => void): void {
    this.#handlers.push(handler);
  }

  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  list(): T[] {
    return [...this.#cache.values()];
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  /** True while the informer is connected or recovering within the watchdog period. */
  get healthy(): boolean {
    return !this.#synced || this.#timers.now() - this.#lastEventMs < this.#options.watchdogMs * 2;
  }

  start(): void {
    this.#loop ??= this.#run();
    this.#scheduleResync();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#watch?.stop();
    this.#resyncTimer?.cancel();
    await this.#loop;
  }

  #emit(event: InformerEvent, object: T): void {
    for (const handler of this.#handlers) handler(event, object);
  }

  #scheduleResync(): void {
    this.#resyncTimer = this.#timers.after(this.#options.resyncMs, () => {
      if (this.#stop.signal.aborted) return;
      for (const object of this.#cache.values()) this.#emit('resync', object);
      this.#scheduleResync();
    });
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stop.signal.aborted) {
      try {
        let resourceVersion = await this.#relist();
        failures = 0;
        // Keep watching from the last seen version until the watch fails (then relist).
        while (!this.#stop.signal.aborted) resourceVersion = await this.#watchOnce(resourceVersion);
      } catch (error) {
        if (this.#stop.signal.aborted) break;
        failures += 1;
        const delayMs = isStatus(error, 410) ? 0 : Math.min(30_000, 500 * 2 ** failures);
        this.#log.warn({ err: error, delayMs }, 'watch failed; relisting');
        await sleep(this.#timers, delayMs, this.#stop.signal);
      }
    }
  }

  async #relist(): Promise<string> {
    const { apiVersion, kind, namespace, labelSelector } = this.#options;
    const list = await this.#api.list<T>(apiVersion, kind, {
      ...(namespace !== undefined && { namespace }),
      ...(labelSelector !== undefined && { labelSelector }),
    });
    const seen = new Set<string>();
    for (const object of list.items) {
      const key = objectKey(object);
      seen.add(key);
      this.#store(key, object);
    }
    for (const [key, object] of this.#cache) {
      if (seen.has(key)) continue;
      this.#cache.delete(key);
      this.#emit('delete', object);
    }
    this.#lastEventMs = this.#timers.now();
    if (!this.#synced) {
      this.#synced = true;
      this.#resolveSynced();
    }
    return list.resourceVersion;
  }

  #store(key: string, object: T): void {
    const previous = this.#cache.get(key);
    // A relist returns unchanged objects too; only real changes reach the handlers.
    if (previous && previous.metadata?.resourceVersion === object.metadata?.resourceVersion) return;
    this.#cache.set(key, object);
    this.#emit(previous ? 'update' : 'add', object);
  }

  /** One watch stream; returns the resourceVersion to continue from. */
  async #watchOnce(fromVersion: string): Promise<string> {
    const { apiVersion, kind, namespace, labelSelector } = this.#options;
    let resourceVersion = fromVersion;
    this.#lastEventMs = this.#timers.now();
    const watch = this.#api.watch<T>(
      apiVersion,
      kind,
      {
        resourceVersion,
        timeoutSeconds: this.#options.watchTimeoutSeconds,
        ...(namespace !== undefined && { namespace }),
        ...(labelSelector !== undefined && { labelSelector }),
      },
      (event) => {
        this.#lastEventMs = this.#timers.now();
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
        if (event.type === 'BOOKMARK') return;
        const key = objectKey(event.object);
        if (event.type === 'DELETED') {
          this.#cache.delete(key);
          this.#emit('delete', event.object);
        } else {
          this.#store(key, event.object);
        }
      },
    );
    this.#watch = watch;
    const watchdog = this.#startWatchdog(watch);
    try {
      await watch.done;
    } finally {
      watchdog.cancel();
    }
    return resourceVersion;
  }

  #startWatchdog(watch: WatchHandle): TimerHandle {
    let handle: TimerHandle;
    const check = (): void => {
      const silentMs = this.#timers.now() - this.#lastEventMs;
      if (silentMs >= this.#options.watchdogMs) {
        this.#log.warn({ silentMs }, 'watch silent for too long; restarting it');
        watch.stop();
        return;
      }
      handle = this.#timers.after(this.#options.watchdogMs - silentMs, check);
    };
    handle = this.#timers.after(this.#options.watchdogMs, check);
    return { cancel: () => handle.cancel() };
  }
}
