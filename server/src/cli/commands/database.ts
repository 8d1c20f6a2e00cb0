import type { Command } from 'commander';
import { bootstrapOption, print, withConnection, type ClientOptions } from '../context.ts';

export function registerDatabaseCommands(program: Command): void {
  const database = program.command('database').description('Create, list and drop databases');

  database
    .command('create <name>')
    .description('Create a database')
    .option('--if-not-exists', 'succeed when it already exists')
    .option('--comment <text>', 'a description')
    .addOption(bootstrapOption())
    .action(async (name: string, options: ClientOptions & { ifNotExists?: true; comment?: string }) => {
      await withConnection(options, (connection) =>
        connection.admin().createDatabase(name, { ignoreIfExists: options.ifNotExists === true, comment: options.comment ?? '' }),
      );
      print(`Created database ${name}`);
    });

  database
    .command('list')
    .description('List databases, one per line')
    .addOption(bootstrapOption())
    .action(async (options: ClientOptions) => {
      const names = await withConnection(options, (connection) => connection.admin().listDatabases());
      for (const name of names) print(name);
    });

  database
    .command('drop <name>')
    .description('Drop a database (refused when it has tables, unless --cascade)')
    .option('--if-exists', 'succeed when it does not exist')
    .option('--cascade', 'drop its tables too')
    .addOption(bootstrapOption())
    .action(async (name: string, options: ClientOptions & { ifExists?: true; cascade?: true }) => {
      await withConnection(options, (connection) =>
        connection.admin().dropDatabase(name, { ignoreIfNotExists: options.ifExists === true, cascade: options.cascade === true }),
      );
      print(`Dropped database ${name}`);
    });
}
