// Scaling the tablet servers with the data following (Strimzi's auto-rebalance on scaling and its
// scale-down check). The state machine lives in status.autoRebalance, so an operator restart
// resumes where it was; every transition that precedes a coordinator call is written first.
//
//   Idle ──spec > set──► RebalanceOnScaleUp/WaitingForServers ──new servers registered──►
//        RebalanceOnScaleUp/Rebalancing ──COMPLETED / FAILED / CANCELED──► Idle
//   Idle ──spec < set, the servers left hold every RF──► RebalanceOnScaleDown/Draining
//        (tag PERMANENT_OFFLINE, rebalance; again until they hold 0 replicas) ──►
//        RebalanceOnScaleDown/Shrinking (the StatefulSet shrinks) ──pods gone, untagged──► Idle
//   Idle ──spec < set, too few servers left (or no route, or the drain cannot place a replica)──►
//        Idle with condition ScaleDownBlocked=True: the pods stay
//   spec changes mid-way ──► Canceling (CancelRebalance) ──► Idle (a reverted drain rebalances
//        back onto the servers it kept)
//
// While a drain runs the StatefulSet keeps its old count: `replicasFor` is the count to apply.
import type { V1StatefulSet } from '@kubernetes/client-node';
import type { RebalanceProgress } from '../../../../server/src/client/admin.ts';
import { isFlussError } from '../../../../server/src/rpc/errors.ts';
import { findCondition, type ConditionInput } from '../../api/conditions.ts';
import type { AutoRebalanceStatus, FlussCluster } from '../../api/types.ts';
import type { CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import { readClusterView } from '../../coordinator/cluster-view.ts';
import { ordinals, scaleDownBlocker, serversNotUp } from './availability.ts';

export const scaleDownBlockedType = 'ScaleDownBlocked';
/** Reasons that hold until the spec changes again (the same drain would fail the same way). */
const stickyReasons = new Set(['UnmovableReplicas', 'DrainCanceled']);

export interface ScaleIo {
  /** undefined: no route to the coordinator (out of cluster without --coordinator-address). */
  admin: CoordinatorAdmin | undefined;
  /** Writes status.autoRebalance before what follows acts on it. */
  save(state: AutoRebalanceStatus): Promise<void>;
  event(type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
  nowIso: string;
}

export interface ScaleInput {
  cluster: FlussCluster;
  /** The live tablet-server StatefulSet; undefined before it exists. */
  tablets: V1StatefulSet | undefined;
  /** No tablet server runs an old pod template (rollout.ts): scaling starts only then. */
  rolledOut: boolean;
}

export interface ScaleOutcome {
  autoRebalance: AutoRebalanceStatus;
  /** The tablet-server count the StatefulSet gets now. */
  replicas: number;
  /** Condition ScaleDownBlocked; undefined removes it. */
  blocked: ConditionInput | undefined;
  /** Something is under way: look again soon. */
  busy: boolean;
}

const idle: AutoRebalanceStatus = { state: 'Idle' };
const terminal = new Set(['COMPLETED', 'CANCELED', 'FAILED']);
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const serverList = (servers: number[] | undefined): string => (servers ?? []).join(', ');

/** The count to apply for a state: a drain keeps every pod until its servers hold nothing. */
export function replicasFor(state: AutoRebalanceStatus, specReplicas: number, liveReplicas: number | undefined): number {
  if (state.state === 'RebalanceOnScaleDown')
    return state.step === 'Shrinking' ? (state.toReplicas ?? specReplicas) : (state.fromReplicas ?? liveReplicas ?? specReplicas);
  return Math.max(specReplicas, liveReplicas ?? specReplicas);
}

/** "Rebalance rb-3 ended FAILED: table dropped after 2/5 moves" */
function endedText(progress: RebalanceProgress): string {
  const moves = movesOf(progress);
  const failed = progress.moves.find((move) => move.error)?.error;
  return `Rebalance ${progress.rebalanceId} ended ${progress.state}${failed ? `: ${failed}` : ''} after ${moves.movesDone}/${moves.movesTotal} moves`;
}

function movesOf(progress: RebalanceProgress): Pick<AutoRebalanceStatus, 'movesDone' | 'movesTotal'> {
  return { movesDone: progress.moves.filter((move) => move.status === 'COMPLETED').length, movesTotal: progress.moves.length };
}

class Scaling {
  readonly #io: ScaleIo;
  readonly #input: ScaleInput;
  readonly #spec: number;
  readonly #live: number | undefined;
  #state: AutoRebalanceStatus;
  #blocked: ConditionInput | undefined;

  constructor(io: ScaleIo, input: ScaleInput) {
    this.#io = io;
    this.#input = input;
    this.#spec = input.cluster.spec.tabletServers.replicas;
    this.#live = input.tablets?.spec?.replicas;
    this.#state = input.cluster.status?.autoRebalance ?? idle;
  }

  async run(): Promise<ScaleOutcome> {
    try {
      // At most a few transitions per reconcile: Idle after a cancel may start the next operation.
      for (let round = 0; round < 3; round++) {
        const before = this.#state;
        await this.#step();
        if (this.#blocked || this.#state.state === before.state || this.#state.state !== 'Idle') break;
      }
    } catch (error) {
      // A coordinator that does not answer: keep the state, say why, look again.
      this.#state = { ...this.#state, lastError: errorText(error) };
    }
    return {
      autoRebalance: this.#state,
      replicas: replicasFor(this.#state, this.#spec, this.#live),
      blocked: this.#blocked,
      busy: this.#state.state !== 'Idle' || this.#state.message !== undefined,
    };
  }

  async #to(state: AutoRebalanceStatus): Promise<void> {
    this.#state = { ...state, lastTransitionTime: this.#io.nowIso };
    await this.#io.save(this.#state);
  }

  #update(fields: Partial<AutoRebalanceStatus>): void {
    this.#state = { ...this.#state, ...fields };
  }

  async #step(): Promise<void> {
    const state = this.#state;
    if (state.state === 'Idle') return this.#idle();
    if (state.step === 'Canceling') return this.#canceling();
    if (state.state === 'RebalanceOnScaleDown' && state.step === 'Shrinking') return this.#shrinking();
    if (this.#spec !== state.toReplicas) return this.#targetChanged();
    if (state.state === 'RebalanceOnScaleUp') return state.step === 'Rebalancing' ? this.#followScaleUp() : this.#waitForServers();
    return this.#drain();
  }

  /** Idle, keeping when it became so and what went wrong last. */
  #idleKept(): AutoRebalanceStatus {
    const { lastError, lastTransitionTime } = this.#state;
    return { state: 'Idle', ...(lastError !== undefined && { lastError }), ...(lastTransitionTime !== undefined && { lastTransitionTime }) };
  }

  async #idle(): Promise<void> {
    const { cluster } = this.#input;
    const live = this.#live;
    const keep = this.#idleKept();
    if (live === undefined || this.#spec === live) {
      this.#state = keep;
      return;
    }
    if (this.#spec > live) {
      if (cluster.spec.autoRebalance?.onScaleUp === false || !this.#io.admin) {
        const why = this.#io.admin ? 'autoRebalance.onScaleUp is false' : 'the operator has no route to the coordinator';
        this.#state = keep;
        await this.#io.event('Normal', 'ScaledUp', `Scaled to ${this.#spec} tablet servers without a rebalance (${why}): the new servers get only new buckets`);
        return;
      }
      const servers = ordinals(live, this.#spec);
      await this.#to({ state: 'RebalanceOnScaleUp', step: 'WaitingForServers', servers, fromReplicas: live, toReplicas: this.#spec });
      await this.#io.event('Normal', 'ScalingUp', `Scaling up to ${this.#spec} tablet servers; rebalancing onto ${serverList(servers)} once they registered`);
      return;
    }
    await this.#startScaleDown(live);
  }

  #block(reason: string, message: string): void {
    this.#blocked = { type: scaleDownBlockedType, status: 'True', reason, message };
  }

  async #startScaleDown(live: number): Promise<void> {
    const admin = this.#io.admin;
    const servers = ordinals(this.#spec, live);
    this.#state = this.#idleKept();
    if (!admin) {
      this.#block('NoRoute', `Keeping ${live} tablet servers: the operator has no route to the coordinator, so it cannot drain servers ${serverList(servers)}`);
      return;
    }
    const previous = findCondition(this.#input.cluster.status?.conditions, scaleDownBlockedType);
    if (previous && stickyReasons.has(previous.reason) && previous.observedGeneration === this.#input.cluster.metadata.generation) {
      this.#blocked = { type: previous.type, status: 'True', reason: previous.reason, message: previous.message };
      return;
    }
    if (!this.#input.rolledOut) {
      this.#state = { ...this.#state, message: 'Scale-down waits for the rolling restart to finish' };
      return;
    }
    const blocker = scaleDownBlocker(await readClusterView(admin), this.#spec);
    if (blocker) {
      this.#block('ReplicationFactor', `Keeping ${live} tablet servers: ${blocker}`);
      return;
    }
    await this.#to({ state: 'RebalanceOnScaleDown', step: 'Draining', servers, fromReplicas: live, toReplicas: this.#spec });
    await this.#io.event('Normal', 'ScalingDown', `Draining tablet servers ${serverList(servers)} before scaling down to ${this.#spec}`);
    await this.#drain();
  }

  #options() {
    const settings = this.#input.cluster.spec.autoRebalance;
    return {
      ...(settings?.maxConcurrentMoves !== undefined && { maxConcurrentMoves: settings.maxConcurrentMoves }),
      ...(settings?.throttleBytesPerSecond !== undefined && { throttleBytesPerSec: settings.throttleBytesPerSecond }),
    };
  }

  /** Starts a rebalance, or says that another one runs (the coordinator allows one at a time). */
  async #startRebalance(admin: CoordinatorAdmin): Promise<RebalanceProgress | undefined> {
    try {
      return await admin.rebalance(this.#options());
    } catch (error) {
      if (!isFlussError(error, 'FAILED_PRECONDITION')) throw error;
      this.#update({ message: `Waiting for another rebalance to finish: ${errorText(error)}` });
      return undefined;
    }
  }

  /** Ours, or undefined when the coordinator reports another one (ours finished before it). */
  async #progress(admin: CoordinatorAdmin): Promise<RebalanceProgress | undefined> {
    const progress = await admin.rebalanceProgress();
    return progress && progress.rebalanceId === this.#state.rebalanceId ? progress : undefined;
  }

  async #waitForServers(): Promise<void> {
    const admin = this.#io.admin;
    const target = this.#state.toReplicas ?? this.#spec;
    const tablets = this.#input.tablets;
    if (!admin) return this.#to({ ...idle, lastError: 'No route to the coordinator: no rebalance onto the new servers' });
    if ((tablets?.status?.readyReplicas ?? 0) < target || (tablets?.spec?.replicas ?? 0) < target) {
      return this.#update({ message: `Waiting for ${target} tablet-server pods to be ready` });
    }
    if (!this.#input.rolledOut) return this.#update({ message: 'Waiting for the rolling restart to finish' });
    const servers = this.#state.servers ?? [];
    const missing = serversNotUp({ servers: await admin.listServers() }, servers);
    if (missing.length > 0) return this.#update({ message: `Waiting for tablet servers ${serverList(missing)} to register` });
    // A server id can come back after a scale-down: it must not keep the drain's tag.
    await admin.removeServerTag(servers, 'PERMANENT_OFFLINE');
    const progress = await this.#startRebalance(admin);
    if (!progress) return;
    if (terminal.has(progress.state)) return this.#finished(progress, 'RebalanceOnScaleUp');
    await this.#to({ ...this.#state, step: 'Rebalancing', rebalanceId: progress.rebalanceId, ...movesOf(progress), message: undefined, lastError: undefined });
  }

  async #followScaleUp(): Promise<void> {
    const admin = this.#io.admin;
    if (!admin) return;
    const progress = await this.#progress(admin);
    if (!progress) return this.#to({ ...idle, lastError: `Rebalance ${this.#state.rebalanceId} is no longer the coordinator's current one` });
    if (terminal.has(progress.state)) return this.#finished(progress, 'RebalanceOnScaleUp');
    this.#update({ ...movesOf(progress), message: undefined });
  }

  async #finished(progress: RebalanceProgress, what: string): Promise<void> {
    const moves = movesOf(progress);
    if (progress.state === 'COMPLETED') {
      await this.#to({ ...idle });
      await this.#io.event(
        'Normal',
        'RebalanceCompleted',
        `${what}: ${moves.movesDone} bucket moves done (rebalance ${progress.rebalanceId || 'with no moves'})`,
      );
      return;
    }
    const lastError = endedText(progress);
    await this.#to({ ...idle, lastError });
    await this.#io.event('Warning', 'RebalanceFailed', `${what}: ${lastError}`);
  }

  async #drain(): Promise<void> {
    const admin = this.#io.admin;
    if (!admin) return this.#update({ message: 'No route to the coordinator: the drain waits' });
    const servers = this.#state.servers ?? [];
    if (!this.#state.rebalanceId) {
      // Idempotent: after a restart between the tag and the rebalance, both are asked again.
      await admin.addServerTag(servers, 'PERMANENT_OFFLINE');
      const progress = await this.#startRebalance(admin);
      if (!progress) return;
      if (progress.unmovable.length > 0) return this.#refuseDrain(admin, progress);
      if (terminal.has(progress.state)) return this.#drainRoundDone(admin, progress);
      return this.#to({ ...this.#state, rebalanceId: progress.rebalanceId, ...movesOf(progress), message: undefined, lastError: undefined });
    }
    const progress = await this.#progress(admin);
    if (!progress) return this.#update({ rebalanceId: undefined, message: 'The drain rebalance is gone; starting another' });
    if (progress.state === 'CANCELED') {
      await admin.removeServerTag(servers, 'PERMANENT_OFFLINE');
      this.#block(
        'DrainCanceled',
        `Rebalance ${progress.rebalanceId} draining servers ${serverList(servers)} was canceled outside the operator; keeping the pods`,
      );
      return this.#to({ ...idle, lastError: `Drain rebalance ${progress.rebalanceId} was canceled` });
    }
    if (terminal.has(progress.state)) return this.#drainRoundDone(admin, progress);
    this.#update({ ...movesOf(progress), message: undefined });
  }

  /** The servers may shrink only once the coordinator says they hold no replica. */
  async #drainRoundDone(admin: CoordinatorAdmin, progress: RebalanceProgress): Promise<void> {
    const servers = this.#state.servers ?? [];
    const failed = progress.state === 'FAILED' ? endedText(progress) : undefined;
    const holding = (await admin.listServers()).filter((server) => servers.includes(server.node?.id ?? -1) && server.replicas > 0);
    if (holding.length > 0) {
      // Another round: a failed move, or a table created meanwhile.
      const left = holding.map((server) => `${server.node?.id}: ${server.replicas}`).join(', ');
      return this.#to({
        ...this.#state,
        rebalanceId: undefined,
        ...(failed && { lastError: failed }),
        message: `Replicas left on the departing servers (${left}); rebalancing again`,
      });
    }
    await this.#to({ ...this.#state, step: 'Shrinking', ...movesOf(progress), message: undefined, lastError: undefined });
    await this.#io.event('Normal', 'Drained', `Tablet servers ${serverList(servers)} hold no replica; scaling down to ${this.#state.toReplicas}`);
  }

  async #refuseDrain(admin: CoordinatorAdmin, progress: RebalanceProgress): Promise<void> {
    const servers = this.#state.servers ?? [];
    if (!terminal.has(progress.state)) await admin.cancelRebalance(progress.rebalanceId);
    await admin.removeServerTag(servers, 'PERMANENT_OFFLINE');
    const shown = progress.unmovable.slice(0, 5).join(', ');
    this.#block(
      'UnmovableReplicas',
      `Keeping the pods: the coordinator cannot move ${progress.unmovable.length} bucket(s) off servers ${serverList(servers)} (${shown})`,
    );
    await this.#to({ ...idle });
  }

  async #shrinking(): Promise<void> {
    const target = this.#state.toReplicas ?? this.#spec;
    const tablets = this.#input.tablets;
    if ((tablets?.spec?.replicas ?? -1) !== target || (tablets?.status?.replicas ?? -1) !== target) {
      return this.#update({ message: `Waiting for the StatefulSet to remove the pods of servers ${serverList(this.#state.servers)}` });
    }
    // The removed ids may come back in a later scale-up: untagged, they can take replicas again.
    await this.#io.admin?.removeServerTag(this.#state.servers ?? [], 'PERMANENT_OFFLINE');
    await this.#to({ ...idle });
    await this.#io.event('Normal', 'ScaledDown', `Scaled down to ${target} tablet servers`);
  }

  async #targetChanged(): Promise<void> {
    const admin = this.#io.admin;
    const id = this.#state.rebalanceId;
    if (admin && id) {
      const progress = await this.#progress(admin);
      if (progress && !terminal.has(progress.state)) {
        await this.#to({ ...this.#state, step: 'Canceling', message: `Target changed to ${this.#spec}: canceling rebalance ${id}` });
        await admin.cancelRebalance(id);
        return;
      }
    }
    await this.#to({ ...this.#state, step: 'Canceling', rebalanceId: undefined });
    await this.#canceling();
  }

  async #canceling(): Promise<void> {
    const admin = this.#io.admin;
    if (admin && this.#state.rebalanceId) {
      const progress = await this.#progress(admin);
      if (progress && !terminal.has(progress.state)) return this.#update({ message: `Waiting for rebalance ${progress.rebalanceId} to stop` });
    }
    const { state, servers = [], toReplicas = this.#spec } = this.#state;
    if (state === 'RebalanceOnScaleDown') {
      await admin?.removeServerTag(servers, 'PERMANENT_OFFLINE');
      const kept = this.#spec >= (this.#state.fromReplicas ?? 0);
      if (kept && admin) {
        // The drain moved some replicas off servers that now stay: spread them back.
        return this.#to({
          state: 'RebalanceOnScaleUp',
          step: 'WaitingForServers',
          servers: ordinals(toReplicas, this.#spec),
          fromReplicas: toReplicas,
          toReplicas: this.#spec,
        });
      }
    }
    await this.#to({ ...idle });
  }
}

export function advanceScaling(io: ScaleIo, input: ScaleInput): Promise<ScaleOutcome> {
  return new Scaling(io, input).run();
}
