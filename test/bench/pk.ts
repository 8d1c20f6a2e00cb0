// Primary-key table benchmark (part of `npm run bench`): upserts (inserts, then updates that
// merge with stored rows), point lookups batched and one at a time, and prefix lookups.
import type { FlussConnection, TableDescriptor } from '../../server/src/client/index.ts';
import { percentile } from './stats.ts';

const PK_ROWS = Number(process.env['BENCH_PK_ROWS'] ?? 200_000);
const SHOPS = 2_000; // PK_ROWS / SHOPS rows per bucket-key value
const LOOKUP_BATCH = 500;
const BATCHED_KEYS = 100_000;
const SINGLE_KEYS = 5_000;

const KV_TABLE: TableDescriptor = {
  database: 'bench',
  name: 'kv',
  schema: {
    columns: [
      { name: 'shop', type: 'STRING', nullable: false },
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'item', type: 'STRING' },
      { name: 'qty', type: 'INT' },
      { name: 'price', type: 'DOUBLE' },
      { name: 'note', type: 'STRING' },
    ],
  },
  primaryKey: ['shop', 'id'],
  bucketKey: ['shop'],
  buckets: 1,
};

type Report = (name: string, value: number, unit: string) => void;

const NOTE = 'n'.repeat(60);
function rowOf(id: number, version: number): Record<string, unknown> {
  return { shop: `shop-${id % SHOPS}`, id, item: `item-${id}-${version}`, qty: version, price: id * 0.01, note: NOTE };
}

/** A fixed-seed sequence of keys, so runs compare. */
function keyAt(i: number): { shop: string; id: number } {
  const id = (i * 2_654_435_761) % PK_ROWS;
  return { shop: `shop-${id % SHOPS}`, id };
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

export async function pkBenchmarks(connection: FlussConnection, report: Report): Promise<void> {
  await connection.admin().createTable(KV_TABLE, { createDatabase: true });
  const table = await connection.getTable('bench.kv');

  for (const [pass, label] of [
    [0, 'insert'],
    [1, 'update'],
  ] as const) {
    const writer = table.newUpsertWriter();
    const seconds = await timed(async () => {
      for (let id = 0; id < PK_ROWS; id++) await writer.upsert(rowOf(id, pass));
      await writer.flush();
    });
    await writer.close();
    report(`pk upsert rows/s (${label}, 6 cols, ~110 B rows)`, PK_ROWS / seconds, 'rows/s');
  }

  const lookuper = table.newLookuper();
  const batchMs: number[] = [];
  const batchedSeconds = await timed(async () => {
    for (let at = 0; at < BATCHED_KEYS; at += LOOKUP_BATCH) {
      const keys = Array.from({ length: LOOKUP_BATCH }, (_, i) => keyAt(at + i));
      const started = performance.now();
      const rows = await lookuper.lookupAll(keys);
      batchMs.push(performance.now() - started);
      if (rows.some((row) => row === undefined)) throw new Error('a benchmark key was not found');
    }
  });
  batchMs.sort((a, b) => a - b);
  report(`pk lookup keys/s (batches of ${LOOKUP_BATCH})`, BATCHED_KEYS / batchedSeconds, 'keys/s');
  report(`pk lookup batch latency p50 (${LOOKUP_BATCH} keys)`, percentile(batchMs, 0.5), 'ms');
  report(`pk lookup batch latency p99 (${LOOKUP_BATCH} keys)`, percentile(batchMs, 0.99), 'ms');

  const singleMs: number[] = [];
  const singleSeconds = await timed(async () => {
    for (let i = 0; i < SINGLE_KEYS; i++) {
      const started = performance.now();
      if ((await lookuper.lookup(keyAt(i))) === undefined) throw new Error('a benchmark key was not found');
      singleMs.push(performance.now() - started);
    }
  });
  singleMs.sort((a, b) => a - b);
  report('pk lookup keys/s (one at a time)', SINGLE_KEYS / singleSeconds, 'keys/s');
  report('pk lookup latency p50 (one at a time)', percentile(singleMs, 0.5), 'ms');
  report('pk lookup latency p99 (one at a time)', percentile(singleMs, 0.99), 'ms');

  const prefixLookuper = table.newPrefixLookuper();
  const prefixMs: number[] = [];
  let prefixRows = 0;
  const prefixSeconds = await timed(async () => {
    for (let shop = 0; shop < SHOPS; shop++) {
      const started = performance.now();
      prefixRows += (await prefixLookuper.lookup({ shop: `shop-${shop}` })).length;
      prefixMs.push(performance.now() - started);
    }
  });
  if (prefixRows !== PK_ROWS) throw new Error(`prefix lookups found ${prefixRows} rows, expected ${PK_ROWS}`);
  prefixMs.sort((a, b) => a - b);
  report(`pk prefix lookup rows/s (${PK_ROWS / SHOPS} rows per prefix, one at a time)`, prefixRows / prefixSeconds, 'rows/s');
  report('pk prefix lookup latency p50', percentile(prefixMs, 0.5), 'ms');
  report('pk prefix lookup latency p99', percentile(prefixMs, 0.99), 'ms');
}
