import { describe, expect, it } from 'vitest';
import type { Table } from '../../server/src/client/index.ts';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { startReplicatedCluster, type ReplicatedCluster } from '../support/replicated-cluster.ts';
import { expectChangelogFoldsInto, expectedRows, MODEL_SCHEMA, type ModelRow, modelKeys, startUpsertModelWriter } from '../support/upsert-model-writer.ts';

// A coordinator and three tablet servers as separate processes; a primary-key table with three
// replicas and min ISR 2, upserted (and now and then deleted from) with acks=all by a writer that
// never stops but pauses for checks. The leader is killed (SIGKILL) three times and each killed
// server restarted: the first and third kills right after the writer paused (so the new leader's
// first lookups must already hold the last acknowledged write), the second under writes; by the
// second or third failover a restarted server leads. After each failover every key's value is its
// last acknowledged write, and at the end the changelog read from the start folds into the same state,
// each -U being the key's previous image. Failover times (leader kill -> lookups served again)
// are printed, not asserted.

const KEYS = 60;
const BATCH = 20;
const CONFIG = [
  '--config',
  'tablet-server.heartbeat.interval=200ms',
  '--config',
  'tablet-server.session.timeout=2s',
  '--config',
  'replica.max-lag-ms=3000',
  // Snapshots while the test runs: a restarted server recovers from a snapshot plus the changelog.
  '--config',
  'kv.snapshot.interval=1s',
];
const ALL_KEYS = modelKeys(KEYS);

/** Kills the bucket's leader once the ISR is full; returns the killed id, the kill time and the next leader. */
async function killLeader(cluster: ReplicatedCluster, label: string): Promise<{ killed: number; killedAt: number; next: Promise<number> }> {
  await eventually(`${label}: a full ISR first`, async () => (await cluster.location('kv.items')).isr.length === 3, 60_000, 100);
  const { leader, leaderEpoch } = await cluster.location('kv.items');
  const killedAt = performance.now();
  await cluster.kill(leader);
  const next = eventually(
    `${label}: a new leader`,
    async () => {
      const now = await cluster.location('kv.items');
      return now.leader >= 0 && now.leader !== leader && now.leaderEpoch > leaderEpoch ? now.leader : undefined;
    },
    30_000,
    100,
  );
  return { killed: leader, killedAt, next };
}

/** Looks every key up until a new leader answers; prints how long after the kill that was. */
async function lookupsAfterFailover(table: Table, label: string, killedAt: number): Promise<Array<ModelRow | undefined>> {
  const lookuper = table.newLookuper({ retries: 2_000, retryBackoffMs: 20, retryBackoffMaxMs: 100, requestTimeoutMs: 2_000 });
  const rows = (await lookuper.lookupAll(ALL_KEYS)) as Array<ModelRow | undefined>;
  console.log(`${label}: leader killed -> lookups served again in ${Math.round(performance.now() - killedAt)} ms`);
  return rows;
}

describe('primary-key table replication under faults: three leader kills', () => {
  const fixture = processFixture('pk-replication-faults');

  it('lookups after each failover hold every acknowledged write, and the changelog folds into the same state', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: CONFIG });
    const { connection, admin } = cluster;
    await admin.createTable(
      {
        database: 'kv',
        name: 'items',
        schema: MODEL_SCHEMA,
        primaryKey: ['id'],
        buckets: 1,
        properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable('kv.items');
    const writer = startUpsertModelWriter(table, { keys: KEYS, batch: BATCH });
    await writer.ackedPast(400, 'first writes');

    // 1. The writer pauses, then the leader dies at once: its followers may not have heard of the
    // last high watermark yet, and the new leader's first lookups must hold it anyway.
    let resume = await writer.pause();
    const first = await killLeader(cluster, 'first failover');
    expect(await lookupsAfterFailover(table, 'first failover (writer paused)', first.killedAt)).toEqual(expectedRows(writer.model, KEYS));
    await first.next;
    resume();
    await cluster.start(first.killed);
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the first failover');

    // 2. Under writes: the batch in flight is retried against the new leader, and applied once.
    const second = await killLeader(cluster, 'second failover');
    expect(second.killed).not.toBe(first.killed);
    await lookupsAfterFailover(table, 'second failover (under writes)', second.killedAt);
    const secondLeader = await second.next;
    await writer.ackedPast(writer.acknowledged + 100, 'writes after the second failover');
    resume = await writer.pause();
    expect(await table.newLookuper({ retries: 100 }).lookupAll(ALL_KEYS)).toEqual(expectedRows(writer.model, KEYS));
    resume();
    await cluster.start(second.killed);
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the second restart');

    // 3. Paused again. By now a restarted server leads, or leads next: one whose KV state came back
    // from its snapshot and changelog and was then kept up as a follower.
    resume = await writer.pause();
    const third = await killLeader(cluster, 'third failover');
    expect(await lookupsAfterFailover(table, 'third failover', third.killedAt)).toEqual(expectedRows(writer.model, KEYS));
    const thirdLeader = await third.next;
    expect([secondLeader, thirdLeader].some((id) => id === first.killed || id === second.killed)).toBe(true);
    resume();
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the third failover');
    await cluster.start(third.killed);
    await eventually('the ISR back to three', async () => (await cluster.location('kv.items')).isr.length === 3, 60_000, 200);
    await writer.stop();

    const final = expectedRows(writer.model, KEYS);
    expect(await table.newLookuper({ retries: 100 }).lookupAll(ALL_KEYS)).toEqual(final);
    expect(writer.model.size).toBeGreaterThan(KEYS / 2);

    // The changelog from the start: contiguous offsets, every -U the key's previous image, +I only
    // for an absent key, and folded it is the final state.
    await expectChangelogFoldsInto(table, final);
  }, 300_000);
});
