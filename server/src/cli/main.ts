import { Command } from 'commander';
import packageJson from '../../../package.json' with { type: 'json' };
import { registerClusterCommands } from './commands/cluster.ts';
import { registerConsumeCommand } from './commands/consume.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerKvCommands } from './commands/kv.ts';
import { registerPartitionCommands } from './commands/partition.ts';
import { registerProduceCommand } from './commands/produce.ts';
import { registerServerCommands } from './commands/servers.ts';
import { registerTableCommands } from './commands/table.ts';
import { formatError } from './errors.ts';

export function buildProgram(): Command {
  const program = new Command('fluss')
    .description('Fluss: streaming storage with columnar Arrow log tables. Run a cluster, manage tables, produce and consume rows.')
    .version(packageJson.version)
    .showHelpAfterError('(add --help for usage)');
  registerServerCommands(program);
  registerClusterCommands(program);
  registerDatabaseCommands(program);
  registerTableCommands(program);
  registerPartitionCommands(program);
  registerProduceCommand(program);
  registerConsumeCommand(program);
  registerKvCommands(program);
  return program;
}

/** Runs the CLI: failures print `Error: <message>` on stderr and exit 1. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  // `fluss consume ... | head` closes the pipe early: that is a normal end, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = 1;
  }
}
