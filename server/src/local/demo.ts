import { FlussConnection, type TableDescriptor } from '../client/index.ts';

/** The demo table of `fluss local --demo`: click events bucketed by user. */
export const DEMO_TABLE: TableDescriptor = {
  database: 'demo',
  name: 'clicks',
  schema: {
    columns: [
      { name: 'user_id', type: 'BIGINT', nullable: false },
      { name: 'url', type: 'STRING' },
      { name: 'referrer', type: 'STRING' },
      { name: 'duration_ms', type: 'INT' },
      { name: 'amount', type: 'DECIMAL(10,2)' },
      { name: 'ts', type: 'TIMESTAMP_LTZ(3)', nullable: false },
    ],
  },
  bucketKey: ['user_id'],
  buckets: 3,
  comment: 'demo click stream of fluss local --demo',
};

const PAGES = ['/', '/search', '/product/42', '/product/7', '/cart', '/checkout'];

export interface DemoOptions {
  bootstrap: string;
  /** Rows appended per second. */
  rowsPerSecond: number;
  /** Where status lines go (one per second). */
  print: (line: string) => void;
  signal: AbortSignal;
}

/**
 * Streams the demo table: a writer appends generated clicks at a steady rate while a scanner
 * tails the table from the latest offsets, and a status line per second shows both sides and
 * the produce→consume latency of the last row read.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const connection = await FlussConnection.connect({ bootstrap: options.bootstrap });
  try {
    await connection.admin().createTable(DEMO_TABLE, { ignoreIfExists: true, createDatabase: true });
    const table = await connection.getTable('demo.clicks');
    const writer = table.newAppendWriter({ lingerMs: 20 });
    const scanner = table.newLogScanner();
    await scanner.subscribeAll('latest');
    options.print(`Streaming demo.clicks at ${options.rowsPerSecond} rows/s (consume it too: npx fluss consume demo.clicks --follow)`);

    let produced = 0;
    let consumed = 0;
    let lastLatencyMs = 0;
    let lastRow: Record<string, unknown> | undefined;
    const produce = async (): Promise<void> => {
      const perTick = Math.max(1, Math.round(options.rowsPerSecond / 10));
      while (!options.signal.aborted) {
        const tickStart = Date.now();
        for (let i = 0; i < perTick; i++) {
          await writer.append({
            user_id: produced % 1000,
            url: PAGES[produced % PAGES.length],
            referrer: produced % 3 === 0 ? null : 'https://example.com/',
            duration_ms: (produced * 37) % 5000,
            amount: ((produced % 10000) / 100).toFixed(2),
            ts: Date.now(),
          });
          produced++;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tickStart))));
      }
      await writer.close();
    };
    const consume = async (): Promise<void> => {
      while (!options.signal.aborted) {
        const records = await scanner.poll(500);
        consumed += records.length;
        const last = records.at(-1);
        if (last) {
          lastRow = last.row;
          lastLatencyMs = Date.now() - Date.parse(String(last.row['ts']));
        }
      }
      await scanner.close();
    };
    const status = setInterval(() => {
      const sample = lastRow ? ` last=${JSON.stringify(lastRow, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}` : '';
      options.print(`produced=${produced} consumed=${consumed} latency=${lastLatencyMs}ms${sample}`);
    }, 1_000);
    try {
      await Promise.all([produce(), consume()]);
    } finally {
      clearInterval(status);
    }
  } finally {
    connection.close();
  }
}
