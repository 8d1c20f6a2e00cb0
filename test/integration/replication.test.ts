import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../server/src/client/index.ts';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';

// A coordinator and three tablet servers as separate processes; a table with three replicas per
// bucket and min ISR 2 written with acks=all while its leader is killed with SIGKILL, and a
// server that comes back without its data dir.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const REPLICATED = { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' };

/** A writer whose `write(n)` appends the next n ids and waits until they are acknowledged. */
function sequentialWriter(table: Table) {
  const writer = table.newAppendWriter({ lingerMs: 1, retries: 1_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
  let next = 0;
  return {
    get written() {
      return next;
    },
    async write(rows: number) {
      for (let i = 0; i < rows; i++, next++) await writer.append({ id: next, payload: `row-${next}` });
      await writer.flush();
    },
    close: () => writer.close(),
  };
}

/** Every row of the table from the earliest offset: ids and offsets. */
async function readAll(table: Table, expected: number): Promise<Array<{ id: number; offset: number }>> {
  const scanner = table.newLogScanner();
  await scanner.subscribeAll('earliest');
  const seen: Array<{ id: number; offset: number }> = [];
  while (seen.length < expected) {
    const records = await scanner.poll(1_000);
    if (records.length === 0) break;
    seen.push(...records.map((r) => ({ id: Number(r.row['id']), offset: r.offset })));
  }
  await scanner.close();
  return seen;
}

function expectExactlyOnceInOrder(seen: ReadonlyArray<{ id: number; offset: number }>, count: number): void {
  expect(seen.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  expect(seen.map((r) => r.offset)).toEqual(Array.from({ length: count }, (_, i) => i));
}

describe('replication: three replicas, a leader killed under acks=all writes', () => {
  const fixture = processFixture('replication');

  it('loses no acknowledged row, and the ISR returns to three once the killed server is back', async () => {
    const config = [
      '--config',
      'tablet-server.heartbeat.interval=200ms',
      '--config',
      'tablet-server.session.timeout=2s',
      '--config',
      'replica.max-lag-ms=3000',
    ];
    const cluster = await startReplicatedCluster(fixture, { config });
    await cluster.admin.createTable({ database: 'rep', name: 'events', schema: SCHEMA, buckets: 1, properties: REPLICATED }, { createDatabase: true });
    const location = () => cluster.location('rep.events');
    expect((await location()).replicas).toHaveLength(3);
    const table = await cluster.connection.getTable('rep.events');
    const writer = sequentialWriter(table);
    await writer.write(500);
    const first = await location();
    await eventually('a full ISR', async () => (await location()).isr.length === 3, 15_000, 100);

    await cluster.kill(first.leader);
    await writer.write(500);
    const second = await location();
    expect(second.leader).not.toBe(first.leader);
    expect(second.leaderEpoch).toBeGreaterThan(first.leaderEpoch);

    await cluster.start(first.leader);
    await writer.write(200);
    await eventually('the ISR back to three', async () => (await location()).isr.length === 3, 30_000, 200);
    await writer.close();
    expectExactlyOnceInOrder(await readAll(table, writer.written), writer.written);
  });
});

describe('replication: a leader back without its data dir before its session expired', () => {
  const fixture = processFixture('replication-lost-disk');

  it('does not lead on its empty log: another replica leads, nothing acknowledged is lost, and it catches up into the ISR', async () => {
    // A long session: the server is back long before the coordinator would notice it was gone.
    const config = [
      '--config',
      'tablet-server.heartbeat.interval=200ms',
      '--config',
      'tablet-server.session.timeout=30s',
      '--config',
      'replica.max-lag-ms=3000',
    ];
    const cluster = await startReplicatedCluster(fixture, { config });
    await cluster.admin.createTable({ database: 'rep', name: 'lost', schema: SCHEMA, buckets: 1, properties: REPLICATED }, { createDatabase: true });
    const location = () => cluster.location('rep.lost');
    const table = await cluster.connection.getTable('rep.lost');
    const writer = sequentialWriter(table);
    await writer.write(300);
    await eventually('a full ISR', async () => (await location()).isr.length === 3, 15_000, 100);
    const before = await location();

    await cluster.kill(before.leader);
    rmSync(cluster.dataDir(before.leader), { recursive: true, force: true });
    await cluster.start(before.leader);
    const after = await eventually('another leader', async () => {
      const now = await location();
      return now.leader !== before.leader && now.leader >= 0 ? now : undefined;
    });
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(after.isr).not.toContain(before.leader);
    expect(cluster.tablets[before.leader]!.stderr() + cluster.tablets[before.leader]!.stdout()).not.toMatch(/ready at[\s\S]*FATAL/);

    await writer.write(200);
    await eventually('the wiped server back in the ISR', async () => (await location()).isr.length === 3, 30_000, 200);
    await writer.close();
    expectExactlyOnceInOrder(await readAll(table, writer.written), writer.written);
  });
});
