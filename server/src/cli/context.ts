import { InvalidArgumentError, Option, type Command } from 'commander';
import { FlussConnection } from '../client/index.ts';

export const DEFAULT_BOOTSTRAP = '127.0.0.1:9123';

/** `--bootstrap`, shared by every command that talks to a cluster; FLUSS_BOOTSTRAP sets the default. */
export function bootstrapOption(): Option {
  return new Option('--bootstrap <host:port>', 'coordinator address').env('FLUSS_BOOTSTRAP').default(DEFAULT_BOOTSTRAP);
}

export interface ClientOptions {
  bootstrap: string;
}

/** Runs `action` with a connection that is closed afterwards, whatever happens. */
export async function withConnection<T>(options: ClientOptions, action: (connection: FlussConnection) => Promise<T>): Promise<T> {
  const connection = await FlussConnection.connect({ bootstrap: options.bootstrap });
  try {
    return await action(connection);
  } finally {
    connection.close();
  }
}

/** A commander argument parser for whole numbers at least `min`. */
export function integerAtLeast(min: number, what: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(`Expected ${what}: an integer of at least ${min}.`);
    }
    return value;
  };
}

/** Accumulates a repeatable option into a list (no default, so help shows none: read it with `?? []`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Prints to stdout (command results); diagnostics and progress go to stderr. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Adds an "Examples" section to a command's --help. */
export function withExamples<C extends Command>(command: C, examples: readonly string[]): C {
  command.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
  return command;
}
