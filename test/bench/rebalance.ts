// Rebalance (docs/rebalance.md) on real processes: a coordinator and five tablet-server slots, each
// its own `fluss` process on loopback (test/support/replicated-cluster.ts), three running at first.
// A log table of BUCKETS buckets, RF 3 and min ISR 2, is filled with BENCH_REBALANCE_MB MB of Arrow
// bytes by a fast writer (big rows, 4 MiB batches, acks=all). Then two rounds, the first
// unthrottled, the second with `throttleBytesPerSec` = BENCH_REBALANCE_THROTTLE per server:
//   scale-up 3 → 5 (servers 3 and 4 start empty), drain server 4, drain server 3
// (drain = tag PERMANENT_OFFLINE + rebalance). Each rebalance's time is the coordinator's own
// (startedAtMs → finishedAtMs); moved bytes = the size of every replica a move adds (its bucket's
// segment files on the leader when the rebalance starts). A probe writes one row at a time with
// acks=all, every PROBE_INTERVAL_MS, all along: its latency in a window before each rebalance
// against during it. Progress is polled every POLL_MS for each move's time in each step.
// Every server setting is at its default (heartbeat 1 s, rebalance.step-interval 500 ms, fsync on,
// replica.fetch.max-bytes 8 MiB). Not a test: nothing is asserted about speed.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Admin, AppendWriter, RebalanceProgress, Table } from '../../server/src/client/index.ts';
import { eventually } from '../support/eventually.ts';
import { FlussProcessGroup } from '../support/processes.ts';
import { type ReplicatedCluster, startReplicatedCluster } from '../support/replicated-cluster.ts';
import { tempDir } from '../support/temp-dir.ts';
import { positiveIntEnv } from './env.ts';
import type { Report } from './remote-bench-support.ts';
import { percentile } from './stats.ts';

const MB = 1e6;
const MIB = 1024 * 1024;
const DATA_BYTES = positiveIntEnv('BENCH_REBALANCE_MB', 512) * MB;
const THROTTLE = positiveIntEnv('BENCH_REBALANCE_THROTTLE', 2_000_000);
const MAX_MOVES = positiveIntEnv('BENCH_REBALANCE_MOVES', 4);
const BUCKETS = 6;
/** Characters of a filler row's payload: big rows keep the client's per-row cost out of the fill. */
const FILL_ROW_CHARS = 16 * 1024;
const FILL_BATCH_BYTES = 4 * MIB;
const PROBE_INTERVAL_MS = 20;
const BASELINE_MS = 8_000;
const POLL_MS = 100;
const STEPS = ['PENDING', 'ADDING_REPLICAS', 'MOVING_LEADER', 'REMOVING_REPLICAS'] as const;
const TABLE = 'bench.rebalanced';

export const REBALANCE_SETTINGS = [
  `coordinator + 5 tablet-server processes (3 running at first), every setting at its default`,
  `table: ${BUCKETS} buckets, RF 3, min ISR 2, filled with ${DATA_BYTES / MB} MB of Arrow bytes (rows of ${FILL_ROW_CHARS} chars, ${FILL_BATCH_BYTES / MIB} MiB batches, acks=all)`,
  `max concurrent moves ${MAX_MOVES}; throttled round: ${THROTTLE / MB} MB/s per server`,
  `probe: 1 row per acks=all produce every ${PROBE_INTERVAL_MS} ms; "before" = the ${BASELINE_MS / 1000} s before each rebalance`,
].join('\n');

/**
 * One-row acks=all writes, one every PROBE_INTERVAL_MS (or right after the previous one when that
 * took longer), each acknowledged before the next; each write's time is kept under the current
 * phase. A stall counts once (the writes it delayed are not sent meanwhile): compare sample counts.
 */
class LatencyProbe {
  readonly #writer: AppendWriter;
  readonly #samples = new Map<string, number[]>();
  #phase: string | undefined;
  #stopping = false;
  #failures = 0;
  readonly #running: Promise<void>;

  constructor(table: Table) {
    this.#writer = table.newAppendWriter({ acks: -1, lingerMs: 0 });
    this.#running = this.#run();
  }

  set phase(phase: string | undefined) {
    this.#phase = phase;
    if (phase !== undefined && !this.#samples.has(phase)) this.#samples.set(phase, []);
  }

  get failures(): number {
    return this.#failures;
  }

  /** The write times of `phase`, ascending. */
  samples(phase: string): number[] {
    return [...(this.#samples.get(phase) ?? [])].sort((a, b) => a - b);
  }

  async #run(): Promise<void> {
    for (let id = 0; !this.#stopping; id++) {
      const phase = this.#phase;
      const sent = performance.now();
      try {
        await this.#writer.append({ id: -id - 1, payload: 'probe' });
        await this.#writer.flush();
        if (phase !== undefined) this.#samples.get(phase)!.push(performance.now() - sent);
      } catch {
        this.#failures++;
      }
      const wait = sent + PROBE_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#running;
    await this.#writer.close();
  }
}

/** CPU seconds (user + system) the tablet-server processes used so far, from /proc/<pid>/stat. */
function serverCpuSeconds(cluster: ReplicatedCluster): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const server of cluster.tablets) {
    const pid = server?.child.pid;
    if (pid === undefined) continue;
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond;
}

/** Bytes of a replica directory's segment files. */
async function segmentBytes(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sizes = await Promise.all(names.filter((n) => n.endsWith('.log')).map(async (n) => (await stat(join(dir, n))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

async function replicaDirs(dataDir: string): Promise<string[]> {
  const tables = await readdir(join(dataDir, 'tables')).catch(() => [] as string[]);
  return (await Promise.all(tables.map((t) => readdir(join(dataDir, 'tables', t))))).flat();
}

const bucketKey = (b: { partitionId: number; bucket: number }) => `${b.partitionId}/${b.bucket}`;

async function bucketsOf(admin: Admin) {
  const table = (await admin.clusterMetadata([TABLE])).tables[0]!;
  return { tableId: table.table!.tableId, buckets: table.buckets };
}

/** Each bucket's size: its segment files on its leader. */
async function bucketSizes(cluster: ReplicatedCluster): Promise<Map<string, number>> {
  const { tableId, buckets } = await bucketsOf(cluster.admin);
  const sizes = new Map<string, number>();
  for (const b of buckets) sizes.set(bucketKey(b), await segmentBytes(join(cluster.dataDir(b.leader), 'tables', String(tableId), `b${b.bucket}`)));
  return sizes;
}

async function fill(table: Table, report: Report): Promise<void> {
  const payloads = Array.from({ length: 64 }, () => randomBytes((FILL_ROW_CHARS * 3) / 4).toString('base64'));
  const writer = table.newAppendWriter({ acks: -1, batchSizeBytes: FILL_BATCH_BYTES, lingerMs: 20 });
  const started = performance.now();
  for (let id = 0; writer.counters.bytesAcked + writer.bufferedBytes < DATA_BYTES; id++) {
    await writer.append({ id, payload: payloads[id % payloads.length]! });
  }
  await writer.flush();
  const seconds = (performance.now() - started) / 1000;
  report('rebalance: fill MB/s (acks=all, RF 3, Arrow bytes)', writer.counters.bytesAcked / seconds / MB, 'MB/s');
  await writer.close();
}

async function fullIsr(admin: Admin, what: string): Promise<void> {
  await eventually(what, async () => (await bucketsOf(admin)).buckets.every((b) => b.isr.length === b.replicas.length), 120_000, 200);
}

/** When each move was first seen in each step, by polling; the rebalance as last seen (finished). */
async function follow(admin: Admin): Promise<{ last: RebalanceProgress; seen: Map<string, Map<string, number>> }> {
  const seen = new Map<string, Map<string, number>>();
  for (;;) {
    const now = Date.now();
    const progress = (await admin.rebalanceProgress())!;
    for (const move of progress.moves) {
      const key = bucketKey(move);
      const steps = seen.get(key) ?? new Map<string, number>();
      seen.set(key, steps);
      if (!steps.has(move.status)) steps.set(move.status, now);
    }
    if (progress.state !== 'IN_PROGRESS' && progress.state !== 'CANCELING') return { last: progress, seen };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Seconds each move spent in each step (from when it was first seen in it to when it was first seen in a later one). */
function stepSeconds(last: RebalanceProgress, seen: Map<string, Map<string, number>>): Map<string, number[]> {
  const order = [...STEPS, 'COMPLETED'];
  const result = new Map<string, number[]>(STEPS.map((s) => [s, []]));
  for (const move of last.moves) {
    const steps = seen.get(bucketKey(move))!;
    const times = order.map((s) => steps.get(s));
    // A step never seen (too short for the poll) counts as 0; its successor's time stands in for its start.
    for (let i = order.length - 2; i >= 0; i--) times[i] ??= times[i + 1];
    STEPS.forEach((step, i) => {
      const from = times[i];
      const to = times[i + 1];
      if (from !== undefined && to !== undefined) result.get(step)!.push((to - from) / 1000);
    });
  }
  return result;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function measure(label: string, cluster: ReplicatedCluster, probe: LatencyProbe, throttleBytesPerSec: number, report: Report): Promise<void> {
  const { admin } = cluster;
  probe.phase = `before ${label}`;
  await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
  const sizes = await bucketSizes(cluster);
  probe.phase = `during ${label}`;
  const cpuBefore = serverCpuSeconds(cluster);
  await admin.rebalance({ maxConcurrentMoves: MAX_MOVES, throttleBytesPerSec });
  const { last, seen } = await follow(admin);
  const cpu = serverCpuSeconds(cluster) - cpuBefore;
  probe.phase = undefined;
  if (last.state !== 'COMPLETED') throw new Error(`${label}: rebalance ${last.state}: ${JSON.stringify(last.moves.filter((m) => m.status !== 'COMPLETED'))}`);
  const seconds = (Number(last.finishedAtMs) - Number(last.startedAtMs)) / 1000;
  const copies = last.moves.flatMap((m) => m.newReplicas.filter((id) => !m.originalReplicas.includes(id)).map(() => sizes.get(bucketKey(m)) ?? 0));
  const moved = copies.reduce((a, b) => a + b, 0);
  report(`rebalance ${label}: bucket moves`, last.moves.length, 'moves');
  report(`rebalance ${label}: replicas copied`, copies.length, 'replicas');
  report(`rebalance ${label}: MB moved`, moved / MB, 'MB');
  report(`rebalance ${label}: time`, seconds, 's');
  report(`rebalance ${label}: moved MB/s`, moved / seconds / MB, 'MB/s');
  report(`rebalance ${label}: tablet servers' CPU per moved GB`, cpu / (moved / 1e9), 'CPU s/GB');
  report(`rebalance ${label}: tablet servers' CPU share (of 1 core)`, cpu / seconds, 'cores');
  for (const [step, values] of stepSeconds(last, seen)) report(`rebalance ${label}: median s in ${step}`, median(values), 's');
  for (const phase of ['before', 'during']) {
    const samples = probe.samples(`${phase} ${label}`);
    report(`rebalance ${label}: probe p50 ${phase}`, percentile(samples, 0.5), 'ms');
    report(`rebalance ${label}: probe p99 ${phase}`, percentile(samples, 0.99), 'ms');
    report(`rebalance ${label}: probe max ${phase}`, samples.at(-1) ?? NaN, 'ms');
    report(`rebalance ${label}: probe writes ${phase}`, samples.length, 'writes');
  }
}

/** Tags `id` PERMANENT_OFFLINE and drains it; waits until its server deleted the replicas moved off it. */
async function drain(id: number, label: string, cluster: ReplicatedCluster, probe: LatencyProbe, throttle: number, report: Report): Promise<void> {
  await cluster.admin.addServerTag([id], 'PERMANENT_OFFLINE');
  await measure(label, cluster, probe, throttle, report);
  await eventually(`server ${id} to delete its moved replicas`, async () => (await replicaDirs(cluster.dataDir(id))).length === 0, 60_000, 200);
}

async function round(name: string, throttle: number, cluster: ReplicatedCluster, probe: LatencyProbe, report: Report): Promise<void> {
  await fullIsr(cluster.admin, `a full ISR before the ${name} round`);
  await measure(`scale-up 3→5, ${name}`, cluster, probe, throttle, report);
  await drain(4, `drain 1 of 5, ${name}`, cluster, probe, throttle, report);
  await drain(3, `drain 1 of 4, ${name}`, cluster, probe, throttle, report);
}

export async function rebalanceBenchmarks(report: Report): Promise<void> {
  console.log(`rebalance:\n${REBALANCE_SETTINGS}`);
  const dir = tempDir('bench-rebalance');
  const processes = new FlussProcessGroup();
  try {
    const cluster = await startReplicatedCluster({ dir, processes, track: (connection) => connection }, { servers: 5, started: 3, config: [] });
    const { admin, connection } = cluster;
    await admin.createTable(
      {
        database: 'bench',
        name: 'rebalanced',
        schema: {
          columns: [
            { name: 'id', type: 'BIGINT', nullable: false },
            { name: 'payload', type: 'STRING' },
          ],
        },
        buckets: BUCKETS,
        properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable(TABLE);
    await fill(table, report);
    await cluster.start(3);
    await cluster.start(4);
    await eventually('5 live servers', async () => (await admin.listServers()).filter((s) => s.live).length === 5, 30_000, 100);
    const probe = new LatencyProbe(table);
    await round('unthrottled', 0, cluster, probe, report);
    await admin.removeServerTag([3, 4], 'PERMANENT_OFFLINE');
    await round(`throttle ${THROTTLE / MB} MB/s`, THROTTLE, cluster, probe, report);
    await probe.stop();
    report('rebalance: probe writes failed (after retries)', probe.failures, 'writes');
    connection.close();
  } finally {
    await processes.stopAll();
    dir.remove();
  }
}
