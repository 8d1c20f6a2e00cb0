import type { Command } from 'commander';
import type { Acks } from '../../client/index.ts';
import { bootstrapOption, integerAtLeast, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { CliError } from '../errors.ts';
import { writeJsonLines } from '../line-writer.ts';

interface ProduceOptions extends ClientOptions {
  acks: string;
  batchSize?: number;
  lingerMs?: number;
}

function parseAcks(text: string): Acks {
  if (text === '0' || text === '1' || text === '-1' || text === 'all') return text === 'all' ? -1 : (Number(text) as Acks);
  throw new CliError(`Invalid --acks, expected 0, 1, -1 or all: "${text}"`);
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
    const sink = { flush: () => writer.flush(), ackedRows: () => writer.counters.rowsAcked };
    const rows = await writeJsonLines(`producing to ${table.name}`, sink, (row) => writer.append(row));
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
    .option('--batch-size <bytes>', "send a bucket's batch once it holds this many bytes (default: 1 MiB)", integerAtLeast(1, 'a byte count'))
    .option('--linger-ms <ms>', 'send a batch that is not full after this long (default: 5)', integerAtLeast(0, 'milliseconds'))
    .addOption(bootstrapOption());
  withExamples(command, [
    `echo '{"id": 1, "user": "ann", "ts": "2026-11-26T10:00:00Z"}' | fluss produce demo.events`,
    'fluss produce demo.events --acks 1 < events.jsonl',
  ]);
  command.action(produce);
}
