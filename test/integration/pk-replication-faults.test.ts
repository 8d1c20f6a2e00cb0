import { describe, expect, it } from 'vitest';
import type { ScanRecord, Table } from '../../server/src/client/index.ts';
import { seededRandom } from '../../server/src/common/seeded-random.ts';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { startReplicatedCluster, type ReplicatedCluster } from '../support/replicated-cluster.ts';

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
const SCHEMA = {
  columns: [
    { name: 'id', type: 'INT', nullable: false },
    { name: 'v', type: 'STRING' },
    { name: 'n', type: 'BIGINT' },
  ],
};
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
const ALL_KEYS = Array.from({ length: KEYS }, (_, id) => ({ id }));

type Row = { id: number; v: string; n: bigint };

/**
 * The acks=all upsert writer: batches of BATCH writes (one in ten a delete) over KEYS keys, each
 * batch flushed before the next; `model` is every key's last acknowledged write. `pause` resolves
 * once no batch is in flight, with the function that resumes it.
 */
function startWriter(table: Table) {
  const writer = table.newUpsertWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
  const model = new Map<number, Row>();
  const random = seededRandom(11);
  let acknowledged = 0;
  let seq = 0;
  let stop = false;
  let error: unknown;
  let pauseAsked: { parked: () => void; resumed: Promise<void> } | undefined;
  const done = (async () => {
    while (!stop) {
      if (pauseAsked !== undefined) {
        pauseAsked.parked();
        await pauseAsked.resumed;
        continue;
      }
      const batch: Array<{ id: number; row: Row | undefined }> = [];
      for (let i = 0; i < BATCH; i++) {
        const id = Math.floor(random() * KEYS);
        seq++;
        if (random() < 0.1) {
          await writer.delete({ id });
          batch.push({ id, row: undefined });
        } else {
          const row = { id, v: `w${seq}`, n: BigInt(seq) };
          await writer.upsert(row);
          batch.push({ id, row });
        }
      }
      await writer.flush();
      for (const { id, row } of batch) {
        if (row === undefined) model.delete(id);
        else model.set(id, row);
      }
      acknowledged += BATCH;
    }
    await writer.close();
  })().catch((e: unknown) => {
    error = e;
  });
  return {
    model,
    get acknowledged() {
      return acknowledged;
    },
    async ackedPast(target: number, what: string): Promise<void> {
      await eventually(
        what,
        async () => {
          if (error !== undefined) throw error;
          return acknowledged >= target;
        },
        60_000,
        20,
      );
    },
    async pause(): Promise<() => void> {
      let parked!: () => void;
      let resume!: () => void;
      const isParked = new Promise<void>((resolve) => (parked = resolve));
      pauseAsked = { parked, resumed: new Promise<void>((resolve) => (resume = resolve)) };
      await Promise.race([isParked, done]);
      if (error !== undefined) throw error;
      return () => {
        pauseAsked = undefined;
        resume();
      };
    },
    async stop(): Promise<void> {
      stop = true;
      pauseAsked?.parked();
      await done;
      if (error !== undefined) throw error;
    },
  };
}

/** The model as lookups answer it: every key in order, undefined where absent. */
const expectedRows = (model: Map<number, Row>) => ALL_KEYS.map(({ id }) => model.get(id));

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
async function lookupsAfterFailover(table: Table, label: string, killedAt: number): Promise<Array<Row | undefined>> {
  const lookuper = table.newLookuper({ retries: 2_000, retryBackoffMs: 20, retryBackoffMaxMs: 100, requestTimeoutMs: 2_000 });
  const rows = (await lookuper.lookupAll(ALL_KEYS)) as Array<Row | undefined>;
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
        schema: SCHEMA,
        primaryKey: ['id'],
        buckets: 1,
        properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable('kv.items');
    const writer = startWriter(table);
    await writer.ackedPast(400, 'first writes');

    // 1. The writer pauses, then the leader dies at once: its followers may not have heard of the
    // last high watermark yet, and the new leader's first lookups must hold it anyway.
    let resume = await writer.pause();
    const first = await killLeader(cluster, 'first failover');
    expect(await lookupsAfterFailover(table, 'first failover (writer paused)', first.killedAt)).toEqual(expectedRows(writer.model));
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
    expect(await table.newLookuper({ retries: 100 }).lookupAll(ALL_KEYS)).toEqual(expectedRows(writer.model));
    resume();
    await cluster.start(second.killed);
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the second restart');

    // 3. Paused again. By now a restarted server leads, or leads next: one whose KV state came back
    // from its snapshot and changelog and was then kept up as a follower.
    resume = await writer.pause();
    const third = await killLeader(cluster, 'third failover');
    expect(await lookupsAfterFailover(table, 'third failover', third.killedAt)).toEqual(expectedRows(writer.model));
    const thirdLeader = await third.next;
    expect([secondLeader, thirdLeader].some((id) => id === first.killed || id === second.killed)).toBe(true);
    resume();
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the third failover');
    await cluster.start(third.killed);
    await eventually('the ISR back to three', async () => (await cluster.location('kv.items')).isr.length === 3, 60_000, 200);
    await writer.stop();

    const final = expectedRows(writer.model);
    expect(await table.newLookuper({ retries: 100 }).lookupAll(ALL_KEYS)).toEqual(final);
    expect(writer.model.size).toBeGreaterThan(KEYS / 2);

    // The changelog from the start: contiguous offsets, every -U the key's previous image, +I only
    // for an absent key, and folded it is the final state.
    const scanner = table.newLogScanner();
    await scanner.subscribeAll('earliest');
    const changes: ScanRecord[] = [];
    for (;;) {
      const records = await scanner.poll(2_000);
      if (records.length === 0) break;
      changes.push(...records);
    }
    await scanner.close();
    const folded = new Map<number, Row>();
    changes.forEach((change, index) => {
      expect(change.offset).toBe(index);
      const row = change.row as Row;
      const before = folded.get(row.id);
      if (change.changeType === '+I') expect(before, `+I of a present key at ${index}`).toBeUndefined();
      if (change.changeType === '-U' || change.changeType === '-D') expect(row, `${change.changeType} at ${index}`).toEqual(before);
      if (change.changeType === '+U') expect(changes[index - 1]?.changeType, `+U at ${index}`).toBe('-U');
      if (change.changeType === '-D' || change.changeType === '-U') folded.delete(row.id);
      else folded.set(row.id, row);
    });
    expect(ALL_KEYS.map(({ id }) => folded.get(id))).toEqual(final);
  }, 300_000);
});
