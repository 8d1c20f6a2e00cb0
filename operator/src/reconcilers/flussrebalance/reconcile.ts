// FlussRebalance reconciler: a manual rebalance of one FlussCluster, like Strimzi's
// KafkaRebalance. The state machine lives in status.state (the coordinator keeps the running
// rebalance itself, so an operator restart resumes by its id):
//
//   PendingProposal ──dry run──► ProposalReady ──annotation approve──► Rebalancing ──COMPLETED──► Ready
//                                     │                                   │ annotation stop
//                                     └──annotation refresh / spec change │ or CANCELING
//                                        ──► PendingProposal              ▼
//                                                                      Stopping ──CANCELED──► Stopped
//   Rebalancing ──FAILED──► NotReady. Ready, Stopped, NotReady ──refresh / spec change──► PendingProposal.
//
// The annotation fluss.dev/rebalance (approve | stop | refresh) is a one-shot command: the
// operator removes it once it has acted on it, except an approval that waits for another
// rebalance to finish (the coordinator runs one at a time). The plan that runs is the one the
// coordinator computes at approval, shown again in status.progress.
import type { RebalanceOptions, RebalanceProgress } from '../../../../server/src/client/admin.ts';
import { isFlussError } from '../../../../server/src/rpc/errors.ts';
import { nowIso, setConditions, type ConditionInput } from '../../api/conditions.ts';
import { apiVersion, rebalanceAnnotation } from '../../api/constants.ts';
import type { FlussCluster, FlussRebalance, FlussRebalanceState, FlussRebalanceStatus } from '../../api/types.ts';
import type { CoordinatorAdmin } from '../../coordinator/admin-client.ts';
import { refOf } from '../../kube/kube-api.ts';
import { done, requeueAfter, type ReconcileResult } from '../../runtime/controller.ts';
import type { ReconcilerContext } from '../context.ts';
import { recordEvent } from '../events.ts';
import { step } from '../failure.ts';
import { guardedReconcile } from '../guard.ts';
import { writeStatus } from '../writes.ts';
import { failureOf, progressOf, proposalOf } from './summary.ts';

export interface RebalanceReconcilerDeps extends ReconcilerContext {
  /** The admin client for a cluster (connected), or undefined when the operator has no route to it. */
  adminFor(cluster: FlussCluster): Promise<CoordinatorAdmin | undefined>;
  /** How often a proposal or a running rebalance is looked at. @default 5_000 */
  pollIntervalMs?: number;
}

type Command = 'approve' | 'stop' | 'refresh';
const commands: readonly string[] = ['approve', 'stop', 'refresh'];

interface Outcome {
  status: FlussRebalanceStatus;
  condition: ConditionInput;
  /** The annotation was acted on (or cannot apply in this state): remove it. */
  consumed: boolean;
  result: ReconcileResult;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

class RebalanceStep {
  readonly #deps: RebalanceReconcilerDeps;
  readonly #resource: FlussRebalance;
  readonly #command: Command | undefined;
  readonly #pollMs: number;

  constructor(deps: RebalanceReconcilerDeps, resource: FlussRebalance) {
    this.#deps = deps;
    this.#resource = resource;
    const value = resource.metadata.annotations?.[rebalanceAnnotation];
    this.#command = value !== undefined && commands.includes(value) ? (value as Command) : undefined;
    this.#pollMs = deps.pollIntervalMs ?? 5_000;
  }

  get #status(): FlussRebalanceStatus {
    return this.#resource.status ?? {};
  }

  #outcome(
    state: FlussRebalanceState,
    reason: string,
    message: string,
    fields: Partial<FlussRebalanceStatus>,
    options: { consumed?: boolean; poll?: boolean } = {},
  ): Outcome {
    const { conditions: _old, ...kept } = this.#status;
    return {
      status: { ...kept, ...fields, state },
      condition: { type: state, status: 'True', reason, message },
      consumed: options.consumed ?? false,
      result: options.poll ? requeueAfter(this.#pollMs) : done,
    };
  }

  #options(dryRun: boolean): RebalanceOptions {
    const spec = this.#resource.spec;
    return {
      dryRun,
      ...(spec.goals && spec.goals.length > 0 && { goals: [...spec.goals] }),
      ...(spec.maxConcurrentMoves !== undefined && { maxConcurrentMoves: spec.maxConcurrentMoves }),
      ...(spec.throttleBytesPerSecond !== undefined && { throttleBytesPerSec: spec.throttleBytesPerSecond }),
    };
  }

  async run(admin: CoordinatorAdmin): Promise<Outcome> {
    const state = this.#status.state ?? 'PendingProposal';
    const specChanged = this.#status.observedGeneration !== undefined && this.#status.observedGeneration !== this.#resource.metadata.generation;
    switch (state) {
      case 'Rebalancing':
        return this.#command === 'stop' ? this.#stop(admin) : this.#follow(admin, 'Rebalancing');
      case 'Stopping':
        return this.#follow(admin, 'Stopping');
      case 'ProposalReady':
        if (this.#command === 'refresh' || specChanged) return this.#propose(admin, this.#command === 'refresh');
        if (this.#command === 'approve') return this.#approve(admin);
        return this.#outcome('ProposalReady', 'ProposalReady', this.#proposalMessage(), {}, { consumed: this.#command !== undefined });
      case 'PendingProposal':
        return this.#propose(admin, this.#command === 'refresh');
      default:
        if (this.#command === 'refresh' || specChanged) return this.#propose(admin, this.#command === 'refresh');
        return this.#outcome(state, this.#currentReason(state), this.#currentMessage(), {}, { consumed: this.#command !== undefined });
    }
  }

  #currentReason(state: FlussRebalanceState): string {
    return this.#resource.status?.conditions?.find((condition) => condition.type === state)?.reason ?? state;
  }

  #currentMessage(): string {
    return this.#resource.status?.conditions?.find((condition) => condition.type === this.#status.state)?.message ?? '';
  }

  #proposalMessage(proposal = this.#status.proposal): string {
    const moves = proposal?.movesTotal ?? 0;
    const unmovable = proposal?.unmovable?.length ? `; ${proposal.unmovable.length} bucket(s) cannot be placed` : '';
    return `${moves} bucket moves proposed${unmovable}; annotate ${rebalanceAnnotation}=approve to run them`;
  }

  async #propose(admin: CoordinatorAdmin, consumed: boolean): Promise<Outcome> {
    let plan: RebalanceProgress;
    try {
      plan = await admin.rebalance(this.#options(true));
    } catch (error) {
      if (isFlussError(error, 'INVALID_ARGUMENT'))
        return this.#outcome('NotReady', 'InvalidSpec', `The coordinator refused the rebalance: ${errorText(error)}`, {}, { consumed });
      if (isFlussError(error, 'FAILED_PRECONDITION'))
        return this.#outcome('PendingProposal', 'WaitingForCoordinator', `No proposal yet: ${errorText(error)}`, {}, { consumed, poll: true });
      throw error;
    }
    const proposal = proposalOf(plan, this.#deps.timers.now());
    // A new proposal replaces what an earlier run left.
    const { rebalanceId: _run, progress: _progress, conditions: _conditions, ...rest } = this.#status;
    return {
      status: { ...rest, proposal, state: 'ProposalReady' },
      condition: { type: 'ProposalReady', status: 'True', reason: 'ProposalReady', message: this.#proposalMessage(proposal) },
      consumed,
      result: done,
    };
  }

  async #approve(admin: CoordinatorAdmin): Promise<Outcome> {
    let run: RebalanceProgress;
    try {
      run = await admin.rebalance(this.#options(false));
    } catch (error) {
      // The approval stays: it runs once the other rebalance has finished.
      if (isFlussError(error, 'FAILED_PRECONDITION'))
        return this.#outcome('ProposalReady', 'WaitingForOtherRebalance', `Approved; waiting: ${errorText(error)}`, {}, { poll: true });
      if (isFlussError(error, 'INVALID_ARGUMENT'))
        return this.#outcome('NotReady', 'InvalidSpec', `The coordinator refused the rebalance: ${errorText(error)}`, {}, { consumed: true });
      throw error;
    }
    await recordEvent(this.#deps, this.#resource, 'Normal', 'RebalanceStarted', `Rebalance ${run.rebalanceId} started: ${run.moves.length} bucket moves`);
    return this.#observed(run, 'Rebalancing', true);
  }

  async #stop(admin: CoordinatorAdmin): Promise<Outcome> {
    const id = this.#status.rebalanceId;
    const run = await admin.cancelRebalance(id);
    await recordEvent(
      this.#deps,
      this.#resource,
      'Normal',
      'RebalanceStopping',
      `Canceling rebalance ${run.rebalanceId}: in-flight moves finish, the rest are not made`,
    );
    return this.#observed(run, 'Stopping', true);
  }

  async #follow(admin: CoordinatorAdmin, state: 'Rebalancing' | 'Stopping'): Promise<Outcome> {
    const id = this.#status.rebalanceId;
    const run = await admin.rebalanceProgress();
    if (!run || run.rebalanceId !== id) {
      return this.#outcome(
        'NotReady',
        'RebalanceLost',
        `The coordinator no longer reports rebalance ${id}; its outcome is unknown`,
        {},
        { consumed: this.#command !== undefined },
      );
    }
    return this.#observed(run, state, this.#command !== undefined);
  }

  /** The state a coordinator run maps to. */
  async #observed(run: RebalanceProgress, current: 'Rebalancing' | 'Stopping', consumed: boolean): Promise<Outcome> {
    const progress = progressOf(run);
    const fields = { rebalanceId: run.rebalanceId, progress };
    const moves = `${progress.movesDone}/${progress.movesTotal} moves done`;
    switch (run.state) {
      case 'COMPLETED':
        await recordEvent(this.#deps, this.#resource, 'Normal', 'RebalanceCompleted', `Rebalance ${run.rebalanceId} completed: ${moves}`);
        return this.#outcome('Ready', 'Completed', `Rebalance ${run.rebalanceId} completed: ${moves}`, fields, { consumed });
      case 'CANCELED':
        return this.#outcome('Stopped', 'Canceled', `Rebalance ${run.rebalanceId} was canceled: ${moves}, ${progress.movesCanceled} not made`, fields, {
          consumed,
        });
      case 'FAILED': {
        const message = `Rebalance ${run.rebalanceId} failed after ${moves}: ${failureOf(run)}`;
        await recordEvent(this.#deps, this.#resource, 'Warning', 'RebalanceFailed', message);
        return this.#outcome('NotReady', 'RebalanceFailed', message, fields, { consumed });
      }
      case 'CANCELING':
        return this.#outcome('Stopping', 'Canceling', `Rebalance ${run.rebalanceId} is stopping: ${moves}`, fields, { consumed, poll: true });
      default:
        return this.#outcome(current, current === 'Stopping' ? 'Canceling' : 'InProgress', `Rebalance ${run.rebalanceId}: ${moves}`, fields, {
          consumed,
          poll: true,
        });
    }
  }
}

async function removeAnnotation(deps: ReconcilerContext, resource: FlussRebalance): Promise<void> {
  deps.metrics.kubeWritesTotal.inc({ verb: 'patch', kind: 'FlussRebalance' });
  await deps.api.mergePatch(refOf(resource), { metadata: { annotations: { [rebalanceAnnotation]: null } } });
}

export async function reconcileRebalance(deps: RebalanceReconcilerDeps, key: string): Promise<ReconcileResult> {
  const [namespace = '', name = ''] = key.split('/');
  const resource = await deps.api.get<FlussRebalance>({ apiVersion, kind: 'FlussRebalance', namespace, name });
  // Deleting the resource does not stop a running rebalance (annotate stop first): no finalizer.
  if (!resource || resource.metadata.deletionTimestamp) return done;
  return guardedReconcile(deps, resource, (current) => converge(deps, current));
}

async function outcomeFor(deps: RebalanceReconcilerDeps, resource: FlussRebalance): Promise<Outcome> {
  const machine = new RebalanceStep(deps, resource);
  const namespace = resource.metadata.namespace ?? '';
  const waiting = (reason: string, message: string, delayMs: number): Outcome => ({
    status: { ...resource.status, state: resource.status?.state ?? 'PendingProposal' },
    condition: { type: resource.status?.state ?? 'PendingProposal', status: 'True', reason, message },
    consumed: false,
    result: requeueAfter(delayMs),
  });
  const cluster = await deps.api.get<FlussCluster>({ apiVersion, kind: 'FlussCluster', namespace, name: resource.spec.clusterRef.name });
  if (!cluster) return waiting('ClusterNotFound', `FlussCluster ${resource.spec.clusterRef.name} does not exist in this namespace`, 30_000);
  try {
    const admin = await deps.adminFor(cluster);
    if (!admin) return waiting('NoRoute', 'The operator runs out of cluster without --coordinator-address', 60_000);
    return await machine.run(admin);
  } catch (error) {
    if (isFlussError(error, 'UNAVAILABLE') || isFlussError(error, 'DEADLINE_EXCEEDED')) {
      return { ...waiting('CoordinatorUnavailable', `The coordinator did not answer: ${errorText(error)}`, 0), result: { kind: 'retry', error } };
    }
    throw error;
  }
}

async function converge(deps: RebalanceReconcilerDeps, resource: FlussRebalance): Promise<ReconcileResult> {
  const outcome = await outcomeFor(deps, resource);
  const now = nowIso(deps.timers.now());
  // One condition, named after the state (Strimzi's way): `kubectl wait --for=condition=ProposalReady`.
  const keep = (resource.status?.conditions ?? []).filter((condition) => condition.type === outcome.condition.type);
  // While a run goes on the spec waits: the generation it has not taken yet stays unobserved, so
  // a changed spec gets a new proposal once the run has ended.
  const running = outcome.status.state === 'Rebalancing' || outcome.status.state === 'Stopping';
  const observed = running ? resource.status?.observedGeneration : resource.metadata.generation;
  const status: FlussRebalanceStatus = {
    ...outcome.status,
    ...(observed !== undefined && { observedGeneration: observed }),
    conditions: setConditions(keep, [outcome.condition], resource.metadata.generation, now),
  };
  await step('writing the status', () => writeStatus(deps, resource, status));
  if (outcome.consumed) await step(`removing the ${rebalanceAnnotation} annotation`, () => removeAnnotation(deps, resource));
  return outcome.result;
}
