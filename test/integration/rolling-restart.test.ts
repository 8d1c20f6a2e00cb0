import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';
import { exactlyOnceProblems, readWholeLog, startContinuousWriter } from '../support/continuous-writer.ts';

// A coordinator and three tablet servers as separate processes; a table of three buckets with
// three replicas and min ISR 2, written with acks=all by a writer that never stops, while every
// server in turn is stopped with SIGTERM (a controlled shutdown), restarted, and let catch up until
// every ISR is full again: a rolling restart. The session timeout is the default 10 s, so a
// leadership that had not moved before a server exited would still be on it right after the exit.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const TABLE = 'rolling.events';
const CONFIG = ['--config', 'tablet-server.heartbeat.interval=200ms', '--config', 'replica.max-lag-ms=10000'];

describe('rolling restart with controlled shutdown', () => {
  const fixture = processFixture('rolling-restart');

  it('moves leaderships off each server before it stops: the writer sees only retries, and every acknowledged row is there exactly once', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: CONFIG });
    const { connection, admin } = cluster;
    await admin.createTable(
      {
        database: 'rolling',
        name: 'events',
        schema: SCHEMA,
        buckets: 3,
        properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
      },
      { createDatabase: true },
    );
    const buckets = async () => (await admin.clusterMetadata([TABLE])).tables[0]!.buckets;
    const fullIsr = async () => (await buckets()).every((b) => b.isr.length === 3 && b.leader >= 0);
    const table = await connection.getTable(TABLE);
    const writer = startContinuousWriter(table);
    await writer.ackedPast(300, 'first writes');

    for (const id of [0, 1, 2]) {
      await eventually(`every ISR full before stopping server ${id}`, fullIsr, 60_000, 100);
      const led = (await buckets()).filter((b) => b.leader === id);
      const ackedBefore = writer.acknowledged;
      const { code, output } = await cluster.terminate(id);
      // Right after the exit, well within the 10 s session: only a controlled shutdown moved these.
      const after = await buckets();
      expect(code, output).toBe(0);
      expect(after.filter((b) => b.leader === id)).toEqual([]);
      expect(after.filter((b) => b.isr.includes(id))).toEqual([]);
      for (const bucket of led) expect(after.find((b) => b.bucket === bucket.bucket)!.leaderEpoch).toBeGreaterThan(bucket.leaderEpoch);
      const s = led.length === 1 ? '' : 's';
      expect(output).toContain(`Controlled shutdown: moved ${led.length} leadership${s} off tablet server ${id}; it leads no replicated bucket`);
      await writer.ackedPast(ackedBefore + 200, `writes while server ${id} is down`);
      console.log(`server ${id}: ${led.length} leadership${s} moved before it stopped; writer retries so far ${writer.writer.counters.retries}`);
      await cluster.start(id);
      await eventually(`every ISR full again after restarting server ${id}`, fullIsr, 60_000, 100);
      await writer.ackedPast(writer.acknowledged + 100, `writes after restarting server ${id}`);
    }

    const total = await writer.stop();
    expect(writer.error).toBeUndefined();
    const counters = writer.writer.counters;
    // Failures beyond retries: none. (Retries themselves are expected: NOT_LEADER_OR_FOLLOWER as leaderships move.)
    expect(counters.batchesFailed).toBe(0);
    expect(counters.rowsFailed).toBe(0);
    console.log(`rolling restart: ${total} rows acknowledged, ${counters.retries} retries, ${counters.batchesDuplicate} duplicate batches`);
    const records = await readWholeLog(table, total);
    expect(exactlyOnceProblems(records, total)).toEqual([]);
    expect(records).toHaveLength(total);
  }, 300_000);
});
