// Redis (Debian's redis-server) on loopback as the lookup peer: the same 20-column rows stored as
// JSON values under their key, written with pipelined SET, read with pipelined GET in batches of the
// same size and key sequence as the Fluss lookups. A minimal RESP client over node:net, so Redis is
// read by a Node client like ours (no persistence: --save "" --appendonly no, i.e. memory only).
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../support/ports.ts';
import { startServer, waitForPort, type Server } from './procs.ts';
import type { Results } from './results.ts';
import { WORKLOAD, lookupKeys, wideValues } from './workload.ts';
import { percentile } from '../stats.ts';

export const REDIS_SETTINGS = 'redis-server --save "" --appendonly no (memory only; no durability)';

/** Pipelined RESP commands; replies are counted and checked for errors, bulk values are measured. */
class RespPipe {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { count: number; values: number; resolve: (bytes: number) => void; reject: (e: Error) => void } | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#parse();
    });
  }

  static async connect(port: number): Promise<RespPipe> {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RespPipe(socket);
  }

  /** Sends the commands at once; resolves with the total bytes of bulk replies once all replies arrived. */
  send(commands: string[][]): Promise<number> {
    const parts: string[] = [];
    for (const args of commands) {
      parts.push(`*${args.length}\r\n`);
      for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    }
    return new Promise((resolve, reject) => {
      this.#waiting = { count: commands.length, values: 0, resolve, reject };
      this.#socket.write(parts.join(''));
    });
  }

  #parse(): void {
    const w = this.#waiting;
    if (!w) return;
    let pos = 0;
    const buf = this.#buffer;
    while (w.count > 0) {
      const eol = buf.indexOf('\r\n', pos);
      if (eol < 0) break;
      const type = buf[pos];
      if (type === 0x24 /* $ */) {
        const len = Number(buf.toString('latin1', pos + 1, eol));
        const end = len < 0 ? eol + 2 : eol + 2 + len + 2;
        if (end > buf.length) break;
        if (len > 0) w.values += len;
        pos = end;
      } else if (type === 0x2d /* - */) {
        w.reject(new Error(`redis: ${buf.toString('utf8', pos + 1, eol)}`));
        this.#waiting = undefined;
        return;
      } else {
        pos = eol + 2; // +OK, :n
      }
      w.count--;
    }
    this.#buffer = buf.subarray(pos);
    if (w.count === 0) {
      this.#waiting = undefined;
      w.resolve(w.values);
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

function rowJson(n: number): string {
  const v = wideValues(n);
  const row: Record<string, unknown> = { id: n, ts: v.ts, qty: v.qty };
  v.strings.forEach((s, i) => (row[`s${i}`] = s));
  return JSON.stringify(row);
}

export async function startRedis(dataDir: string): Promise<{ server: Server; port: number }> {
  const port = await freePort();
  const server = startServer(
    'redis',
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dataDir],
    join(dataDir, 'redis.log'),
  );
  await waitForPort(port, server, 20_000);
  return { server, port };
}

/** Loads pkRows values once (pipelined SET), then runs the lookup batches. */
export async function redisWorkloads(results: Results, port: number, rep: number): Promise<void> {
  const pipe = await RespPipe.connect(port);
  try {
    await pipe.send([['FLUSHALL']]);
    const started = performance.now();
    for (let base = 0; base < WORKLOAD.pkRows; base += 1000) {
      const commands: string[][] = [];
      for (let n = base; n < Math.min(WORKLOAD.pkRows, base + 1000); n++) commands.push(['SET', `k${n}`, rowJson(n)]);
      await pipe.send(commands);
    }
    results.add('redis', 'redis', 'pk_upsert.rows_s', WORKLOAD.pkRows / ((performance.now() - started) / 1000));

    const keys = lookupKeys(WORKLOAD.pkRows, WORKLOAD.lookupBatches * WORKLOAD.lookupBatch, 42 + rep);
    const latencies: number[] = [];
    const lookupsStarted = performance.now();
    for (let b = 0; b < WORKLOAD.lookupBatches; b++) {
      const batch = keys.slice(b * WORKLOAD.lookupBatch, (b + 1) * WORKLOAD.lookupBatch).map((k) => ['GET', `k${k}`]);
      const t0 = performance.now();
      const bytes = await pipe.send(batch);
      latencies.push(performance.now() - t0);
      if (bytes < batch.length * 1000) throw new Error(`redis GET returned ${bytes} bytes for ${batch.length} keys`);
    }
    const seconds = (performance.now() - lookupsStarted) / 1000;
    latencies.sort((a, b) => a - b);
    results.add('redis', 'redis', 'pk_lookup.keys_s', keys.length / seconds);
    results.add('redis', 'redis', 'pk_lookup.p99', percentile(latencies, 0.99));
  } finally {
    pipe.close();
  }
}
