// Lease-based leader election, after client-go's leaderelection package. Only the leader runs the
// controllers; the others wait. Expiry is judged by when *this* process last saw the lease change
// (not by the renewTime written by another machine), so clock skew between pods does not matter.
import type { Logger } from 'pino';
import { isStatus, type KubeApi } from '../kube/kube-api.ts';
import { sleep, type Timers } from './timers.ts';

export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** @default 15_000 */
  leaseDurationMs?: number;
  /** The leader gives up when it could not renew for this long. @default 10_000 */
  renewDeadlineMs?: number;
  /** @default 2_000 */
  retryPeriodMs?: number;
}

export type LeaseDecision = 'renew' | 'acquire' | 'wait';

/** Pure: what a candidate does with the lease it sees. */
export function decide(lease: Lease['spec'], identity: string, observedSinceMs: number, nowMs: number): LeaseDecision {
  if (lease.holderIdentity === identity) return 'renew';
  if (!lease.holderIdentity) return 'acquire';
  const durationMs = (lease.leaseDurationSeconds ?? 15) * 1000;
  return nowMs - observedSinceMs >= durationMs ? 'acquire' : 'wait';
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export class LeaderElector {
  readonly #api: KubeApi;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #options: Required<LeaderElectionOptions>;
  #observed: { resourceVersion: string | undefined; sinceMs: number } = { resourceVersion: undefined, sinceMs: 0 };
  #leading = false;

  constructor(api: KubeApi, timers: Timers, log: Logger, options: LeaderElectionOptions) {
    this.#api = api;
    this.#timers = timers;
    this.#log = log.child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
    this.#options = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, ...options };
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /** Resolves once this process holds the lease (or the signal aborts: then false). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew()) {
        this.#leading = true;
        this.#log.info('became leader');
        return true;
      }
      await sleep(this.#timers, this.#options.retryPeriodMs, signal);
    }
    return false;
  }

  /** Renews until it fails for longer than the renew deadline or the signal aborts. */
  async holdUntilLost(signal: AbortSignal): Promise<void> {
    let lastRenewMs = this.#timers.now();
    while (!signal.aborted) {
      await sleep(this.#timers, this.#options.retryPeriodMs, signal);
      if (signal.aborted) break;
      if (await this.#tryAcquireOrRenew()) {
        lastRenewMs = this.#timers.now();
      } else if (this.#timers.now() - lastRenewMs > this.#options.renewDeadlineMs) {
        this.#leading = false;
        this.#log.error('lost the lease');
        return;
      }
    }
  }

  /** Gives the lease up on graceful shutdown, so a standby takes over at once. */
  async release(): Promise<void> {
    if (!this.#leading) return;
    this.#leading = false;
    try {
      const lease = await this.#get();
      if (lease?.spec.holderIdentity !== this.#options.identity) return;
      await this.#api.replace<Lease>({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(this.#timers.now()) },
      });
      this.#log.info('released the lease');
    } catch (error) {
      this.#log.warn({ err: error }, 'could not release the lease; it expires on its own');
    }
  }

  #get(): Promise<Lease | undefined> {
    return this.#api.get<Lease>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: this.#options.namespace, name: this.#options.name });
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const nowMs = this.#timers.now();
    const { identity, namespace, name } = this.#options;
    const spec = (transitions: number, acquireTime: string | undefined): Lease['spec'] => ({
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.#options.leaseDurationMs / 1000),
      acquireTime: acquireTime ?? microTime(nowMs),
      renewTime: microTime(nowMs),
      leaseTransitions: transitions,
    });
    try {
      const lease = await this.#get();
      if (!lease) {
        await this.#api.create<Lease>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec(0, undefined) });
        return true;
      }
      if (lease.metadata.resourceVersion !== this.#observed.resourceVersion) {
        this.#observed = { resourceVersion: lease.metadata.resourceVersion, sinceMs: nowMs };
      }
      const decision = decide(lease.spec, identity, this.#observed.sinceMs, nowMs);
      if (decision === 'wait') return false;
      const transitions = (lease.spec.leaseTransitions ?? 0) + (decision === 'acquire' ? 1 : 0);
      // replace() carries the resourceVersion we read: a concurrent writer makes it fail with 409.
      const updated = await this.#api.replace<Lease>({ ...lease, spec: spec(transitions, decision === 'renew' ? lease.spec.acquireTime : undefined) });
      this.#observed = { resourceVersion: updated.metadata.resourceVersion, sinceMs: nowMs };
      return true;
    } catch (error) {
      if (!isStatus(error, 409)) this.#log.warn({ err: error }, 'lease update failed');
      return false;
    }
  }
}
