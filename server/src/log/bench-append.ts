/**
 * Append throughput of LogTablet with ~1 MiB payloads. Not a test: run by hand with Node 24,
 *   PATH=$PWD/node_modules/.bin:$PATH node server/src/log/bench-append.ts [totalMiB]
 * and read the MB/s it prints. This file is a composition root, so it may use the system clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LOG_CONFIG, LogTablet, type LogConfig } from './index.ts';
import { systemTimers } from '../common/timers.ts';

const PAYLOAD_BYTES = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? 1024);

interface Scenario {
  name: string;
  config: Partial<LogConfig>;
  durable: boolean;
  concurrency: number;
}

const scenarios: Scenario[] = [
  { name: 'no fsync, sequential appends', config: { fsync: false }, durable: false, concurrency: 1 },
  { name: 'fsync, durable, 1 in flight', config: { fsync: true }, durable: true, concurrency: 1 },
  { name: 'fsync, durable, 8 in flight (group commit)', config: { fsync: true }, durable: true, concurrency: 8 },
];

async function run(scenario: Scenario): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fluss-log-bench-'));
  const log = await LogTablet.open(dir, { ...DEFAULT_LOG_CONFIG, segmentBytes: 256 * 1024 * 1024, ...scenario.config }, systemTimers);
  const payload = new Uint8Array(PAYLOAD_BYTES).map((_, i) => (i * 31) & 0xff);
  const appends = Math.ceil((totalMiB * 1024 * 1024) / PAYLOAD_BYTES);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < appends) {
      next++;
      await log.append({ payload, recordCount: 1000, schemaId: 1, writerId: -1, batchSequence: -1 }, { durable: scenario.durable });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const readStarted = performance.now();
  let readBytes = 0;
  for (let offset = 0; offset < log.logEndOffset; ) {
    const { batches } = await log.read(offset, 16 * 1024 * 1024);
    for (const batch of batches) readBytes += batch.payload.byteLength;
    const last = batches.at(-1)!;
    offset = last.baseOffset + last.recordCount;
  }
  const readSeconds = (performance.now() - readStarted) / 1000;
  await log.close();
  await rm(dir, { recursive: true, force: true });
  const mb = (appends * PAYLOAD_BYTES) / 1e6;
  console.log(
    `${scenario.name}: ${appends} x 1 MiB in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(0)} MB/s append; ` +
      `read back (CRC-checked) ${(readBytes / 1e6 / readSeconds).toFixed(0)} MB/s`,
  );
}

for (const scenario of scenarios) await run(scenario);
