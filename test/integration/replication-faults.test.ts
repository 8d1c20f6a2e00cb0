import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';
import { metricValue } from '../support/metrics.ts';

// A coordinator and three tablet servers as separate processes; one table with three replicas and
// min ISR 2, written with acks=all by a writer that never stops, and tailed by a consumer, while:
// the leader is killed (SIGKILL) and restarted, then the next leader too, then a follower is
// frozen (SIGSTOP) past replica.max-lag-ms and resumed. Failover times are printed, not asserted.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const MAX_LAG_MS = 3_000;
const CONFIG = [
  '--config',
  'tablet-server.heartbeat.interval=200ms',
  '--config',
  'tablet-server.session.timeout=2s',
  '--config',
  `replica.max-lag-ms=${MAX_LAG_MS}`,
];

describe('replication under faults: two leader kills and a frozen follower', () => {
  const fixture = processFixture('replication-faults');

  it('acknowledged rows survive, a consumer never sees a row that later disappears, and the ISR heals', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: CONFIG });
    const { connection, admin, tablets, metricsPorts } = cluster;
    await admin.createTable(
      { database: 'faults', name: 'events', schema: SCHEMA, buckets: 1, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
      { createDatabase: true },
    );
    const location = () => cluster.location('faults.events');
    const table = await connection.getTable('faults.events');

    // The writer: batches of 20 rows, each batch acknowledged (flushed) before the next.
    const writer = table.newAppendWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
    let acknowledged = 0;
    let stopWriting = false;
    let writerError: unknown;
    const writing = (async () => {
      while (!stopWriting) {
        for (let i = 0; i < 20; i++) await writer.append({ id: acknowledged + i, payload: `row-${acknowledged + i}` });
        await writer.flush();
        acknowledged += 20;
      }
    })().catch((error: unknown) => {
      writerError = error;
    });
    const ackedPast = (target: number, what: string) =>
      eventually(
        what,
        async () => {
          if (writerError !== undefined) throw writerError;
          return acknowledged >= target;
        },
        60_000,
        20,
      );

    // The tailing consumer: what it saw at each offset, to compare with the log at the end.
    const tail = table.newLogScanner();
    await tail.subscribeAll('earliest');
    const tailed = new Map<number, number>();
    let stopTailing = false;
    let tailError: unknown;
    const tailing = (async () => {
      while (!stopTailing) for (const record of await tail.poll(200)) tailed.set(record.offset, Number(record.row['id']));
    })().catch((error: unknown) => {
      tailError = error;
    });

    /** Kills the bucket's leader, then measures how long until writes are acknowledged again. */
    const killLeader = async (label: string): Promise<number> => {
      const before = await location();
      await eventually(`${label}: a full ISR first`, async () => (await location()).isr.length === 3, 30_000, 100);
      const leader = (await location()).leader;
      const ackedAtKill = acknowledged;
      const killedAt = performance.now();
      await cluster.kill(leader);
      // +40: the batch in flight at the kill may have been acknowledged just before it; the next one was not.
      await ackedPast(ackedAtKill + 40, `${label}: writes acknowledged again`);
      console.log(`${label}: leader ${leader} killed -> writes acknowledged again in ${Math.round(performance.now() - killedAt)} ms`);
      const after = await location();
      expect(after.leader).not.toBe(leader);
      expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
      await cluster.start(leader);
      return leader;
    };

    await ackedPast(400, 'first writes');
    const firstKilled = await killLeader('first failover');
    await ackedPast(acknowledged + 200, 'writes after the first failover');
    const secondKilled = await killLeader('second failover');
    expect(secondKilled).not.toBe(firstKilled);
    await eventually('the ISR back to three after two failovers', async () => (await location()).isr.length === 3, 30_000, 200);

    // A frozen follower leaves the ISR once it lags for replica.max-lag-ms; writes go on with min ISR 2.
    const { leader, replicas } = await location();
    const follower = replicas.find((id) => id !== leader)!;
    tablets[follower]!.kill('SIGSTOP');
    await eventually('the frozen follower out of the ISR', async () => !(await location()).isr.includes(follower), 30_000, 100);
    // The leader learns the shrunk ISR from the coordinator's push, which may trail the coordinator's view.
    await eventually(
      'the leader counts an under-replicated bucket',
      async () => (await metricValue(metricsPorts[leader]!, 'fluss_tablet_under_replicated_buckets')) === 1,
      10_000,
      100,
    );
    const ackedWhileFrozen = acknowledged;
    await ackedPast(ackedWhileFrozen + 200, 'writes while a follower is frozen');
    tablets[follower]!.kill('SIGCONT');
    await eventually('the resumed follower back in the ISR', async () => (await location()).isr.length === 3, 30_000, 100);
    await eventually(
      'no under-replicated bucket',
      async () => (await metricValue(metricsPorts[leader]!, 'fluss_tablet_under_replicated_buckets')) === 0,
      10_000,
      100,
    );
    // (Its session expired before its lag did, so the coordinator, not the leader, shrank the ISR.)
    expect(await metricValue(metricsPorts[leader]!, 'fluss_tablet_isr_expands_total')).toBeGreaterThanOrEqual(1);

    stopWriting = true;
    await writing;
    expect(writerError).toBeUndefined();
    await writer.close();
    const total = acknowledged;
    await eventually('the tailing consumer saw every row', async () => tailError !== undefined || tailed.size >= total, 30_000, 100);
    stopTailing = true;
    await tailing;
    expect(tailError).toBeUndefined();
    await tail.close();

    // Every acknowledged row exactly once, at contiguous offsets.
    const scanner = table.newLogScanner();
    await scanner.subscribeAll('earliest');
    const log: number[] = [];
    while (log.length < total) {
      const records = await scanner.poll(2_000);
      if (records.length === 0) break;
      for (const record of records) {
        expect(record.offset).toBe(log.length);
        log.push(Number(record.row['id']));
      }
    }
    await scanner.close();
    expect(log).toEqual(Array.from({ length: total }, (_, i) => i));
    // What the consumer saw while leaders died is what the log holds: nothing it saw was taken back.
    for (const [offset, id] of tailed) expect(log[offset], `offset ${offset}`).toBe(id);
  }, 300_000);
});
