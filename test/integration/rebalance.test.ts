import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Admin, RebalanceProgress, Table } from '../../server/src/client/index.ts';
import { exactlyOnceProblems, readWholeLog, startContinuousWriter } from '../support/continuous-writer.ts';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { FAST_REBALANCE_CONFIG } from '../support/processes.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';

// A coordinator and five tablet server slots as separate processes; three run at first. A table of
// six buckets, three replicas each and min ISR 2, is written with acks=all by a writer that never
// stops and read by a scanner that never stops. Servers 3 and 4 start and a rebalance spreads the
// buckets onto them; then they are tagged PERMANENT_OFFLINE and drained, with the coordinator
// killed (SIGKILL) in the middle of the drain and started again: it resumes the rebalance from its
// metadata. Zero acknowledged rows lost, no write failing beyond retries, reads going on throughout.
// A primary-key table moves with it: every key's latest value is looked up on the moved replicas.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const TABLE = 'rebalance.events';
const ITEMS = 'rebalance.items';
const KEYS = Array.from({ length: 100 }, (_, id) => ({ id }));

/** Upserts every key with `v` = `${round}-${id}` (acks=all), flushed. */
async function upsertAll(table: Table, round: string): Promise<void> {
  const writer = table.newUpsertWriter({ retries: 10_000, retryBackoffMs: 50 });
  for (const { id } of KEYS) await writer.upsert({ id, v: `${round}-${id}` });
  await writer.flush();
  await writer.close();
}
const CONFIG = FAST_REBALANCE_CONFIG;

/** A scanner polling every bucket from the start until stopped: how many records it read, and the first error. */
function startContinuousReader(table: Table) {
  const scanner = table.newLogScanner();
  let read = 0;
  let error: unknown;
  let stopping = false;
  const reading = (async () => {
    await scanner.subscribeAll('earliest');
    while (!stopping) read += (await scanner.poll(200)).length;
  })().catch((failure: unknown) => {
    error = failure;
  });
  return {
    get read() {
      return read;
    },
    get error() {
      return error;
    },
    async stop() {
      stopping = true;
      await reading;
      await scanner.close();
    },
  };
}

async function replicasPerServer(admin: Admin): Promise<Map<number, number>> {
  return new Map((await admin.listServers()).map((s) => [s.node!.id, s.replicas]));
}

async function finished(admin: Admin): Promise<RebalanceProgress> {
  let last: RebalanceProgress | undefined;
  await eventually(
    'the rebalance to finish',
    async () => {
      last = await admin.rebalanceProgress();
      return last !== undefined && last.state !== 'IN_PROGRESS' && last.state !== 'CANCELING';
    },
    120_000,
    200,
  );
  return last!;
}

describe('rebalance', () => {
  const fixture = processFixture('rebalance');

  it('spreads buckets onto new servers and drains tagged ones under a writer and a reader; a coordinator killed mid-drain resumes it', async () => {
    const cluster = await startReplicatedCluster(fixture, { servers: 5, started: 3, config: CONFIG });
    const { connection, admin } = cluster;
    await admin.createTable(
      { database: 'rebalance', name: 'events', schema: SCHEMA, buckets: 6, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
      { createDatabase: true },
    );
    await admin.createTable({
      database: 'rebalance',
      name: 'items',
      schema: {
        columns: [
          { name: 'id', type: 'INT', nullable: false },
          { name: 'v', type: 'STRING' },
        ],
      },
      primaryKey: ['id'],
      buckets: 2,
      properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
    });
    const items = await connection.getTable(ITEMS);
    await upsertAll(items, 'first');
    const table = await connection.getTable(TABLE);
    const writer = startContinuousWriter(table);
    const reader = startContinuousReader(table);
    await writer.ackedPast(200, 'first writes');

    // Bad input changes nothing.
    await expect(admin.rebalance({ goals: ['FASTEST'] })).rejects.toThrow(/Unknown .*goal/i);
    await expect(admin.addServerTag([1], 'GONE')).rejects.toThrow(/Unknown server tag 'GONE'/);
    await expect(admin.addServerTag([42], 'PERMANENT_OFFLINE')).rejects.toThrow(/Unknown tablet server 42/);
    expect(await admin.rebalanceProgress()).toBeUndefined();

    // Scale up: 3 → 5 servers.
    await cluster.start(3);
    await cluster.start(4);
    await eventually('5 live servers', async () => (await admin.listServers()).filter((s) => s.live).length === 5, 15_000, 100);
    const dryRun = await admin.rebalance({ dryRun: true });
    expect(dryRun.state).toBe('PLANNED');
    expect(dryRun.moves.length).toBeGreaterThan(0);
    expect(await admin.rebalanceProgress()).toBeUndefined();
    const up = await admin.rebalance({ maxConcurrentMoves: 2 });
    expect(up.state).toBe('IN_PROGRESS');
    await expect(admin.rebalance()).rejects.toThrow(/is IN_PROGRESS/);
    const upDone = await finished(admin);
    expect(upDone.state, JSON.stringify(upDone.moves.filter((m) => m.status !== 'COMPLETED'))).toBe('COMPLETED');
    const spread = await replicasPerServer(admin);
    console.log(`scale up: ${upDone.moves.length} moves; replicas per server ${JSON.stringify([...spread])}`);
    expect(spread.get(3)).toBeGreaterThan(0);
    expect(spread.get(4)).toBeGreaterThan(0);
    expect(Math.max(...spread.values()) - Math.min(...spread.values())).toBeLessThanOrEqual(1);
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the scale-up');
    await upsertAll(items, 'second');

    // Scale down: drain 3 and 4, killing the coordinator once the drain is under way.
    await admin.addServerTag([3, 4], 'PERMANENT_OFFLINE');
    const down = await admin.rebalance({ maxConcurrentMoves: 1 });
    expect(down.moves.length).toBeGreaterThan(1);
    await eventually(
      'the first drain move to complete',
      async () => ((await admin.rebalanceProgress())?.moves ?? []).some((m) => m.status === 'COMPLETED'),
      60_000,
      100,
    );
    await cluster.killCoordinator();
    await cluster.startCoordinator();
    const downDone = await finished(admin);
    expect(downDone.rebalanceId).toBe(down.rebalanceId);
    expect(downDone.state, JSON.stringify(downDone.moves.filter((m) => m.status !== 'COMPLETED'))).toBe('COMPLETED');
    const drained = await replicasPerServer(admin);
    expect(drained.get(3)).toBe(0);
    expect(drained.get(4)).toBe(0);
    // The moved-away replicas' data is deleted by their servers, explicitly (ReplicaRemoval).
    for (const id of [3, 4]) {
      await eventually(
        `server ${id} to delete the replicas moved off it`,
        async () => {
          const tables = await readdir(join(cluster.dataDir(id), 'tables')).catch(() => [] as string[]);
          const dirs = (await Promise.all(tables.map((t) => readdir(join(cluster.dataDir(id), 'tables', t))))).flat();
          return dirs.length === 0;
        },
        30_000,
        200,
      );
    }
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the drain');

    const lookuper = items.newLookuper({ retries: 1_000, retryBackoffMs: 20 });
    expect(await lookuper.lookupAll(KEYS)).toEqual(KEYS.map(({ id }) => ({ id, v: `second-${id}` })));

    const total = await writer.stop();
    expect(writer.error).toBeUndefined();
    expect(writer.writer.counters.batchesFailed).toBe(0);
    await eventually('the reader to catch up', async () => reader.read >= total, 30_000, 100);
    await reader.stop();
    expect(reader.error).toBeUndefined();
    console.log(`rebalance: ${total} rows acknowledged, ${writer.writer.counters.retries} writer retries, ${reader.read} rows read while moving`);
    const records = await readWholeLog(table, total);
    expect(exactlyOnceProblems(records, total)).toEqual([]);
  }, 400_000);
});
