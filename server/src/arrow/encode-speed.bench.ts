// RowBatchEncoder throughput for the ≈1 KB reference row (2 BIGINT, 1 INT, 17 × 60-char STRING),
// 8192 rows per batch, rows in, IPC bytes out. Not a test: run it and read the numbers.
//   PATH=$PWD/node_modules/.bin:$PATH node server/src/arrow/encode-speed.bench.ts
import { RowBatchEncoder } from './row-encoder.ts';
import { wideColumns, wideRows } from './sample-rows.ts';

const ROWS_PER_BATCH = 8192;
const BATCHES = 60;
const WARMUP_BATCHES = 10;

const rows = wideRows(ROWS_PER_BATCH);
const encoder = new RowBatchEncoder(wideColumns());

function encodeBatches(count: number): number {
  let bytes = 0;
  for (let b = 0; b < count; b++) {
    for (const row of rows) encoder.append(row);
    bytes += encoder.finish().byteLength;
  }
  return bytes;
}

encodeBatches(WARMUP_BATCHES);
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const bytes = encodeBatches(BATCHES);
const cpu = process.cpuUsage(cpuStart);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rowCount = BATCHES * ROWS_PER_BATCH;

const rate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');
console.log(
  `RowBatchEncoder, ${ROWS_PER_BATCH} rows/batch, ${(bytes / rowCount).toFixed(0)} B/row of IPC:\n` +
    `  wall clock: ${rate(rowCount / seconds)} rows/s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s\n` +
    // On a shared machine the wall clock mostly measures the neighbours; CPU time is steadier.
    `  per CPU second: ${rate(rowCount / cpuSeconds)} rows/s, ${(bytes / 1e6 / cpuSeconds).toFixed(0)} MB/s`,
);
