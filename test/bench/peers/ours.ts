// This project's side: the TypeScript client (this process) against `fluss local --tablet-servers 1`
// in its own process, as test/bench/run.ts does. Two local clusters run side by side:
//   "pagecache": --config log.flush.fsync=false, the same durability as the peers' defaults
//                (acks=all with one replica = the leader's page cache); most workloads run here;
//   "durable":   the default (fsync, group commit, before acknowledging and before consumers see data);
//                the "fsync before ack" ingest and latency rows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Acks, FlussConnection, type TableDescriptor } from '../../../server/src/client/index.ts';
import { spawnFluss, type FlussProcess } from '../../support/processes.ts';
import { freePort } from '../../support/ports.ts';
import { logBytes, serverSentBytes } from './procs.ts';
import type { Results } from './results.ts';
import { PROJECTED_COLUMNS, ROW_BYTES, WIDE_STRING_COLUMNS, WORKLOAD, lookupKeys, wideValues } from './workload.ts';
import { percentile } from '../stats.ts';

export const OURS_SETTINGS = [
  'fluss-ts: `fluss local --tablet-servers 1` in its own Node process, TypeScript client in the bench process; 1 bucket, acks=-1 (all)',
  'writer defaults: 1 MiB batches, linger 5 ms (latency run: linger 0); scanner defaults; Lookuper: the keys of a batch in one tick (one request)',
  'page-cache rows: --config log.flush.fsync=false; fsync rows: default log.flush.fsync=true (group commit before ack and before consumers see data)',
].join('\n');

export function wideColumns(): TableDescriptor['schema']['columns'] {
  return [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'ts', type: 'BIGINT', nullable: false },
    { name: 'qty', type: 'INT' },
    ...Array.from({ length: WIDE_STRING_COLUMNS }, (_, i) => ({ name: `s${i}`, type: 'STRING' })),
  ];
}

/** Rows as a JSON-parsing client would hand them over (fast-mode objects via fromEntries). */
export function wideRow(n: number): Record<string, unknown> {
  const v = wideValues(n);
  const entries: [string, unknown][] = [
    ['id', v.id],
    ['ts', v.ts],
    ['qty', v.qty],
  ];
  v.strings.forEach((s, i) => entries.push([`s${i}`, s]));
  return Object.fromEntries(entries);
}

/** Where a workload runs: a connection, and the data dir whose log files count as stored bytes. */
export interface OursTarget {
  readonly connection: FlussConnection;
  readonly dataDir: string;
}

/** How a workload writes: the result's variant name, table properties (replication) and acks. */
export interface WriteOptions {
  variant?: string;
  properties?: Record<string, string>;
  acks?: Acks;
}

let prepared: Record<string, unknown>[] | undefined;
/** The rows every ingest cycles through, built once (building them is not part of the measure). */
function preparedRows(): Record<string, unknown>[] {
  prepared ??= Array.from({ length: 8_192 }, (_, n) => wideRow(n));
  return prepared;
}

/** Appends WORKLOAD.ingestRows wide rows to a new 1-bucket table `name` and records rows/s, MB/s and stored bytes. */
export async function ingestWide(
  results: Results,
  target: OursTarget,
  name: string,
  metric: 'ingest' | 'ingest_fsync',
  options: WriteOptions = {},
): Promise<void> {
  const { variant = 'ours', acks = -1 } = options;
  const connection = target.connection;
  await connection
    .admin()
    .createTable(
      { database: 'bench', name, schema: { columns: wideColumns() }, buckets: 1, ...(options.properties && { properties: options.properties }) },
      { createDatabase: true },
    );
  const table = await connection.getTable(`bench.${name}`);
  const before = await logBytes(target.dataDir);
  const writer = table.newAppendWriter({ acks });
  const rows = preparedRows();
  const started = performance.now();
  for (let i = 0; i < WORKLOAD.ingestRows; i++) await writer.append(rows[i % rows.length]!);
  await writer.flush();
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  results.add('ours', variant, `${metric}.rows_s`, WORKLOAD.ingestRows / seconds);
  results.add('ours', variant, `${metric}.mb_s`, (WORKLOAD.ingestRows * ROW_BYTES) / seconds / 1e6);
  // All replicas' log files under the data dir: about replication factor × one copy.
  if (metric === 'ingest') results.add('ours', variant, 'ingest.stored_bytes_row', ((await logBytes(target.dataDir)) - before) / WORKLOAD.ingestRows);
}

/** Produce→consume latency at WORKLOAD.latencyRate rows/s on a new 1-bucket table `name` (linger 0). */
export async function produceConsumeLatency(
  results: Results,
  target: OursTarget,
  name: string,
  metric: 'latency' | 'latency_fsync',
  options: WriteOptions = {},
): Promise<void> {
  const { variant = 'ours', acks = -1 } = options;
  const connection = target.connection;
  await connection.admin().createTable(
    {
      database: 'bench',
      name,
      schema: {
        columns: [
          { name: 'sent_at', type: 'DOUBLE', nullable: false },
          { name: 'payload', type: 'STRING' },
        ],
      },
      buckets: 1,
      ...(options.properties && { properties: options.properties }),
    },
    { createDatabase: true },
  );
  const table = await connection.getTable(`bench.${name}`);
  const scanner = table.newLogScanner();
  await scanner.subscribeAll('earliest');
  const writer = table.newAppendWriter({ lingerMs: 0, acks });
  const seconds = WORKLOAD.latencySeconds + WORKLOAD.latencyWarmupSeconds;
  const total = WORKLOAD.latencyRate * seconds;
  const latencies: number[] = [];
  const started = performance.now();
  const measureFrom = started + WORKLOAD.latencyWarmupSeconds * 1000; // rows sent earlier are not sampled
  const consume = (async () => {
    const deadline = performance.now() + (seconds + 30) * 1000;
    let seen = 0;
    while (seen < total && performance.now() < deadline) {
      for (const record of await scanner.poll(200)) {
        const sent = Number(record.row['sent_at']);
        seen++;
        if (sent >= measureFrom) latencies.push(performance.now() - sent);
      }
    }
  })();
  const payload = 'x'.repeat(WORKLOAD.latencyPayloadChars);
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / WORKLOAD.latencyRate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    await writer.append({ sent_at: performance.now(), payload });
  }
  await writer.flush();
  await consume;
  await writer.close();
  await scanner.close();
  if (latencies.length < 0.95 * WORKLOAD.latencyRate * WORKLOAD.latencySeconds) results.note(`${variant} ${metric}: only ${latencies.length} samples`);
  latencies.sort((a, b) => a - b);
  results.add('ours', variant, `${metric}.p50`, percentile(latencies, 0.5));
  results.add('ours', variant, `${metric}.p99`, percentile(latencies, 0.99));
}

/** WORKLOAD.pkRows upserts of wide rows (key id) into a new 1-bucket table, then batched point lookups. */
export async function upsertsAndLookups(results: Results, target: OursTarget, name: string, rep: number, options: WriteOptions = {}): Promise<void> {
  const { variant = 'ours', acks = -1 } = options;
  const connection = target.connection;
  await connection.admin().createTable(
    {
      database: 'bench',
      name,
      schema: { columns: wideColumns() },
      primaryKey: ['id'],
      buckets: 1,
      ...(options.properties && { properties: options.properties }),
    },
    { createDatabase: true },
  );
  const table = await connection.getTable(`bench.${name}`);
  const rows = Array.from({ length: WORKLOAD.pkRows }, (_, n) => wideRow(n));
  const writer = table.newUpsertWriter({ acks });
  const started = performance.now();
  for (const row of rows) await writer.upsert(row);
  await writer.flush();
  results.add('ours', variant, 'pk_upsert.rows_s', WORKLOAD.pkRows / ((performance.now() - started) / 1000));
  await writer.close();

  const lookuper = table.newLookuper();
  await lookuper.lookup({ id: 0n }); // warm-up, as in FlussBench
  const keys = lookupKeys(WORKLOAD.pkRows, WORKLOAD.lookupBatches * WORKLOAD.lookupBatch, 42 + rep);
  const latencies: number[] = [];
  let found = 0;
  const lookupsStarted = performance.now();
  for (let b = 0; b < WORKLOAD.lookupBatches; b++) {
    const t0 = performance.now();
    const batch = keys.slice(b * WORKLOAD.lookupBatch, (b + 1) * WORKLOAD.lookupBatch);
    const answers = await Promise.all(batch.map((k) => lookuper.lookup({ id: BigInt(k) })));
    latencies.push(performance.now() - t0);
    for (const a of answers) if (a !== undefined) found++;
  }
  const seconds = (performance.now() - lookupsStarted) / 1000;
  if (found !== keys.length) results.note(`${variant} lookups: ${found} of ${keys.length} keys found`);
  latencies.sort((a, b) => a - b);
  results.add('ours', variant, 'pk_lookup.keys_s', keys.length / seconds);
  results.add('ours', variant, 'pk_lookup.p99', percentile(latencies, 0.99));
}

class LocalCluster implements OursTarget {
  readonly name: string;
  readonly dataDir: string;
  readonly #config: string[];
  readonly #env: Record<string, string>;
  #process: FlussProcess | undefined;
  connection!: FlussConnection;

  constructor(name: string, dataDir: string, config: string[], env: Record<string, string>) {
    this.name = name;
    this.dataDir = dataDir;
    this.#config = config;
    this.#env = env;
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const port = await freePort();
    this.#process = spawnFluss(
      ['local', '--port', String(port), '--data-dir', this.dataDir, '--tablet-servers', '1', ...this.#config.flatMap((c) => ['--config', c])],
      { env: this.#env },
    );
    await this.#process.waitForOutput(/ready at/, 60_000);
    this.connection = await FlussConnection.connect({ bootstrap: `127.0.0.1:${port}` });
  }

  async stop(): Promise<void> {
    this.connection?.close();
    if (this.#process) {
      this.#process.kill('SIGTERM');
      await this.#process.exited;
    }
  }
}

export class Ours {
  readonly pagecache: LocalCluster;
  readonly durable: LocalCluster;

  /** serverEnv: extra environment of the `fluss local` processes (profile.ts passes NODE_OPTIONS=--cpu-prof). */
  constructor(dataDir: string, serverEnv: Record<string, string> = {}) {
    this.pagecache = new LocalCluster('pagecache', join(dataDir, 'ours-pagecache'), ['log.flush.fsync=false'], serverEnv);
    this.durable = new LocalCluster('durable', join(dataDir, 'ours-durable'), [], serverEnv);
  }

  async start(which: 'both' | 'pagecache' = 'both'): Promise<void> {
    await Promise.all(which === 'both' ? [this.pagecache.start(), this.durable.start()] : [this.pagecache.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.pagecache.stop(), this.durable.stop()]);
  }

  ingest(results: Results, target: OursTarget, name: string, metric: 'ingest' | 'ingest_fsync', options: WriteOptions = {}): Promise<void> {
    return ingestWide(results, target, name, metric, options);
  }

  async read(results: Results, name: string, projected: boolean): Promise<void> {
    const table = await this.pagecache.connection.getTable(`bench.${name}`);
    const columns = projected ? PROJECTED_COLUMNS.map((i) => wideColumns()[i]!.name) : undefined;
    const lastColumn = columns ? columns.at(-1)! : `s${WIDE_STRING_COLUMNS - 1}`;
    const scanner = table.newLogScanner(columns ? { columns } : {});
    await scanner.subscribeAll('earliest');
    const metadata = await this.pagecache.connection.admin().clusterMetadata([`bench.${name}`]);
    const leader = metadata.tabletServers.find((s) => s.id === metadata.tables[0]!.buckets[0]!.leader)!;
    const wire0 = serverSentBytes(leader.port);
    const started = performance.now();
    let rows = 0;
    let check = 0;
    while (rows < WORKLOAD.ingestRows) {
      for (const record of await scanner.poll(1_000)) {
        check += (record.row[lastColumn] as string).length; // touch the data like a consumer would
        rows++;
      }
      if (performance.now() - started > 300_000) throw new Error(`read timed out at ${rows} rows`);
    }
    const seconds = (performance.now() - started) / 1000;
    const wire = serverSentBytes(leader.port) - wire0;
    await scanner.close();
    if (check === 0) throw new Error('read no data');
    const w = projected ? 'read_proj' : 'read_full';
    results.add('ours', 'ours', `${w}.rows_s`, rows / seconds);
    if (!projected) results.add('ours', 'ours', 'read_full.mb_s', (rows * ROW_BYTES) / seconds / 1e6);
    results.add('ours', 'ours', `${w}.wire_mb_s`, wire / seconds / 1e6);
    results.add('ours', 'ours', `${w}.wire_b_row`, wire / rows);
  }

  latency(results: Results, target: OursTarget, name: string, metric: 'latency' | 'latency_fsync', options: WriteOptions = {}): Promise<void> {
    return produceConsumeLatency(results, target, name, metric, options);
  }

  pk(results: Results, name: string, rep: number): Promise<void> {
    return upsertsAndLookups(results, this.pagecache, name, rep);
  }

  /** One repetition of every workload. */
  async workloads(results: Results, rep: number): Promise<void> {
    await this.ingest(results, this.pagecache, `wide_${rep}`, 'ingest');
    await this.ingest(results, this.durable, `wide_fsync_${rep}`, 'ingest_fsync');
    await this.read(results, `wide_${rep}`, false);
    await this.read(results, `wide_${rep}`, true);
    await this.latency(results, this.pagecache, `latency_${rep}`, 'latency');
    await this.latency(results, this.durable, `latency_fsync_${rep}`, 'latency_fsync');
    await this.pk(results, `wide_pk_${rep}`, rep);
  }
}
