import type { Command } from 'commander';
import { toJsonValue } from '../../arrow/index.ts';
import { bootstrapOption, print, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { CliError } from '../errors.ts';
import { parseRowLine } from '../json-lines.ts';
import { writeJsonLines } from '../line-writer.ts';

// Primary-key tables from the shell: upsert and delete JSON lines, look rows up by key.

interface UpsertOptions extends ClientOptions {
  columns?: string;
}

interface LookupOptions extends ClientOptions {
  key?: string;
  prefix?: string;
}

async function upsertOrDelete(op: 'upsert' | 'delete', name: string, options: UpsertOptions): Promise<void> {
  const targetColumns = options.columns
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  await withConnection(options, async (connection) => {
    const table = await connection.getTable(name);
    const writer = table.newUpsertWriter(targetColumns === undefined ? {} : { targetColumns });
    const started = performance.now();
    const sink = { flush: () => writer.flush(), ackedRows: () => writer.counters.rowsAcked };
    const rows = await writeJsonLines(`${op === 'upsert' ? 'upserting to' : 'deleting from'} ${table.name}`, sink, (row) =>
      op === 'upsert' ? writer.upsert(row) : writer.delete(row),
    );
    await writer.close();
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `${op === 'upsert' ? 'upserted' : 'deleted'} ${rows} rows ${op === 'upsert' ? 'to' : 'from'} ${table.name} in ${seconds.toFixed(2)} s (${writer.counters.changesAcked} changelog records)\n`,
    );
  });
}

function parseKey(text: string, option: string): Record<string, unknown> {
  const row = parseRowLine(text, 1);
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new CliError(`${option} must be a JSON object: ${text}`);
  return row;
}

function formatRow(row: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).map(([name, value]) => [name, toJsonValue(value)])));
}

/** `fluss lookup`: the row of a primary key (exit 1, "not found", when none), or every row of a bucket key. */
async function lookup(name: string, options: LookupOptions): Promise<void> {
  if ((options.key === undefined) === (options.prefix === undefined)) throw new CliError('Give exactly one of --key and --prefix');
  await withConnection(options, async (connection) => {
    const table = await connection.getTable(name);
    if (options.prefix !== undefined) {
      for (const row of await table.newPrefixLookuper().lookup(parseKey(options.prefix, '--prefix'))) print(formatRow(row));
      return;
    }
    const row = await table.newLookuper().lookup(parseKey(options.key!, '--key'));
    if (row === undefined) {
      process.stderr.write('not found\n');
      process.exitCode = 1;
      return;
    }
    print(formatRow(row));
  });
}

export function registerKvCommands(program: Command): void {
  const upsert = program
    .command('upsert <table>')
    .description('Insert or update rows of a primary-key table (database.table) from JSON lines on stdin')
    .option('--columns <a,b>', 'partial update: write only these columns (plus the key); the others keep their values')
    .addOption(bootstrapOption());
  withExamples(upsert, [
    `echo '{"id": 1, "name": "ann", "score": 10}' | fluss upsert demo.users`,
    `echo '{"id": 1, "score": 11}' | fluss upsert demo.users --columns score`,
  ]);
  upsert.action((name: string, options: UpsertOptions) => upsertOrDelete('upsert', name, options));

  const remove = program
    .command('delete <table>')
    .description('Delete rows of a primary-key table by key: JSON lines of key columns on stdin')
    .addOption(bootstrapOption());
  withExamples(remove, [`echo '{"id": 1}' | fluss delete demo.users`]);
  remove.action((name: string, options: UpsertOptions) => upsertOrDelete('delete', name, options));

  const find = program
    .command('lookup <table>')
    .description('Print the row of a primary key as JSON (exit 1 and "not found" when there is none), or all rows of a bucket key')
    .option('--key <json>', 'the primary key, e.g. \'{"id": 1}\'')
    .option('--prefix <json>', 'a bucket key (prefix of the primary key): print every row that has it')
    .addOption(bootstrapOption());
  withExamples(find, [`fluss lookup demo.users --key '{"id": 1}'`, `fluss lookup demo.orders --prefix '{"shop": "north"}'`]);
  find.action(lookup);
}
