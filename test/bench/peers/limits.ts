// The machine's limits, measured in the same run: loopback TCP bandwidth (iperf3, one stream) and
// sequential write bandwidth of the disk the logs live on (dd, 1 MiB blocks, fdatasync at the end).
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { freePort } from '../../support/ports.ts';
import { run, startServer, waitForPort } from './procs.ts';
import type { Results } from './results.ts';

export async function measureLimits(results: Results, dataDir: string): Promise<void> {
  try {
    const port = await freePort();
    const server = startServer('iperf3', 'iperf3', ['-s', '-B', '127.0.0.1', '-p', String(port)], join(dataDir, 'iperf3.log'));
    try {
      await waitForPort(port, server, 10_000);
      const out = await run('iperf3', ['-c', '127.0.0.1', '-p', String(port), '-t', '3', '-J']);
      const json = JSON.parse(out) as { end: { sum_received: { bits_per_second: number } } };
      results.add('machine', 'machine', 'limit.loopback_mb_s', json.end.sum_received.bits_per_second / 8 / 1e6);
    } finally {
      await server.stop();
    }
  } catch (error) {
    results.note(`loopback limit not measured: ${(error as Error).message.split('\n')[0]}`);
  }
  const file = join(dataDir, 'dd.bin');
  try {
    const started = performance.now();
    await run('dd', ['if=/dev/zero', `of=${file}`, 'bs=1M', 'count=1024', 'conv=fdatasync']);
    results.add('machine', 'machine', 'limit.disk_mb_s', (1024 * 1024 * 1024) / ((performance.now() - started) / 1000) / 1e6);
  } catch (error) {
    results.note(`disk limit not measured: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(file, { force: true });
  }
}
