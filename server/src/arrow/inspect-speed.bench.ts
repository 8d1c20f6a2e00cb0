// What the server's inspection of produced batches costs, with and without the value checks, for
// the ≈1 KB reference row (2 BIGINT, 1 INT, 17 × 60-char STRING), 8192 rows per batch; and how
// fast the candidate UTF-8 validators are on the same string bytes. Not a test: run it and read
// the numbers (docs/benchmarks.md, "Value validation cost").
//   PATH=$PWD/node_modules/.bin:$PATH node server/src/arrow/inspect-speed.bench.ts
import { isUtf8 } from 'node:buffer';
import { inspectIpc } from './ipc-inspect.ts';
import { RowBatchEncoder } from './row-encoder.ts';
import { WIDE_STRING_COLUMNS, wideColumns, wideRows } from './sample-rows.ts';

const ROWS_PER_BATCH = 8192;
const SECONDS_PER_FIGURE = 2;

/** Runs `work` (which handles `bytes` bytes and `rows` rows) repeatedly for a while; prints rates. */
function measure(name: string, bytes: number, rows: number, work: () => void): void {
  for (let i = 0; i < 5; i++) work(); // warm-up
  let runs = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let seconds = 0;
  while (seconds < SECONDS_PER_FIGURE) {
    work();
    runs++;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const cpu = process.cpuUsage(cpuStart);
  // On a shared machine the wall clock mostly measures the neighbours; CPU time is steadier.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');
  console.log(
    `${name.padEnd(58)} per CPU second: ${((bytes * runs) / 1e6 / cpuSeconds).toFixed(0).padStart(6)} MB/s, ${rate((rows * runs) / cpuSeconds).padStart(11)} rows/s` +
      `   (wall: ${((bytes * runs) / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
}

/**
 * A plain UTF-8 validator (Unicode 15, table 3-7: no overlongs, no surrogates, nothing past
 * U+10FFFF), only to compare against the built-in ones.
 */
function handWrittenIsUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
    } else if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= n || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= n) return false;
      const b1 = bytes[i + 1]!;
      if (b1 < (b === 0xe0 ? 0xa0 : 0x80) || b1 > (b === 0xed ? 0x9f : 0xbf) || (bytes[i + 2]! & 0xc0) !== 0x80) return false;
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (i + 3 >= n) return false;
      const b1 = bytes[i + 1]!;
      if (b1 < (b === 0xf0 ? 0x90 : 0x80) || b1 > (b === 0xf4 ? 0x8f : 0xbf)) return false;
      if ((bytes[i + 2]! & 0xc0) !== 0x80 || (bytes[i + 3]! & 0xc0) !== 0x80) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

const fatal = new TextDecoder('utf-8', { fatal: true });
function textDecoderIsUtf8(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const validators: [string, (bytes: Uint8Array) => boolean][] = [
  ['buffer.isUtf8 (simdutf)', isUtf8],
  ["TextDecoder('utf-8', {fatal: true})", textDecoderIsUtf8],
  ['hand-written validator', handWrittenIsUtf8],
];

// The three must agree, or the comparison means nothing.
const samples = [[0x61, 0xc3, 0xa9], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x98], [0xf0, 0x9d, 0x84, 0x9e], [0xff]];
for (const sample of samples) {
  const answers = validators.map(([, validate]) => validate(Uint8Array.from(sample)));
  if (new Set(answers).size !== 1) throw new Error(`validators disagree on ${sample.map((b) => b.toString(16)).join(' ')}: ${answers.join(', ')}`);
}

const rows = wideRows(ROWS_PER_BATCH);
const columns = wideColumns();
const encoder = new RowBatchEncoder(columns);
for (const row of rows) encoder.append(row);
const ipc = encoder.finish();

console.log(`inspectIpc, ${ROWS_PER_BATCH} rows/batch of the wide row, ${(ipc.byteLength / ROWS_PER_BATCH).toFixed(0)} B/row of IPC:`);
measure('  framing, schema and buffer layout only', ipc.byteLength, ROWS_PER_BATCH, () => inspectIpc(ipc, columns, { checkValues: false }));
measure('  + value checks (UTF-8 of the 17 STRING columns)', ipc.byteLength, ROWS_PER_BATCH, () => inspectIpc(ipc, columns));

const stringBytes = (mapper: (text: string) => string): { all: Uint8Array; values: Uint8Array[] } => {
  const values = rows.flatMap((row) => Array.from({ length: WIDE_STRING_COLUMNS }, (_, i) => new TextEncoder().encode(mapper(row[`s${i}`] as string))));
  const all = new Uint8Array(values.reduce((n, v) => n + v.length, 0));
  let at = 0;
  for (const value of values) {
    all.set(value, at);
    at += value.length;
  }
  return { all, values };
};
const datasets: [string, (text: string) => string][] = [
  ['the wide rows (ASCII)', (text) => text],
  ['the same with ä and ☃ (2- and 3-byte characters)', (text) => text.replaceAll('a', 'ä').replaceAll('b', '☃')],
];
for (const [name, mapper] of datasets) {
  const { all, values } = stringBytes(mapper);
  console.log(`UTF-8 validation of the STRING bytes of ${name}, ${(all.length / 1e6).toFixed(1)} MB in ${values.length} values:`);
  for (const [validator, validate] of validators) {
    measure(`  ${validator}, whole buffer`, all.length, ROWS_PER_BATCH, () => validate(all));
  }
  for (const [validator, validate] of validators) {
    measure(`  ${validator}, value by value`, all.length, ROWS_PER_BATCH, () => {
      for (const value of values) validate(value);
    });
  }
}
