// Samples of every system and workload, reduced to median and spread, printed as a table of
// ratios against this project ("ours") and as fractions of the machine's limits.

export type System = 'ours' | 'kafka' | 'fluss' | 'redis' | 'machine';

export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  /** true when more is better (throughput); false for latencies and bytes. */
  higherIsBetter: boolean;
  /** The machine limit this metric is a fraction of, if any. */
  limit?: 'disk' | 'loopback';
}

export const METRICS: MetricDef[] = [
  { key: 'ingest.rows_s', label: 'ingest rows/s (page cache, no fsync)', unit: 'rows/s', higherIsBetter: true },
  { key: 'ingest.mb_s', label: 'ingest MB/s (page cache, no fsync)', unit: 'MB/s', higherIsBetter: true, limit: 'disk' },
  { key: 'ingest.stored_bytes_row', label: 'ingest: log bytes stored per row', unit: 'B/row', higherIsBetter: false },
  { key: 'ingest_fsync.rows_s', label: 'ingest rows/s (fsync before ack)', unit: 'rows/s', higherIsBetter: true },
  { key: 'ingest_fsync.mb_s', label: 'ingest MB/s (fsync before ack)', unit: 'MB/s', higherIsBetter: true, limit: 'disk' },
  { key: 'read_full.rows_s', label: 'full read rows/s', unit: 'rows/s', higherIsBetter: true },
  { key: 'read_full.mb_s', label: 'full read MB/s (row bytes)', unit: 'MB/s', higherIsBetter: true },
  { key: 'read_full.wire_mb_s', label: 'full read wire MB/s', unit: 'MB/s', higherIsBetter: true, limit: 'loopback' },
  { key: 'read_full.wire_b_row', label: 'full read wire bytes/row', unit: 'B/row', higherIsBetter: false },
  { key: 'read_proj.rows_s', label: '2-of-20 read rows/s', unit: 'rows/s', higherIsBetter: true },
  { key: 'read_proj.wire_mb_s', label: '2-of-20 read wire MB/s', unit: 'MB/s', higherIsBetter: true, limit: 'loopback' },
  { key: 'read_proj.wire_b_row', label: '2-of-20 read wire bytes/row', unit: 'B/row', higherIsBetter: false },
  { key: 'latency.p50', label: 'produce→consume p50', unit: 'ms', higherIsBetter: false },
  { key: 'latency.p99', label: 'produce→consume p99', unit: 'ms', higherIsBetter: false },
  { key: 'latency_fsync.p50', label: 'produce→consume p50 (fsync before ack)', unit: 'ms', higherIsBetter: false },
  { key: 'latency_fsync.p99', label: 'produce→consume p99 (fsync before ack)', unit: 'ms', higherIsBetter: false },
  { key: 'pk_upsert.rows_s', label: 'PK upsert rows/s', unit: 'rows/s', higherIsBetter: true },
  { key: 'pk_lookup.keys_s', label: 'batched point lookups keys/s', unit: 'keys/s', higherIsBetter: true },
  { key: 'pk_lookup.p99', label: 'lookup batch p99', unit: 'ms', higherIsBetter: false },
  { key: 'failover.ms', label: 'leader kill → first write acknowledged again', unit: 'ms', higherIsBetter: false },
  { key: 'failover_lookup.ms', label: 'leader kill → first lookup answered again', unit: 'ms', higherIsBetter: false },
  { key: 'restart_ready.ms', label: 'killed server restarted → ready (its replicas open)', unit: 'ms', higherIsBetter: false },
  { key: 'rejoin.ms', label: 'killed server restarted → back in the ISR', unit: 'ms', higherIsBetter: false },
  { key: 'limit.loopback_mb_s', label: 'machine: loopback TCP', unit: 'MB/s', higherIsBetter: true },
  { key: 'limit.disk_mb_s', label: 'machine: sequential write + fdatasync', unit: 'MB/s', higherIsBetter: true },
];

/** A peer's variant of a system, e.g. "kafka" and "kafka (1 MiB batches)". */
export interface Sample {
  system: System;
  variant: string;
  metric: string;
  value: number;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  return { median: median(sorted), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN, n: sorted.length };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A ratio column: `a` against `b` (> 1: `a` ahead, whichever way the metric points). */
export interface Comparison {
  label: string;
  a: string;
  b: string;
}

export class Results {
  readonly samples: Sample[] = [];
  readonly notes: string[] = [];
  /** Where the machine limits are when this scenario's results do not hold them (the run's main results). */
  readonly #limitsFrom: Results | undefined;

  constructor(limitsFrom?: Results) {
    this.#limitsFrom = limitsFrom;
  }

  add(system: System, variant: string, metric: string, value: number): void {
    if (!METRICS.some((m) => m.key === metric)) throw new Error(`unknown metric ${metric}`);
    this.samples.push({ system, variant, metric, value });
    console.log(`  ${variant.padEnd(34)} ${metric.padEnd(24)} ${fmt(value)}`);
  }

  note(text: string): void {
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  /** Variants in first-seen order. */
  variants(): string[] {
    return [...new Set(this.samples.filter((s) => s.system !== 'machine').map((s) => s.variant))];
  }

  summary(variant: string, metric: string): Summary | undefined {
    const values = this.samples.filter((s) => s.variant === variant && s.metric === metric).map((s) => s.value);
    return values.length === 0 ? undefined : summarize(values);
  }

  limit(kind: 'disk' | 'loopback'): number | undefined {
    return this.summary('machine', kind === 'disk' ? 'limit.disk_mb_s' : 'limit.loopback_mb_s')?.median ?? this.#limitsFrom?.limit(kind);
  }

  /**
   * Markdown: one row per metric; per variant "median (min–max)"; then ours ÷ each peer variant
   * (a ratio > 1 means ours is ahead, whichever way the metric points), then fractions of limits.
   */
  table(oursVariant: string): string {
    const variants = this.variants();
    const peers = variants.filter((v) => v !== oursVariant && !v.startsWith('ours'));
    return this.tableOf(
      variants,
      peers.map((p) => ({ label: `ours vs ${p}`, a: oursVariant, b: p })),
    );
  }

  /** Markdown: one row per metric, a column per variant, then one ratio column per comparison. */
  tableOf(variants: readonly string[], comparisons: readonly Comparison[]): string {
    const header = ['metric', ...variants, ...comparisons.map((c) => c.label)];
    const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
    for (const m of METRICS) {
      if (m.key.startsWith('limit.')) continue;
      const cells = variants.map((v) => cell(this.summary(v, m.key), m, this));
      if (cells.every((c) => c === '–')) continue;
      const ratios = comparisons.map((c) => ratio(this.summary(c.a, m.key), this.summary(c.b, m.key), m));
      lines.push(`| ${m.label} (${m.unit}) | ${[...cells, ...ratios].join(' | ')} |`);
    }
    return lines.join('\n');
  }

  limitsTable(): string {
    const rows = METRICS.filter((m) => m.key.startsWith('limit.')).map((m) => {
      const s = this.summary('machine', m.key);
      return `| ${m.label} | ${s ? spread(s) : '–'} ${m.unit} |`;
    });
    return ['| limit | median (min–max) |', '|---|---|', ...rows].join('\n');
  }
}

function cell(s: Summary | undefined, m: MetricDef, results: Results): string {
  if (!s) return '–';
  const limit = m.limit ? results.limit(m.limit) : undefined;
  const fraction = limit ? ` [${((s.median / limit) * 100).toFixed(0)}%]` : '';
  return `${spread(s)}${fraction}`;
}

function spread(s: Summary): string {
  return s.n > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}

function ratio(ours: Summary | undefined, peer: Summary | undefined, m: MetricDef): string {
  if (!ours || !peer || !(peer.median > 0) || !(ours.median > 0)) return '–';
  const r = m.higherIsBetter ? ours.median / peer.median : peer.median / ours.median;
  return `${r.toFixed(2)}×`;
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100_000) return `${(value / 1000).toFixed(0)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
