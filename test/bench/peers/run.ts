// `npm run bench:peers`: the same workloads against this project, Apache Kafka, Apache Fluss and
// Redis on this machine, in one run, with the machine's limits measured alongside.
//   1. installs the peers (install.sh: Maven Central via Maven, Debian via apt-get; cached)
//   2. measures loopback TCP and sequential disk write bandwidth
//   3. starts every system on 127.0.0.1 and runs BENCH_PEERS_REPS repetitions, interleaved
//      (rep 1 of every system, then rep 2, ...) so a change in the machine's load hits all alike
//   4. prints medians (min–max), ratios ours ÷ peer and fractions of the limits; writes
//      .test-results/bench-peers.json and .test-results/bench-peers.md (pasted into docs/benchmarks.md)
// BENCH_PEERS_ONLY=ours,kafka,fluss,redis picks systems; BENCH_PEERS_SCENARIOS=single,replication picks
// scenarios (default both): "single" = one server per system (all workloads), "replication" = ingest and
// latency on 3-server clusters at RF 3 acks=all against RF 1 acks=1 (replication.ts). A peer that
// cannot start is skipped with the reason in the notes; the rest still runs. Not a test: nothing is
// asserted about speed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp-dir.ts';
import { Fluss, FLUSS_SETTINGS } from './fluss.ts';
import { Kafka, KAFKA_SETTINGS } from './kafka.ts';
import { measureLimits } from './limits.ts';
import { Ours, OURS_SETTINGS } from './ours.ts';
import { REDIS_SETTINGS, redisWorkloads, startRedis } from './redis.ts';
import {
  kafkaReplicated,
  kafkaReplicationRep,
  oursReplicated,
  oursReplicationRep,
  REPLICATION_COMPARISONS,
  REPLICATION_SETTINGS,
  REPLICATION_VARIANTS,
} from './replication.ts';
import { Results } from './results.ts';
import { WORKLOAD } from './workload.ts';

interface Peer {
  name: string;
  start(): Promise<void>;
  rep(rep: number): Promise<void>;
  stop(): Promise<void>;
}

const list = (name: string, fallback: string, known: readonly string[]): Set<string> => {
  const items = new Set((process.env[name] ?? fallback).split(',').map((s) => s.trim()));
  for (const item of items) if (!known.includes(item)) throw new Error(`${name}: unknown ${item} (known: ${known.join(', ')})`);
  return items;
};
const only = list('BENCH_PEERS_ONLY', 'ours,kafka,fluss,redis', ['ours', 'kafka', 'fluss', 'redis']);
const scenarios = list('BENCH_PEERS_SCENARIOS', 'single,replication', ['single', 'replication']);
const results = new Results();
/** The replication scenario's samples, in their own table; the machine limits come from `results`. */
const replication = new Results(results);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ');

function install(): void {
  const script = fileURLToPath(new URL('./install.sh', import.meta.url));
  try {
    process.stdout.write(execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? '';
    process.stdout.write(out);
    results.note(
      `install.sh reported failures: ${out
        .split('\n')
        .filter((l) => l.startsWith('FAILED'))
        .join('; ')}`,
    );
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
  console.log(`fluss-ts peer benchmark — ${started.toISOString()} — ${machine}`);
  console.log(`workload: ${JSON.stringify(WORKLOAD)}`);
  install();
  const dir = tempDir('bench-peers');
  const loadAtStart = load();
  console.log(`load average at start: ${loadAtStart}`);
  const peers: Peer[] = [];
  const single = scenarios.has('single');
  const ours = new Ours(dir.path);
  const kafka = new Kafka(dir.path);
  const fluss = new Fluss(dir.path);
  let redisStop: (() => Promise<void>) | undefined;
  let redisPort = 0;
  if (single && only.has('ours')) peers.push({ name: 'ours', start: () => ours.start(), rep: (r) => ours.workloads(results, r), stop: () => ours.stop() });
  if (single && only.has('kafka')) peers.push({ name: 'kafka', start: () => kafka.start(), rep: (r) => kafka.workloads(results, r), stop: () => kafka.stop() });
  if (single && only.has('fluss')) peers.push({ name: 'fluss', start: () => fluss.start(), rep: (r) => fluss.workloads(results, r), stop: () => fluss.stop() });
  if (scenarios.has('replication') && only.has('ours')) {
    const cluster = oursReplicated(dir.path);
    peers.push({ name: 'ours (3 servers)', start: () => cluster.start(), rep: (r) => oursReplicationRep(cluster, replication, r), stop: () => cluster.stop() });
  }
  if (scenarios.has('replication') && only.has('kafka')) {
    const cluster = kafkaReplicated(dir.path);
    peers.push({
      name: 'kafka (3 brokers)',
      start: () => cluster.start(),
      rep: (r) => kafkaReplicationRep(cluster, replication, r),
      stop: () => cluster.stop(),
    });
  }
  if (single && only.has('redis')) {
    peers.push({
      name: 'redis',
      start: async () => {
        const r = await startRedis(dir.path);
        redisPort = r.port;
        redisStop = () => r.server.stop();
      },
      rep: (rep) => redisWorkloads(results, redisPort, rep),
      stop: async () => redisStop?.(),
    });
  }
  const running: Peer[] = [];
  const loads: string[] = [];
  try {
    console.log('\n# machine limits');
    await measureLimits(results, dir.path);
    for (const peer of peers) {
      console.log(`starting ${peer.name} ...`);
      try {
        await peer.start();
        running.push(peer);
      } catch (error) {
        results.note(`${peer.name} could not start: ${firstLine(error)}`);
        await peer.stop().catch(() => undefined);
      }
    }
    for (let rep = 1; rep <= WORKLOAD.reps; rep++) {
      for (const peer of running) {
        console.log(`\n# rep ${rep}/${WORKLOAD.reps}: ${peer.name} (load ${load()})`);
        loads.push(load());
        try {
          await peer.rep(rep);
        } catch (error) {
          results.note(`${peer.name} rep ${rep} failed: ${firstLine(error)}`);
          console.error(error);
        }
      }
    }
    console.log('\n# machine limits again');
    await measureLimits(results, dir.path);
  } finally {
    for (const peer of running.reverse()) await peer.stop().catch((e: unknown) => console.error(`stopping ${peer.name}: ${firstLine(e)}`));
    dir.remove();
  }
  const loadAtEnd = load();
  const bullets = (settings: string[]) => settings.flatMap((s) => s.split('\n').map((l) => `- ${l}`));
  const replicationVariants = REPLICATION_VARIANTS.filter((v) => replication.variants().includes(v));
  const markdown = [
    `Run of ${started.toISOString()} on ${machine}; load average (1/5/15 min) at start ${loadAtStart}, at end ${loadAtEnd}; ` +
      `${WORKLOAD.reps} repetitions, median (min–max); [n%] = fraction of the machine limit; ratios: ours ÷ peer for throughput, peer ÷ ours for latency and bytes (> 1: ours ahead).`,
    '',
    results.limitsTable(),
    '',
    ...(single ? [results.table('ours'), '', 'Settings:', '', ...bullets([OURS_SETTINGS, KAFKA_SETTINGS, FLUSS_SETTINGS, REDIS_SETTINGS]), ''] : []),
    ...(replicationVariants.length
      ? [
          'Replication (3 servers per system; ratios: the first ÷ the second for throughput, the inverse for latency and bytes, > 1: the first ahead):',
          '',
          replication.tableOf(replicationVariants, REPLICATION_COMPARISONS),
          '',
          'Settings:',
          '',
          ...bullets([REPLICATION_SETTINGS]),
          '',
        ]
      : []),
    ...(results.notes.length + replication.notes.length ? ['Notes:', '', ...[...results.notes, ...replication.notes].map((n) => `- ${n}`)] : []),
  ].join('\n');
  console.log(`\n${markdown}`);
  mkdirSync('.test-results', { recursive: true });
  writeFileSync(
    '.test-results/bench-peers.json',
    JSON.stringify(
      {
        date: started.toISOString(),
        machine,
        workload: WORKLOAD,
        scenarios: [...scenarios],
        loadAtStart,
        loadAtEnd,
        loads,
        samples: results.samples,
        replicationSamples: replication.samples,
        notes: [...results.notes, ...replication.notes],
      },
      null,
      2,
    ),
  );
  writeFileSync('.test-results/bench-peers.md', markdown + '\n');
}

await main();
