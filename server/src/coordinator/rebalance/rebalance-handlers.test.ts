import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../../../test/support/invoke-handler.ts';
import { ServerMetrics } from '../../common/metrics.ts';
import { ManualTimers } from '../../common/timers.ts';
import { Catalog } from '../catalog.ts';
import { ServerRegistry } from '../server-registry.ts';
import { RebalanceExecutor } from './executor.ts';
import { rebalanceHandlers } from './rebalance-handlers.ts';
import type { RebalanceProgress__Output } from '../../rpc/generated/fluss/v1/RebalanceProgress.ts';
import type { ServerSummary__Output } from '../../rpc/generated/fluss/v1/ServerSummary.ts';

const logger = pino({ level: 'silent' });
/** A RebalanceRequest as the wire decodes it: every field present. */
const request = (fields: { goals?: string[]; dryRun?: boolean; maxConcurrentMoves?: number; throttleBytesPerSec?: number }) => ({
  goals: [],
  dryRun: false,
  maxConcurrentMoves: 0,
  throttleBytesPerSec: 0,
  ...fields,
});

describe('rebalance handlers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rebalance-handlers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A catalog with servers 0..2 live and one table of 2 buckets, 3 replicas, min ISR 2; then server 3 joins. */
  async function cluster() {
    const timers = new ManualTimers(1_000);
    const catalog = await Catalog.open(dir, timers);
    const registry = new ServerRegistry(timers, 10_000);
    catalog.setLiveServers(() => registry.liveNodes().map((n) => ({ id: n.id, rack: n.rack })));
    for (const id of [0, 1, 2]) registry.register({ id, host: 'h', port: 10 + id, rack: '' });
    const columns = [{ name: 'id', type: 'BIGINT', nullable: false, comment: '' }];
    const properties = { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' };
    await catalog.createTable(
      { database: 'db', name: 't', columns, primaryKey: [], bucketKey: [], buckets: 2, partitionKeys: [], properties, comment: '' },
      false,
      true,
    );
    registry.register({ id: 3, host: 'h', port: 13, rack: '' });
    const pushed: number[] = [];
    const executor = new RebalanceExecutor({ catalog, push: async (changed) => void pushed.push(changed.length), logger, timers, stepIntervalMs: 60_000 });
    const handlers = rebalanceHandlers({
      catalog,
      registry,
      logger,
      metrics: new ServerMetrics('test', false),
      rebalance: { executor, maxConcurrentMoves: 4, clock: timers },
    });
    const servers = async () => (await invokeHandler(handlers.ListServers, {})).servers as ServerSummary__Output[];
    const progress = (answer: { rebalance?: unknown }) => answer.rebalance as RebalanceProgress__Output;
    return { catalog, registry, handlers, executor, pushed, servers, progress };
  }

  it('refuses unknown tags and servers, changing nothing; tags are listed with each server', async () => {
    const { catalog, handlers, servers: list } = await cluster();
    await expect(invokeHandler(handlers.AddServerTag, { serverIds: [1], tag: 'SOMETIMES' })).rejects.toThrow(
      /Unknown server tag 'SOMETIMES': use PERMANENT_OFFLINE or TEMPORARY_OFFLINE/,
    );
    await expect(invokeHandler(handlers.AddServerTag, { serverIds: [9], tag: 'PERMANENT_OFFLINE' })).rejects.toThrow(/Unknown tablet server 9/);
    expect(catalog.serverTags().size).toBe(0);
    await invokeHandler(handlers.AddServerTag, { serverIds: [2], tag: 'temporary-offline' });
    const servers = await list();
    expect(servers.map((s) => [s.node!.id, s.live, s.tags, s.replicas, s.leaders])).toEqual([
      [0, true, [], 2, expect.any(Number)],
      [1, true, [], 2, expect.any(Number)],
      [2, true, ['TEMPORARY_OFFLINE'], 2, expect.any(Number)],
      [3, true, [], 0, 0],
    ]);
    await invokeHandler(handlers.RemoveServerTag, { serverIds: [2], tag: 'TEMPORARY_OFFLINE' });
    expect(catalog.serverTags().size).toBe(0);
  });

  it('counts buckets a server cannot leave without going below min ISR', async () => {
    const { catalog, servers: list } = await cluster();
    const [b0] = catalog.bucketsOfTable(catalog.getTable('db', 't').tableId);
    // Bucket 0's ISR shrinks to two: both remaining members are at min ISR 2.
    const out = b0!.replicas[2]!;
    await catalog.alterIsr([{ ...b0!, leaderEpoch: b0!.leaderEpoch, bucketEpoch: b0!.bucketEpoch, isr: b0!.isr.filter((id) => id !== out) }]);
    const byId = new Map((await list()).map((s) => [s.node!.id, s]));
    expect(byId.get(out)).toMatchObject({ atMinIsr: 0, underReplicated: 1 });
    for (const id of b0!.isr.filter((id) => id !== out)) expect(byId.get(id)).toMatchObject({ atMinIsr: 1, underReplicated: 1 });
  });

  it('plans a dry run without recording it, starts one rebalance at a time, and cancels it', async () => {
    const { catalog, handlers, executor, progress } = await cluster();
    await expect(invokeHandler(handlers.Rebalance, request({ goals: ['NOPE'] }))).rejects.toThrow(/NOPE/);
    await expect(invokeHandler(handlers.Rebalance, request({ maxConcurrentMoves: -1 }))).rejects.toThrow(/max_concurrent_moves must be ≥ 1/);
    const dry = progress(await invokeHandler(handlers.Rebalance, request({ dryRun: true })));
    expect(dry.state).toBe('PLANNED');
    expect(dry.moves.length).toBeGreaterThan(0);
    expect(catalog.rebalance).toBeUndefined();

    const started = await invokeHandler(handlers.Rebalance, request({ maxConcurrentMoves: 1, throttleBytesPerSec: 1000 }));
    expect(started.rebalance).toMatchObject({ state: 'IN_PROGRESS', maxConcurrentMoves: 1, throttleBytesPerSec: 1000 });
    await expect(invokeHandler(handlers.Rebalance, request({}))).rejects.toThrow(/is IN_PROGRESS: cancel it or wait/);
    await executor.step();
    expect(progress(await invokeHandler(handlers.GetRebalanceProgress, {})).moves[0]!.status).toBe('ADDING_REPLICAS');
    const moving = catalog.rebalance!.moves[0]!;
    expect(catalog.bucket(moving)!.addingReplicas).toEqual(moving.newReplicas.filter((id) => !moving.originalReplicas.includes(id)));

    const canceled = progress(await invokeHandler(handlers.CancelRebalance, { rebalanceId: '' }));
    expect(canceled.state).toBe('CANCELED');
    expect(canceled.moves.every((m) => m.status === 'CANCELED')).toBe(true);
    // The rolled-back bucket has its original replicas again; the copy it began is to be removed.
    expect(catalog.bucket(moving)!.replicas).toEqual(moving.originalReplicas);
    expect(catalog.removalsAfter(3, 0)).toHaveLength(1);
    await expect(invokeHandler(handlers.CancelRebalance, { rebalanceId: '' })).rejects.toThrow(/already CANCELED/);
    // Dropping the table deletes all its replicas: the removal is covered by the table's deletion.
    await catalog.dropTable('db', 't', false);
    expect(catalog.removalsAfter(3, 0)).toEqual([]);
    expect(catalog.deletionsAfter(0)).toHaveLength(1);
    executor.stop();
  });
});
