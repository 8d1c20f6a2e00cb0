// `npm run bench:failover`: how long writes stop when the leader of a replicated bucket dies.
// On ours (coordinator + 3 tablet-server processes) and on Kafka (KRaft controller + 3 brokers): one
// log table / topic of replication factor 3 and min in-sync replicas 2, one writer at acks=all
// writing batches of FAILOVER_BATCH rows, each acknowledged before the next. Every repetition waits
// for a full ISR, sends SIGKILL to the bucket leader's process group and measures
//   leader kill → the first acknowledgement of a batch begun after the kill
// (a batch begun before the kill may have been acknowledged by the old leader just before it died),
// then restarts the killed server and measures how long until it is ready and back in the ISR.
// "ours-pk": the same with a primary-key table of BENCH_FAILOVER_PK_ROWS rows (default 1,000,000),
// an upsert writer and a lookup loop, each measured (Kafka has no primary-key tables).
// Two profiles: "default" (every setting at its default) and "tuned" (shorter heartbeats and
// session timeouts, shorter client retry backoff).
// Env: BENCH_FAILOVER_REPS (default 5), BENCH_FAILOVER_ONLY=ours,ours-pk,kafka, BENCH_FAILOVER_PROFILES=default,tuned.
// Writes .test-results/bench-failover.{json,md}. Not a test: nothing is asserted about speed.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppendWriterOptions } from '../../../server/src/client/index.ts';
import { eventually } from '../../support/eventually.ts';
import { positiveIntEnv } from '../env.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { Kafka } from './kafka.ts';
import { OursReplicated, RF3_PROPERTIES } from './ours-replicated.ts';
import { fmt, Results } from './results.ts';
import { ROW_BYTES } from './workload.ts';
import { wideColumns, wideRow } from './ours.ts';

const REPS = positiveIntEnv('BENCH_FAILOVER_REPS', 5);
const FAILOVER_BATCH = 20;
const ACK_TIMEOUT_MS = 120_000;
/** Rows loaded into the primary-key table before its leader is killed, and the length of their value. */
const PK_ROWS = positiveIntEnv('BENCH_FAILOVER_PK_ROWS', 1_000_000);
const PK_VALUE_CHARS = 100;

interface Profile {
  name: 'default' | 'tuned';
  /** client: the retry backoff of our writers and lookuper. */
  ours: { config: string[]; client: Pick<AppendWriterOptions, 'retryBackoffMs' | 'retryBackoffMaxMs'> };
  kafka: { properties: string[]; producer: string[] };
}

const PROFILES: Profile[] = [
  { name: 'default', ours: { config: [], client: {} }, kafka: { properties: [], producer: [] } },
  {
    name: 'tuned',
    ours: { config: ['tablet-server.heartbeat.interval=200ms', 'tablet-server.session.timeout=2s'], client: { retryBackoffMs: 50, retryBackoffMaxMs: 300 } },
    kafka: {
      properties: ['broker.heartbeat.interval.ms=200', 'broker.session.timeout.ms=2000'],
      producer: ['retry.backoff.ms=50', 'retry.backoff.max.ms=300'],
    },
  },
];

export const FAILOVER_SETTINGS = [
  `a writer at acks=all, batches of ${FAILOVER_BATCH} rows of ${ROW_BYTES} bytes (the wide rows; Kafka: records of that size), each acknowledged before the next`,
  `ours pk: a primary-key table (id BIGINT key, v STRING of ${PK_VALUE_CHARS} chars, n BIGINT) loaded with ${PK_ROWS} rows, then batches of ${FAILOVER_BATCH} upserts of existing keys at acks=all, and single lookups of existing keys one after the other`,
  'ours default: tablet-server.heartbeat.interval=1s, tablet-server.session.timeout=10s, log.flush.fsync=true; writers and lookuper retry 20 times, backoff 100 ms doubling to 2 s',
  'ours tuned: heartbeat 200ms, session timeout 2s; writers and lookuper back off 50 ms doubling to 300 ms',
  'Kafka default: broker.heartbeat.interval.ms=2000, broker.session.timeout.ms=9000 (page cache); producer retry.backoff.ms=100, retry.backoff.max.ms=1000, linger.ms=1',
  'Kafka tuned: broker.heartbeat.interval.ms=200, broker.session.timeout.ms=2000; producer retry.backoff.ms=50, retry.backoff.max.ms=300',
  'no controlled shutdown on either side: SIGKILL, so the leader is replaced once its session with the coordinator/controller expires',
].join('\n');

function list(name: string, fallback: string, known: readonly string[]): string[] {
  const items = (process.env[name] ?? fallback).split(',').map((s) => s.trim());
  for (const item of items) if (!known.includes(item)) throw new Error(`${name}: unknown ${item} (known: ${known.join(', ')})`);
  return items;
}

/** The writer's acknowledgements: when each batch was begun and when it was acknowledged (epoch ms). */
class AckLog {
  readonly #acks: { started: number; acked: number }[] = [];
  error: string | undefined;
  /** Steps that failed and were tried again (lookups while no leader serves). */
  failures = 0;

  add(started: number, acked: number): void {
    this.#acks.push({ started, acked });
  }

  get count(): number {
    return this.#acks.length;
  }

  /** Waits for the first acknowledgement of a batch begun at or after `since`; returns its time. */
  async firstAckOfBatchBegunAfter(since: number, timeoutMs = ACK_TIMEOUT_MS): Promise<number> {
    return eventually(
      `a write begun after ${new Date(since).toISOString()} acknowledged`,
      async () => {
        if (this.error !== undefined) throw new Error(`the writer failed: ${this.error}`);
        for (let i = this.#acks.length - 1; i >= 0 && this.#acks[i]!.started >= since; i--) {
          if (i === 0 || this.#acks[i - 1]!.started < since) return this.#acks[i]!.acked;
        }
        return undefined;
      },
      timeoutMs,
      5,
    );
  }
}

/** What a system offers the measurement: its bucket's leader and ISR, killing and restarting a server. */
interface FailoverTarget {
  leaderAndIsr(): Promise<{ leader: number; isr: number[] }>;
  kill(server: number): Promise<void>;
  restart(server: number): Promise<void>;
}

/** REPS kills of the leader under a running writer; one failover.ms sample each. */
/** A stream of acknowledgements measured per kill, and the metric its failover time goes to. */
interface Watched {
  log: AckLog;
  metric: 'failover.ms' | 'failover_lookup.ms';
}

/** REPS kills of the leader under running writers (and lookups); one sample per kill and watched stream. */
async function measure(results: Results, system: 'ours' | 'kafka', variant: string, target: FailoverTarget, watched: Watched[]): Promise<void> {
  const flowing = () => Promise.all(watched.map((w) => w.log.firstAckOfBatchBegunAfter(Date.now())));
  await flowing();
  for (let rep = 1; rep <= REPS; rep++) {
    // A restarted primary-key replica rebuilds its KV state before it rejoins: up to minutes for big buckets.
    const { leader } = await eventually(
      'a full ISR',
      async () => {
        const state = await target.leaderAndIsr();
        return state.isr.length === 3 ? state : undefined;
      },
      600_000,
    );
    await flowing();
    const killedAt = Date.now();
    await target.kill(leader);
    const answeredAt = await Promise.all(watched.map((w) => w.log.firstAckOfBatchBegunAfter(killedAt)));
    const after = await target.leaderAndIsr();
    watched.forEach((w, i) => results.add(system, variant, w.metric, answeredAt[i]! - killedAt));
    console.log(`    rep ${rep}: killed ${leader}, new leader ${after.leader}, ISR ${after.isr.join(',')}`);
    if (after.leader === leader) results.note(`${variant} rep ${rep}: the killed server ${leader} is still named leader after writes resumed`);
    // Restarted on its data: how long until it is ready (its replicas open) and back in the ISR.
    const restartedAt = Date.now();
    await target.restart(leader);
    results.add(system, variant, 'restart_ready.ms', Date.now() - restartedAt);
    await eventually('the restarted server back in the ISR', async () => (await target.leaderAndIsr()).isr.includes(leader), 600_000, 100);
    results.add(system, variant, 'rejoin.ms', Date.now() - restartedAt);
  }
}

/** Runs `step` until `stopped()`, logging when each began and ended; `retryOnError`: log the error and go on. */
function repeat(log: AckLog, stopped: () => boolean, step: () => Promise<void>, retryOnError: boolean): Promise<void> {
  return (async () => {
    while (!stopped()) {
      const started = Date.now();
      try {
        await step();
        log.add(started, Date.now());
      } catch (error) {
        if (!retryOnError) throw error;
        log.failures++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  })().catch((error: unknown) => {
    log.error = error instanceof Error ? error.message : String(error);
  });
}

const PK_COLUMNS = [
  { name: 'id', type: 'BIGINT', nullable: false },
  { name: 'v', type: 'STRING' },
  { name: 'n', type: 'BIGINT' },
];
const pkRow = (id: number, n: number) => ({ id: BigInt(id), v: `value-${n}-`.padEnd(PK_VALUE_CHARS, 'x'), n: BigInt(n) });
/** Keys spread over the table (a step prime to any row count that is not one of its multiples). */
const pkKey = (n: number) => (n * 7_919) % PK_ROWS;

async function oursFailover(results: Results, dir: string, profile: Profile, kind: 'log' | 'pk'): Promise<void> {
  const variant = kind === 'log' ? `ours ${profile.name}` : `ours pk ${profile.name}`;
  const ours = new OursReplicated(join(dir, `ours-${kind}-${profile.name}`), profile.ours.config);
  const writes = new AckLog();
  const lookups = new AckLog();
  let stop = false;
  const running: Promise<void>[] = [];
  try {
    await ours.start();
    const { cluster } = ours;
    const schema = { columns: kind === 'log' ? wideColumns() : PK_COLUMNS };
    await cluster.admin.createTable(
      { database: 'bench', name: 'failover', schema, ...(kind === 'pk' && { primaryKey: ['id'] }), buckets: 1, properties: RF3_PROPERTIES },
      { createDatabase: true },
    );
    const table = await cluster.connection.getTable('bench.failover');
    const watched: Watched[] = [{ log: writes, metric: 'failover.ms' }];
    let n = 0;
    if (kind === 'log') {
      const writer = table.newAppendWriter({ acks: -1, ...profile.ours.client });
      const rows = Array.from({ length: 1_000 }, (_, i) => wideRow(i));
      const step = async () => {
        for (let i = 0; i < FAILOVER_BATCH; i++) await writer.append(rows[n++ % rows.length]!);
        await writer.flush();
      };
      running.push(repeat(writes, () => stop, step, false).then(() => writer.close()));
    } else {
      const writer = table.newUpsertWriter({ acks: -1, ...profile.ours.client });
      const loadStarted = performance.now();
      for (let id = 0; id < PK_ROWS; id++) await writer.upsert(pkRow(id, id));
      await writer.flush();
      results.add('ours', variant, 'pk_upsert.rows_s', PK_ROWS / ((performance.now() - loadStarted) / 1000));
      n = PK_ROWS;
      const step = async () => {
        for (let i = 0; i < FAILOVER_BATCH; i++, n++) await writer.upsert(pkRow(pkKey(n), n));
        await writer.flush();
      };
      running.push(repeat(writes, () => stop, step, false).then(() => writer.close()));
      // Lookups of existing keys, one at a time, from the bucket's leader: when are they served again?
      const lookuper = table.newLookuper(profile.ours.client);
      let k = 0;
      const lookup = async () => {
        if ((await lookuper.lookup({ id: BigInt(pkKey(k++)) })) === undefined) throw new Error('a loaded key was not found');
      };
      running.push(repeat(lookups, () => stop, lookup, true));
      watched.push({ log: lookups, metric: 'failover_lookup.ms' });
    }
    await measure(
      results,
      'ours',
      variant,
      {
        leaderAndIsr: async () => {
          const location = await cluster.location('bench.failover');
          return { leader: location.leader, isr: [...location.isr] };
        },
        kill: (id) => cluster.kill(id),
        restart: async (id) => {
          await cluster.start(id);
        },
      },
      watched,
    );
  } finally {
    stop = true;
    await Promise.all(running);
    if (writes.error !== undefined) results.note(`${variant}: the writer failed: ${writes.error}`);
    if (lookups.failures > 0) results.note(`${variant}: ${lookups.failures} lookups failed (retried) while leaders changed`);
    await ours.stop();
  }
}

async function kafkaFailover(results: Results, dir: string, profile: Profile): Promise<void> {
  const variant = `kafka ${profile.name}`;
  const kafka = new Kafka(dir, { name: `kafka-failover-${profile.name}`, brokers: 3, properties: profile.kafka.properties });
  const acks = new AckLog();
  let writer: ChildProcess | undefined;
  try {
    await kafka.start();
    await kafka.createTopic('failover', ['min.insync.replicas=2'], 3);
    writer = spawn(
      'java',
      kafka.javaArgs(
        'KafkaBench',
        ['failover', kafka.bootstrap, 'failover', String(FAILOVER_BATCH), String(ROW_BYTES), profile.kafka.producer.join(',')],
        ['-Xmx512m'],
      ),
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let pending = '';
    let stderr = '';
    writer.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'ack') acks.add(Number(a), Number(b));
        else if (kind === 'error') console.log(`    kafka writer: ${line}`); // its client's retry warnings are left out
      }
    });
    writer.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    writer.once('exit', (code) => {
      acks.error ??= `KafkaBench failover exited ${code}: ${stderr.slice(-1500)}`;
    });
    await measure(
      results,
      'kafka',
      variant,
      { leaderAndIsr: () => kafka.partition('failover'), kill: (id) => kafka.kill(id), restart: (id) => kafka.restart(id) },
      [{ log: acks, metric: 'failover.ms' }],
    );
  } finally {
    if (writer && writer.exitCode === null) {
      const exited = new Promise((resolve) => writer!.once('exit', resolve));
      acks.error = 'stopped'; // its exit is expected now
      writer.stdin!.end();
      await exited;
    }
    await kafka.stop();
  }
}

async function main(): Promise<void> {
  const systems = list('BENCH_FAILOVER_ONLY', 'ours,ours-pk,kafka', ['ours', 'ours-pk', 'kafka']);
  const profiles = list('BENCH_FAILOVER_PROFILES', 'default,tuned', ['default', 'tuned']);
  const started = new Date();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
  console.log(`fluss-ts failover benchmark — ${started.toISOString()} — ${machine}; ${REPS} kills per system and profile`);
  if (systems.includes('kafka')) {
    // Kafka's jars and the KafkaBench driver (cached after the first run).
    process.stdout.write(execFileSync('bash', [fileURLToPath(new URL('./install.sh', import.meta.url))], { encoding: 'utf8' }));
  }
  const loadAtStart = load();
  const results = new Results();
  const dir = tempDir('bench-failover');
  try {
    for (const profile of PROFILES.filter((p) => profiles.includes(p.name))) {
      for (const system of systems) {
        console.log(`\n# ${system} ${profile.name} (load ${load()})`);
        try {
          if (system === 'kafka') await kafkaFailover(results, dir.path, profile);
          else await oursFailover(results, dir.path, profile, system === 'ours' ? 'log' : 'pk');
        } catch (error) {
          results.note(`${system} ${profile.name} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          console.error(error);
        }
      }
    }
  } finally {
    dir.remove();
  }
  const variants = results.variants();
  const measured = {
    'failover.ms': 'writes',
    'failover_lookup.ms': 'lookups',
    'restart_ready.ms': 'killed server restarted: ready',
    'rejoin.ms': 'killed server restarted: back in the ISR',
  } as const;
  const rows = variants.flatMap((v) =>
    Object.entries(measured).flatMap(([metric, what]) => {
      const s = results.summary(v, metric);
      if (!s) return [];
      const values = results.samples.filter((x) => x.variant === v && x.metric === metric).map((x) => fmt(x.value));
      return [`| ${v}, ${what} | ${s.n} | ${fmt(s.median)} | ${fmt(s.max)} | ${fmt(s.min)} | ${values.join(', ')} |`];
    }),
  );
  const loads = variants.flatMap((v) => {
    const s = results.summary(v, 'pk_upsert.rows_s');
    return s ? [`- ${v}: ${PK_ROWS} rows loaded (acks=all, RF 3) at ${fmt(s.median)} rows/s before the kills`] : [];
  });
  const markdown = [
    `Run of ${started.toISOString()} on ${machine}; load average (1/5/15 min) at start ${loadAtStart}, at end ${load()}.`,
    '',
    '| system, profile, what | kills | median ms | max ms | min ms | every kill, ms |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(loads.length ? [...loads, ''] : []),
    'Settings:',
    '',
    ...FAILOVER_SETTINGS.split('\n').map((l) => `- ${l}`),
    ...(results.notes.length ? ['', 'Notes:', '', ...results.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
  console.log(`\n${markdown}`);
  mkdirSync('.test-results', { recursive: true });
  writeFileSync(
    '.test-results/bench-failover.json',
    JSON.stringify({ date: started.toISOString(), machine, reps: REPS, loadAtStart, samples: results.samples, notes: results.notes }, null, 2),
  );
  writeFileSync('.test-results/bench-failover.md', `${markdown}\n`);
}

await main();
