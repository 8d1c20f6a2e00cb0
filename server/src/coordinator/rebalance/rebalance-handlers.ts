import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../common/timers.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { CoordinatorServiceHandlers } from '../../rpc/generated/fluss/v1/CoordinatorService.ts';
import { rebalanceToWire } from '../../rpc/rebalance-wire.ts';
import type { ServerMetrics } from '../../common/metrics.ts';
import { unary } from '../../rpc/server.ts';
import { tableBucketKey, type BucketAssignment } from '../../table/table-bucket.ts';
import { parseTableOptions } from '../../table/table-properties.ts';
import type { Catalog } from '../catalog.ts';
import type { ServerRegistry } from '../server-registry.ts';
import type { RebalanceExecutor } from './executor.ts';
import type { MoveRecord } from './move-steps.ts';
import { parseGoals, planRebalance, type PlannerBucket, type PlannerServer } from './planner.ts';
import type { RebalanceRecord } from './rebalance-record.ts';
import { parseServerTag, type ServerTag } from './server-tags.ts';

export interface RebalanceHandlerContext {
  metrics: ServerMetrics;
  catalog: Catalog;
  registry: ServerRegistry;
  logger: Logger;
  /** The executor, its clock and `rebalance.max-concurrent-moves` (for requests that do not say); absent: refused. */
  rebalance: { executor: RebalanceExecutor; maxConcurrentMoves: number; clock: Clock } | undefined;
}

type RebalanceHandlers = Pick<
  CoordinatorServiceHandlers,
  'AddServerTag' | 'RemoveServerTag' | 'ListServers' | 'Rebalance' | 'GetRebalanceProgress' | 'CancelRebalance'
>;

function tagOf(name: string): ServerTag {
  try {
    return parseServerTag(name);
  } catch (error) {
    throw new FlussError('INVALID_ARGUMENT', (error as Error).message);
  }
}

/** The rebalance side of the CoordinatorService (docs/rebalance.md): thin translations to the catalog and the planner. */
export function rebalanceHandlers(ctx: RebalanceHandlerContext): RebalanceHandlers {
  const { catalog, registry } = ctx;
  const u = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>) => unary<Req, Res>(method, ctx, fn);
  const executor = () => {
    if (ctx.rebalance === undefined) throw new FlussError('FAILED_PRECONDITION', 'This coordinator runs no rebalance executor');
    return ctx.rebalance;
  };

  const checkServers = (ids: readonly number[]): void => {
    if (ids.length === 0) throw new FlussError('INVALID_ARGUMENT', 'No server ids given');
    const known = new Set([...registry.knownNodes().map((s) => s.node.id), ...Object.values(catalog.state.buckets).flatMap((b) => b.replicas)]);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new FlussError('INVALID_ARGUMENT', `Unknown tablet server ${unknown.join(', ')}: not registered and holding no replica`);
  };

  const plan = (goalNames: readonly string[]): { goals: string[]; moves: MoveRecord[]; unmovable: string[] } => {
    let goals: string[];
    try {
      goals = parseGoals(goalNames);
    } catch (error) {
      throw new FlussError('INVALID_ARGUMENT', (error as Error).message);
    }
    const tags = catalog.serverTags();
    const shuttingDown = registry.shuttingDownIds();
    const servers: PlannerServer[] = registry
      .liveNodes()
      .filter((node) => !shuttingDown.has(node.id))
      .map((node) => ({ id: node.id, rack: node.rack, tags: tags.get(node.id) ?? [] }));
    const buckets = Object.values(catalog.state.buckets).filter((b) => b.replicas.length > 0);
    const byKey = new Map(buckets.map((b) => [tableBucketKey(b), b]));
    const input: PlannerBucket[] = buckets.map((b) => ({ key: tableBucketKey(b), replicas: b.replicas, leader: b.leader }));
    const planned = planRebalance(input, servers, goals as Parameters<typeof planRebalance>[2]);
    const moves = planned.moves.map((move): MoveRecord => {
      const bucket = byKey.get(move.key)!;
      return {
        tableId: bucket.tableId,
        partitionId: bucket.partitionId,
        bucket: bucket.bucket,
        originalReplicas: [...bucket.replicas],
        originalLeader: bucket.leader,
        newReplicas: move.replicas,
        newLeader: move.leader,
        status: 'PENDING',
      };
    });
    return { goals, moves, unmovable: planned.unmovable.map((u) => `${u.key}: ${u.reason}`) };
  };

  return {
    AddServerTag: u('AddServerTag', async (req) => {
      const tag = tagOf(req.tag);
      checkServers(req.serverIds);
      await catalog.tagServers(req.serverIds, tag);
      ctx.logger.info({ servers: req.serverIds, tag }, 'servers tagged');
      return {};
    }),
    RemoveServerTag: u('RemoveServerTag', async (req) => {
      const tag = tagOf(req.tag);
      checkServers(req.serverIds);
      await catalog.tagServers(req.serverIds, tag, true);
      ctx.logger.info({ servers: req.serverIds, tag }, 'server tag removed');
      return {};
    }),
    ListServers: u('ListServers', async () => {
      // Kafka's availability rule for a roll: stopping an ISR member of a bucket at (or below) its
      // min ISR makes acks=all writes fail. A table with no more replicas than its min ISR cannot
      // stay writable through any restart, so it never holds a roll back (Strimzi does the same).
      const minIsrOf = (b: BucketAssignment) => {
        const table = catalog.tableById(b.tableId);
        if (table === undefined) return 0;
        const minIsr = parseTableOptions(table.properties, table.partitionKeys).minInsyncReplicas;
        return table.replicationFactor <= minIsr ? 0 : minIsr;
      };
      const tags = catalog.serverTags();
      const shuttingDown = registry.shuttingDownIds();
      const buckets = Object.values(catalog.state.buckets);
      const known = new Map(registry.knownNodes().map((s) => [s.node.id, s]));
      // Servers holding replicas but not registered with this coordinator (down since it started) are listed too.
      for (const id of new Set(buckets.flatMap((b) => b.replicas))) {
        if (!known.has(id)) known.set(id, { node: { id, host: '', port: 0, rack: '' }, live: false });
      }
      const servers = [...known.values()]
        .sort((a, b) => a.node.id - b.node.id)
        .map(({ node, live }) => ({
          node,
          live,
          tags: [...(tags.get(node.id) ?? [])],
          replicas: buckets.filter((b) => b.replicas.includes(node.id)).length,
          leaders: buckets.filter((b) => b.leader === node.id).length,
          shuttingDown: shuttingDown.has(node.id),
          underReplicated: buckets.filter((b) => b.replicas.includes(node.id) && b.isr.length < b.replicas.length).length,
          atMinIsr: buckets.filter((b) => b.isr.includes(node.id) && b.isr.length <= minIsrOf(b)).length,
        }));
      return { servers };
    }),
    Rebalance: u('Rebalance', async (req) => {
      const { executor: rebalancer, clock, maxConcurrentMoves: defaultMoves } = executor();
      const maxConcurrentMoves = req.maxConcurrentMoves || defaultMoves;
      const throttle = Number(req.throttleBytesPerSec ?? 0);
      if (maxConcurrentMoves < 1) throw new FlussError('INVALID_ARGUMENT', `max_concurrent_moves must be ≥ 1, not ${req.maxConcurrentMoves}`);
      if (!Number.isSafeInteger(throttle) || throttle < 0)
        throw new FlussError('INVALID_ARGUMENT', `throttle_bytes_per_sec must be ≥ 0, not ${req.throttleBytesPerSec}`);
      const running = catalog.rebalance;
      if (!req.dryRun && running !== undefined && (running.state === 'IN_PROGRESS' || running.state === 'CANCELING')) {
        throw new FlussError('FAILED_PRECONDITION', `Rebalance ${running.id} is ${running.state}: cancel it or wait for it to finish`);
      }
      const planned = plan(req.goals);
      const now = clock.now();
      const record: RebalanceRecord = {
        id: randomUUID(),
        state: planned.moves.length === 0 ? 'COMPLETED' : 'IN_PROGRESS',
        goals: planned.goals,
        maxConcurrentMoves,
        throttleBytesPerSec: throttle,
        moves: planned.moves,
        unmovable: planned.unmovable,
        startedAtMs: now,
        finishedAtMs: planned.moves.length === 0 ? now : 0,
      };
      if (req.dryRun) return { rebalance: rebalanceToWire(record, catalog, 'PLANNED') };
      await catalog.startRebalance(record);
      ctx.logger.info({ rebalance: record.id, moves: record.moves.length, unmovable: record.unmovable.length, goals: record.goals }, 'rebalance started');
      rebalancer.kick();
      return { rebalance: rebalanceToWire(record, catalog) };
    }),
    GetRebalanceProgress: u('GetRebalanceProgress', async () => {
      const current = catalog.rebalance;
      return { rebalance: current === undefined ? null : rebalanceToWire(current, catalog) };
    }),
    CancelRebalance: u('CancelRebalance', async (req) => {
      await executor().executor.cancel(req.rebalanceId);
      ctx.logger.info({ rebalance: catalog.rebalance?.id, state: catalog.rebalance?.state }, 'rebalance cancel asked');
      return { rebalance: rebalanceToWire(catalog.rebalance!, catalog) };
    }),
  };
}
