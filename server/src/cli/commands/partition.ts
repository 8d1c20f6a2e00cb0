import type { Command } from 'commander';
import { parsePartitionFilter, partitionMatches, type PartitionSpec } from '../../table/partitions.ts';
import { bootstrapOption, print, withConnection, type ClientOptions } from '../context.ts';
import { formatSpec } from '../describe.ts';
import { CliError } from '../errors.ts';
import { formatColumns } from '../text-table.ts';

/** Joins `k=v` arguments (each may itself be `k=v,k2=v2`) into one partition spec. */
export function partitionSpecOf(values: readonly string[]): PartitionSpec {
  if (values.length === 0) throw new CliError('Give the partition as key=value (one per partition key)');
  return Object.assign({}, ...values.map(parsePartitionFilter)) as PartitionSpec;
}

export function registerPartitionCommands(program: Command): void {
  const partition = program.command('partition').description('List, create and drop partitions of a partitioned table');

  partition
    .command('list <table> [key=value...]')
    .description('List the partitions of a table (database.table), optionally only those matching key=value')
    .addOption(bootstrapOption())
    .action(async (table: string, values: string[], options: ClientOptions) => {
      const filter = values.length === 0 ? {} : partitionSpecOf(values);
      const all = await withConnection(options, (connection) => connection.admin().listPartitions(table));
      const partitions = all.filter((p) => partitionMatches(p.spec, filter));
      if (partitions.length === 0) return;
      print(formatColumns([['ID', 'NAME', 'SPEC'], ...partitions.map((p) => [String(p.partitionId), p.name, formatSpec(p.spec)])]));
    });

  partition
    .command('create <table> <key=value...>')
    .description('Create a partition, e.g. `fluss partition create db.t region=eu day=20261126`')
    .option('--if-not-exists', 'succeed when it already exists')
    .addOption(bootstrapOption())
    .action(async (table: string, values: string[], options: ClientOptions & { ifNotExists?: true }) => {
      const spec = partitionSpecOf(values);
      const created = await withConnection(options, (connection) =>
        connection.admin().createPartition(table, spec, { ignoreIfExists: options.ifNotExists === true }),
      );
      print(`Created partition ${created.name} of ${table} (id ${created.partitionId})`);
    });

  partition
    .command('drop <table> <key=value...>')
    .description('Drop a partition and its data')
    .option('--if-exists', 'succeed when it does not exist')
    .addOption(bootstrapOption())
    .action(async (table: string, values: string[], options: ClientOptions & { ifExists?: true }) => {
      const spec = partitionSpecOf(values);
      await withConnection(options, (connection) => connection.admin().dropPartition(table, spec, { ignoreIfNotExists: options.ifExists === true }));
      print(`Dropped partition ${formatSpec(spec)} of ${table}`);
    });
}
