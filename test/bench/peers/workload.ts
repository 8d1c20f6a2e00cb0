// The workloads every system runs, in one place so the drivers (TypeScript, Java, Redis) stay alike.
// Sizes are environment-tunable; the defaults fit a 2-core machine in about 10 minutes.
import { positiveIntEnv } from '../env.ts';

/** Rows of the 20-column table: id BIGINT, ts BIGINT, qty INT, s0..s16 STRING of 60 characters. */
export const WIDE_STRING_COLUMNS = 17;
export const STRING_CHARS = 60;
/** Bytes of one row's values: 8 + 8 + 4 + 17 × 60. Kafka's ProducerPerformance records have this size. */
export const ROW_BYTES = 8 + 8 + 4 + WIDE_STRING_COLUMNS * STRING_CHARS;
/** The projected read: 2 of the 20 columns (s0, s1, i.e. column indexes 3 and 4). */
export const PROJECTED_COLUMNS = [3, 4] as const;

export const WORKLOAD = {
  /** Repetitions of every workload on every system (interleaved: rep 1 of all systems, then rep 2, ...). */
  reps: positiveIntEnv('BENCH_PEERS_REPS', 3),
  /** Rows appended per ingest run, then read back (full and projected). */
  ingestRows: positiveIntEnv('BENCH_PEERS_ROWS', 200_000),
  /** Producer batch for the "batched" variants: ours and Fluss batch 1–2 MB by default, Kafka 16 KB. */
  batchBytes: 1024 * 1024,
  /** Fixed rate of the produce→consume latency run (rows of 8-byte timestamp + 100 bytes). */
  latencyRate: positiveIntEnv('BENCH_PEERS_LATENCY_RATE', 2_000),
  latencySeconds: positiveIntEnv('BENCH_PEERS_LATENCY_SECONDS', 10),
  /** Rows sent in the first seconds are not sampled (JIT, connections, first fetches). */
  latencyWarmupSeconds: 2,
  latencyPayloadChars: 100,
  /** Rows upserted into the primary-key table (same 20-column rows, key id). */
  pkRows: positiveIntEnv('BENCH_PEERS_PK_ROWS', 100_000),
  /** Point lookups: this many batches of lookupBatch random existing keys, one batch in flight. */
  lookupBatches: positiveIntEnv('BENCH_PEERS_LOOKUP_BATCHES', 200),
  lookupBatch: positiveIntEnv('BENCH_PEERS_LOOKUP_BATCH', 256),
} as const;

/** A row of the wide table as plain values, identical across drivers (FlussBench.java builds the same). */
export function wideValues(n: number): { id: bigint; ts: number; qty: number; strings: string[] } {
  const strings: string[] = [];
  for (let i = 0; i < WIDE_STRING_COLUMNS; i++) strings.push(padded(`value-${i}-${n}-`));
  return { id: BigInt(n), ts: 1_700_000_000_000 + n, qty: n % 1000, strings };
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz';
function padded(prefix: string): string {
  let s = prefix;
  while (s.length < STRING_CHARS) s += FILLER;
  return s.slice(0, STRING_CHARS);
}

/** Deterministic pseudo-random key indexes in [0, n) for the lookup batches (same sequence everywhere). */
export function lookupKeys(n: number, count: number, seed = 42): number[] {
  const keys: number[] = [];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    keys.push(x % n);
  }
  return keys;
}
