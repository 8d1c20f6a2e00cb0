import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { RowError } from '../../client/index.ts';
import type { Acks, AppendWriter } from '../../client/index.ts';
import { bootstrapOption, integerAtLeast, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { CliError } from '../errors.ts';
import { parseRowLine } from '../json-lines.ts';
import { rowProgress } from '../progress.ts';

interface ProduceOptions extends ClientOptions {
  acks: string;
  batchSize?: number;
  lingerMs?: number;
}

/** How often (in rows) the progress bar is updated: often enough to look live, rarely enough to cost nothing. */
const PROGRESS_EVERY_ROWS = 1_000;

function parseAcks(text: string): Acks {
  if (text === '0' || text === '1' || text === '-1' || text === 'all') return text === 'all' ? -1 : (Number(text) as Acks);
  throw new CliError(`Invalid --acks, expected 0, 1, -1 or all: "${text}"`);
}

/** A RowError says what is wrong with which column; add the line so the user can find the row. */
export function lineError(error: RowError, lineNumber: number): CliError {
  const column = error.column !== undefined && !error.message.includes(error.column) ? `column "${error.column}": ` : '';
  return new CliError(`Line ${lineNumber}: ${column}${error.message}`);
}

/** Writes the rows before a bad line; if that fails too, both failures are reported. */
async function flushBefore(writer: AppendWriter, lineFailure: unknown): Promise<void> {
  try {
    await writer.flush();
  } catch (flushError) {
    const message = lineFailure instanceof Error ? lineFailure.message : String(lineFailure);
    throw new CliError(`${message} (and rows before it failed: ${flushError instanceof Error ? flushError.message : String(flushError)})`);
  }
}

/**
 * Appends every JSON line of stdin. A bad line stops the command after the rows before it are
 * flushed (they stay written); the error names the line and the column.
 */
async function produceLines(writer: AppendWriter, table: string): Promise<number> {
  const progress = rowProgress(`producing to ${table}`);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let rows = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      try {
        await writer.append(parseRowLine(line, lineNumber));
      } catch (error) {
        const lineFailure = error instanceof RowError ? lineError(error, lineNumber) : error;
        await flushBefore(writer, lineFailure);
        throw lineFailure;
      }
      rows++;
      if (rows % PROGRESS_EVERY_ROWS === 0) progress.update(rows, writer.counters.rowsAcked);
    }
    await writer.flush();
    return rows;
  } finally {
    lines.close();
    progress.stop();
  }
}

/** `fluss produce`: stdin to the table, then a summary line on stderr. */
async function produce(name: string, options: ProduceOptions): Promise<void> {
  const acks = parseAcks(options.acks);
  await withConnection(options, async (connection) => {
    const table = await connection.getTable(name);
    const writer = table.newAppendWriter({
      acks,
      ...(options.batchSize !== undefined && { batchSizeBytes: options.batchSize }),
      ...(options.lingerMs !== undefined && { lingerMs: options.lingerMs }),
    });
    const started = performance.now();
    const rows = await produceLines(writer, table.name);
    await writer.close();
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(rows / Math.max(seconds, 0.001));
    process.stderr.write(`produced ${rows} rows to ${table.name} in ${seconds.toFixed(2)} s (${rate} rows/s)\n`);
  });
}

export function registerProduceCommand(program: Command): void {
  const command = program
    .command('produce <table>')
    .description('Append JSON lines from stdin (one object per row) to a log table (database.table)')
    .option('--acks <acks>', 'acknowledgement: 0 (none), 1 or -1/all (durable in the log)', '-1')
    .option('--batch-size <bytes>', 'send a bucket\'s batch once it holds this many bytes (default: 1 MiB)', integerAtLeast(1, 'a byte count'))
    .option('--linger-ms <ms>', 'send a batch that is not full after this long (default: 5)', integerAtLeast(0, 'milliseconds'))
    .addOption(bootstrapOption());
  withExamples(command, [
    `echo '{"id": 1, "user": "ann", "ts": "2026-11-26T10:00:00Z"}' | fluss produce demo.events`,
    'fluss produce demo.events --acks 1 < events.jsonl',
  ]);
  command.action(produce);
}
