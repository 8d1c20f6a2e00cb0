import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseTablePath } from '../../client/index.ts';
import { bootstrapOption, print, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { describeTable } from '../describe.ts';
import { highWatermarksOf } from '../high-watermarks.ts';
import { partitionBucketKey } from '../../table/table-bucket.ts';
import { CliError } from '../errors.ts';
import { parseTableFile } from '../table-file.ts';

async function createTables(options: ClientOptions & { file: string; ifNotExists?: true }): Promise<void> {
  const descriptors = parseTableFile(await readFile(options.file, 'utf8'), options.file);
  if (descriptors.length === 0) throw new CliError(`${options.file}: no table in the file`);
  await withConnection(options, async (connection) => {
    for (const descriptor of descriptors) {
      const info = await connection.admin().createTable(descriptor, { createDatabase: true, ignoreIfExists: options.ifNotExists === true });
      print(`Created table ${descriptor.database}.${descriptor.name} (id ${info.tableId}, ${info.buckets} bucket${info.buckets === 1 ? '' : 's'})`);
    }
  });
}

export function registerTableCommands(program: Command): void {
  const table = program.command('table').description('Create, describe, list and drop tables');

  const create = table
    .command('create')
    .description('Create the table(s) of a YAML file (a table spec or a FlussTable resource), creating databases as needed')
    .requiredOption('-f, --file <path>', 'YAML file: database, name, schema.columns, primaryKey, bucketKey, buckets, partitionKeys, properties, comment')
    .option('--if-not-exists', 'succeed when the table already exists')
    .addOption(bootstrapOption());
  withExamples(create, ['fluss table create -f events.yaml   # the file format is in docs/cli.md']);
  create.action(createTables);

  table
    .command('list')
    .description('List tables as database.table, one per line')
    .option('--database <name>', 'only this database')
    .addOption(bootstrapOption())
    .action(async (options: ClientOptions & { database?: string }) => {
      await withConnection(options, async (connection) => {
        const admin = connection.admin();
        const databases = options.database === undefined ? await admin.listDatabases() : [options.database];
        for (const database of databases) {
          for (const name of await admin.listTables(database)) print(`${database}.${name}`);
        }
      });
    });

  table
    .command('describe <table>')
    .description('Show a table (database.table): columns with ids, keys, buckets, properties, partitions, bucket leaders, remote log')
    .option('--json', 'print the table info, partitions and bucket locations as JSON')
    .addOption(bootstrapOption())
    .action(async (name: string, options: ClientOptions & { json?: true }) => {
      const path = parseTablePath(name);
      await withConnection(options, async (connection) => {
        const admin = connection.admin();
        const info = await admin.getTable(path);
        const [partitions, metadata] = await Promise.all([admin.listPartitions(path), admin.clusterMetadata([path])]);
        const locations = metadata.tables[0]?.buckets ?? [];
        const [highWatermarks, remoteLogList] = await Promise.all([highWatermarksOf(connection, path, locations), admin.remoteLogs(path)]);
        const remoteLogs = new Map(remoteLogList.map((remote) => [partitionBucketKey(remote), remote]));
        if (options.json === true) {
          const buckets = locations.map((l) => {
            const remote = remoteLogs.get(partitionBucketKey(l));
            const remoteLog =
              remote === undefined
                ? null
                : { startOffset: remote.startOffset, endOffset: remote.endOffset, sizeBytes: remote.sizeBytes, segments: remote.segments };
            return { ...l, highWatermark: highWatermarks.get(partitionBucketKey(l)) ?? null, remoteLog };
          });
          print(JSON.stringify({ table: info, partitions, buckets, tabletServers: metadata.tabletServers }, null, 2));
        } else {
          print(describeTable({ table: info, partitions, metadata, highWatermarks, remoteLogs }));
        }
      });
    });

  table
    .command('drop <table>')
    .description('Drop a table (database.table) and its data')
    .option('--if-exists', 'succeed when it does not exist')
    .addOption(bootstrapOption())
    .action(async (name: string, options: ClientOptions & { ifExists?: true }) => {
      await withConnection(options, (connection) => connection.admin().dropTable(name, { ignoreIfNotExists: options.ifExists === true }));
      print(`Dropped table ${name}`);
    });
}
