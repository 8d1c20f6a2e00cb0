import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../../server/src/table/table-bucket.ts';
import { seededRandom, SimCluster, type SimTabletServer } from './sim-cluster.ts';

/**
 * Seeded fault schedules against the whole cluster in one process (sim-cluster.ts): tables are
 * created, written and dropped while tablet servers crash, restart and get cut off from the
 * coordinator, and the coordinator restarts. After every step:
 *  - no acknowledged row's directory is gone while its table lives (nothing is deleted because an
 *    assignment stopped listing it);
 *  - per bucket, the leader and bucket epochs never go back, and a leader is a member of the ISR,
 *    which stays within the replicas.
 * At the end, with every server back and reachable: every live table's buckets lead again and hold
 * exactly the acknowledged rows; every dropped table's data is gone from every server.
 */

const SEEDS = Number(process.env['FLUSS_SIM_SEEDS'] ?? 30);
const STEPS = Number(process.env['FLUSS_SIM_STEPS'] ?? 40);
const SERVERS = 3;

interface TableModel {
  name: string;
  tableId: number;
  buckets: number;
  dropped: boolean;
  /** Acknowledged rows per bucket. */
  acked: number[];
}

async function runSchedule(seed: number): Promise<string[]> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const cluster = await SimCluster.start(SERVERS);
  const tables: TableModel[] = [];
  const lastSeen = new Map<string, BucketAssignment>();
  const trace: string[] = [];
  const bucketsOf = (table: TableModel) => cluster.catalog.bucketsOfTable(table.tableId);

  function checkInvariants(): void {
    for (const bucket of Object.values(cluster.catalog.state.buckets)) {
      const key = `${bucket.tableId}/${bucket.bucket}`;
      const before = lastSeen.get(key);
      if (before) {
        expect(bucket.leaderEpoch, `${trace.join(' ')}: leader epoch of ${key}`).toBeGreaterThanOrEqual(before.leaderEpoch);
        expect(bucket.bucketEpoch, `${trace.join(' ')}: bucket epoch of ${key}`).toBeGreaterThanOrEqual(before.bucketEpoch);
      }
      lastSeen.set(key, structuredClone(bucket));
      expect(bucket.isr.every((id) => bucket.replicas.includes(id))).toBe(true);
      if (bucket.leader !== -1) expect(bucket.isr).toContain(bucket.leader);
    }
    for (const table of tables.filter((t) => !t.dropped)) {
      for (const bucket of bucketsOf(table)) {
        if (table.acked[bucket.bucket]! === 0) continue;
        const holder = cluster.servers[bucket.replicas[0]!]!;
        expect(
          existsSync(join(holder.dataDir, 'tables', String(table.tableId), `b${bucket.bucket}`)),
          `${trace.join(' ')}: data of ${table.name} bucket ${bucket.bucket}`,
        ).toBe(true);
      }
    }
  }

  async function append(table: TableModel): Promise<void> {
    const bucket = pick(bucketsOf(table));
    if (bucket === undefined || bucket.leader === -1) return;
    const leader = cluster.servers[bucket.leader]!;
    const replica = await leader.replicas?.get({ tableId: table.tableId, partitionId: -1, bucket: bucket.bucket })?.catch(() => undefined);
    if (replica === undefined) return;
    const rows = 1 + Math.floor(random() * 5);
    await replica.log.append({ payload: new Uint8Array(8).fill(rows), recordCount: rows, schemaId: 1, writerId: -1, batchSequence: -1 }, { durable: true });
    table.acked[bucket.bucket]! += rows;
  }

  try {
    for (let step = 0; step < STEPS; step++) {
      const running = cluster.servers.filter((s) => s.running);
      const crashed = cluster.servers.filter((s) => !s.running);
      const live = tables.filter((t) => !t.dropped);
      const roll = random();
      if (roll < 0.12) {
        const name = `t${tables.length}`;
        const buckets = 1 + Math.floor(random() * 3);
        const created = (await cluster.createTable(name, buckets)) as { table: { tableId: number } };
        tables.push({ name, tableId: created.table.tableId, buckets, dropped: false, acked: Array.from({ length: buckets }, () => 0) });
        trace.push(`create:${name}`);
      } else if (roll < 0.17 && live.length > 0) {
        const table = pick(live);
        await cluster.dropTable(table.name);
        table.dropped = true;
        trace.push(`drop:${table.name}`);
      } else if (roll < 0.45 && live.length > 0) {
        await append(pick(live));
        trace.push('append');
      } else if (roll < 0.55 && running.length > 0) {
        const server = pick(running);
        await cluster.crash(server);
        trace.push(`crash:${server.id}`);
      } else if (roll < 0.65 && crashed.length > 0) {
        const server = pick(crashed);
        await cluster.startServer(server).catch(() => undefined);
        trace.push(`restart:${server.id}`);
      } else if (roll < 0.72) {
        const server = pick(cluster.servers);
        server.partitioned = !server.partitioned;
        trace.push(`${server.partitioned ? 'cut' : 'heal'}:${server.id}`);
      } else if (roll < 0.75) {
        await cluster.startCoordinator('coordinator');
        trace.push('coordinator-restart');
      } else {
        const ms = Math.floor(random() * 4_000);
        await cluster.advance(ms);
        await cluster.heartbeatAll();
        trace.push(`time+${ms}`);
      }
      checkInvariants();
    }

    // Everything back: every live table leads again with exactly its acknowledged rows.
    for (const server of cluster.servers) {
      server.partitioned = false;
      if (!server.running) await cluster.startServer(server);
    }
    for (let round = 0; round < 4; round++) {
      await cluster.heartbeatAll();
      await cluster.advance(500);
    }
    await cluster.heartbeatAll();
    checkInvariants();
    for (const table of tables) {
      for (const server of cluster.servers) {
        if (table.dropped) {
          expect(existsSync(join(server.dataDir, 'tables', String(table.tableId))), `${trace.join(' ')}: dropped ${table.name} on ${server.id}`).toBe(false);
        }
      }
      if (table.dropped) continue;
      for (const bucket of bucketsOf(table)) {
        expect(bucket.leader, `${trace.join(' ')}: leader of ${table.name} bucket ${bucket.bucket}`).not.toBe(-1);
        const replica = await leaderReplica(cluster.servers[bucket.leader]!, table.tableId, bucket.bucket);
        expect(replica?.log.logEndOffset, `${trace.join(' ')}: rows of ${table.name} bucket ${bucket.bucket}`).toBe(table.acked[bucket.bucket]);
      }
    }
    return trace;
  } finally {
    await cluster.close();
  }
}

async function leaderReplica(server: SimTabletServer, tableId: number, bucket: number) {
  return server.replicas?.get({ tableId, partitionId: -1, bucket });
}

describe('cluster membership and leadership under seeded faults (simulation)', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: nothing acknowledged is lost or deleted, epochs never go back, dropped data goes`, async () => {
      const trace = await runSchedule(seed);
      expect(trace).toHaveLength(STEPS);
    });
  }
});
