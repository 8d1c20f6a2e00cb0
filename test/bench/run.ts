// `npm run bench`: throughput and latency of log tables, end to end through the TypeScript client
// against a local cluster running in its own process (`fluss local`, one tablet server), so client
// and server each get a core. Prints a table and writes .test-results/bench.json; the figures in
// docs/benchmarks.md come from here. Not a test: nothing is asserted about speed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { FlussConnection, type TableDescriptor } from '../../server/src/client/index.ts';
import { call } from '../../server/src/rpc/client.ts';
import { wideRows } from '../../server/src/arrow/sample-rows.ts';
import { spawnFluss } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { tempDir } from '../support/temp-dir.ts';
import { tabletClient } from '../support/raw-clients.ts';
import { pkBenchmarks } from './pk.ts';
import { rebalanceBenchmarks } from './rebalance.ts';
import { remoteStorageBenchmarks } from './remote-storage.ts';
import { percentile } from './stats.ts';

const INGEST_ROWS = Number(process.env['BENCH_ROWS'] ?? 400_000);
const LATENCY_RATE = 2_000; // rows/s during the latency run
const LATENCY_SECONDS = 10;

const WIDE_TABLE: TableDescriptor = {
  database: 'bench',
  name: 'wide',
  schema: {
    columns: [
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'ts', type: 'BIGINT', nullable: false },
      { name: 'qty', type: 'INT' },
      ...Array.from({ length: 17 }, (_, i) => ({ name: `s${i}`, type: 'STRING' })),
    ],
  },
  buckets: 1,
};

interface Result {
  name: string;
  value: number;
  unit: string;
}
const results: Result[] = [];
function report(name: string, value: number, unit: string): void {
  results.push({ name, value, unit });
  console.log(`${name.padEnd(60)} ${value.toFixed(value < 10 ? 2 : 0).padStart(12)} ${unit}`);
}

async function ingest(connection: FlussConnection): Promise<{ rawBytes: number }> {
  await connection.admin().createTable(WIDE_TABLE, { createDatabase: true });
  const table = await connection.getTable('bench.wide');
  const rows = wideRows(8_192);
  const rowBytes = JSON.stringify(rows[0], (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)).length;
  const writer = table.newAppendWriter({ acks: -1 });
  const started = performance.now();
  for (let i = 0; i < INGEST_ROWS; i++) await writer.append(rows[i % rows.length]!);
  await writer.flush();
  const seconds = (performance.now() - started) / 1000;
  const arrowBytes = writer.counters.bytesAcked;
  await writer.close();
  report('ingest rows/s (20 cols, ~1 KB rows, acks=all)', INGEST_ROWS / seconds, 'rows/s');
  report('ingest MB/s (Arrow bytes appended)', arrowBytes / seconds / 1e6, 'MB/s');
  report('ingest MB/s (row bytes as JSON)', (INGEST_ROWS * rowBytes) / seconds / 1e6, 'MB/s');
  return { rawBytes: arrowBytes };
}

/** Reads the whole bucket with raw Fetch calls; returns bytes on the wire and the time taken. */
async function fetchAll(address: string, tableId: number, projectedColumnIds: number[]): Promise<{ bytes: number; seconds: number }> {
  const client = tabletClient(address);
  let offset = 0;
  let bytes = 0;
  const started = performance.now();
  for (;;) {
    const res = await call(client, client.Fetch, {
      buckets: [{ tableId, partitionId: -1, bucket: 0, fetchOffset: offset, maxBytes: 8 * 1024 * 1024 }],
      projectedColumnIds,
      maxBytes: 8 * 1024 * 1024,
    });
    const bucket = res.buckets[0]!;
    if (bucket.batches.length === 0) break;
    for (const batch of bucket.batches) {
      bytes += batch.arrowIpc.byteLength;
      offset = batch.baseOffset + batch.recordCount;
    }
  }
  client.close();
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

async function fetchBenchmarks(connection: FlussConnection): Promise<void> {
  const metadata = await connection.admin().clusterMetadata(['bench.wide']);
  const table = metadata.tables[0]!;
  const server = metadata.tabletServers.find((s) => s.id === table.buckets[0]!.leader)!;
  const address = `${server.host}:${server.port}`;
  const full = await fetchAll(address, table.table!.tableId, []);
  const projected = await fetchAll(address, table.table!.tableId, [3, 4]);
  report('fetch MB/s (full rows, wire bytes)', full.bytes / full.seconds / 1e6, 'MB/s');
  report('fetch rows/s (full rows)', INGEST_ROWS / full.seconds, 'rows/s');
  report('fetch MB/s (2 of 20 columns, wire bytes)', projected.bytes / projected.seconds / 1e6, 'MB/s');
  report('wire bytes: full fetch', full.bytes / 1e6, 'MB');
  report('wire bytes: 2-of-20 projection (2 string cols)', projected.bytes / 1e6, 'MB');
  report('projection / full bytes', projected.bytes / full.bytes, 'ratio');

  const tableHandle = await connection.getTable('bench.wide');
  const scanner = tableHandle.newLogScanner();
  await scanner.subscribeAll('earliest');
  const started = performance.now();
  let rows = 0;
  while (rows < INGEST_ROWS) rows += (await scanner.poll(1_000)).length;
  await scanner.close();
  report('scanner rows/s (fetch + decode to JS rows)', rows / ((performance.now() - started) / 1000), 'rows/s');
}

async function latency(connection: FlussConnection): Promise<void> {
  await connection.admin().createTable(
    {
      database: 'bench',
      name: 'latency',
      schema: {
        columns: [
          { name: 'sent_at', type: 'DOUBLE', nullable: false },
          { name: 'payload', type: 'STRING' },
        ],
      },
      buckets: 1,
    },
    { createDatabase: true },
  );
  const table = await connection.getTable('bench.latency');
  const scanner = table.newLogScanner();
  await scanner.subscribeAll('latest');
  const writer = table.newAppendWriter({ lingerMs: 0, acks: -1 });
  const latencies: number[] = [];
  let done = false;
  const consume = (async () => {
    while (!done) {
      for (const record of await scanner.poll(200)) {
        latencies.push(performance.timeOrigin + performance.now() - Number(record.row['sent_at']));
      }
    }
  })();
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    await writer.append({ sent_at: performance.timeOrigin + performance.now(), payload: 'x'.repeat(100) });
  }
  await writer.flush();
  await new Promise((r) => setTimeout(r, 1_000));
  done = true;
  await consume;
  await writer.close();
  await scanner.close();
  const sorted = latencies.sort((a, b) => a - b);
  report(`produce→consume latency p50 (${LATENCY_RATE} rows/s)`, percentile(sorted, 0.5), 'ms');
  report(`produce→consume latency p99 (${LATENCY_RATE} rows/s)`, percentile(sorted, 0.99), 'ms');
  report('latency samples', sorted.length, 'rows');
  report('load average (1 min) at the end', loadavg()[0]!, '');
}

function machine(): string {
  return `${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
}

/** The log and primary-key scenarios, against one `fluss local` process. */
async function clusterBenchmarks(only: string | undefined): Promise<void> {
  const dir = tempDir('bench');
  const port = await freePort();
  const cluster = spawnFluss(['local', '--port', String(port), '--data-dir', dir.path, '--tablet-servers', '1']);
  try {
    await cluster.waitForOutput(/ready at/);
    const connection = await FlussConnection.connect({ bootstrap: `127.0.0.1:${port}` });
    if (only !== 'pk') {
      await ingest(connection);
      await fetchBenchmarks(connection);
      await latency(connection);
    }
    if (only !== 'log') await pkBenchmarks(connection, report);
    connection.close();
  } finally {
    cluster.kill('SIGTERM');
    await cluster.exited;
    dir.remove();
  }
}

async function main(): Promise<void> {
  console.log(`fluss-ts benchmark — ${machine()}`);
  // BENCH_ONLY=log, pk, remote-storage or rebalance runs just that part.
  const only = process.env['BENCH_ONLY'];
  if (only !== undefined && !['log', 'pk', 'remote-storage', 'rebalance'].includes(only))
    throw new Error(`BENCH_ONLY=${only}: expected log, pk, remote-storage or rebalance`);
  if (only === undefined || only === 'log' || only === 'pk') await clusterBenchmarks(only);
  if (only === undefined || only === 'remote-storage') {
    report('load average (1 min) before remote storage', loadavg()[0]!, '');
    await remoteStorageBenchmarks(report);
    report('load average (1 min) after remote storage', loadavg()[0]!, '');
  }
  if (only === undefined || only === 'rebalance') {
    report('load average (1 min) before rebalance', loadavg()[0]!, '');
    await rebalanceBenchmarks(report);
    report('load average (1 min) after rebalance', loadavg()[0]!, '');
  }
  mkdirSync('.test-results', { recursive: true });
  writeFileSync('.test-results/bench.json', JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
}

await main();
