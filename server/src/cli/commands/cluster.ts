import type { Command } from 'commander';
import type { ClusterMetadata, FlussConnection } from '../../client/index.ts';
import type { BucketLocation__Output } from '../../rpc/generated/fluss/v1/BucketLocation.ts';
import { bootstrapOption, print, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { formatColumns } from '../text-table.ts';
import { registerRebalanceCommands } from './rebalance.ts';

interface BucketHealth {
  table: string;
  partitionId: number;
  bucket: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** Every bucket of every table, with its table's name. */
async function allBuckets(connection: FlussConnection): Promise<{ buckets: BucketHealth[]; metadata: ClusterMetadata }> {
  const admin = connection.admin();
  const paths: string[] = [];
  for (const database of await admin.listDatabases()) {
    for (const table of await admin.listTables(database)) paths.push(`${database}.${table}`);
  }
  const metadata = await admin.clusterMetadata(paths);
  const buckets = metadata.tables.flatMap((t) =>
    t.buckets.map((b: BucketLocation__Output) => ({
      table: `${t.table?.path?.database}.${t.table?.path?.table}`,
      partitionId: b.partitionId,
      bucket: b.bucket,
      leader: b.leader,
      replicas: b.replicas,
      isr: b.isr,
    })),
  );
  return { buckets, metadata };
}

function bucketRows(buckets: readonly BucketHealth[]): string {
  return formatColumns([
    ['TABLE', 'PARTITION', 'BUCKET', 'REPLICAS', 'ISR'],
    ...buckets.map((b) => [b.table, b.partitionId < 0 ? '-' : String(b.partitionId), String(b.bucket), b.replicas.join(','), b.isr.join(',')]),
  ])
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

async function describeCluster(options: ClientOptions & { json?: true }): Promise<void> {
  await withConnection(options, async (connection) => {
    const { buckets, metadata } = await allBuckets(connection);
    const placed = buckets.filter((b) => b.replicas.length > 0);
    const offline = placed.filter((b) => b.leader < 0);
    const underReplicated = placed.filter((b) => b.leader >= 0 && b.isr.length < b.replicas.length);
    const coordinator = metadata.coordinator ? `${metadata.coordinator.host}:${metadata.coordinator.port}` : '?';
    if (options.json === true) {
      print(JSON.stringify({ coordinator, tabletServers: metadata.tabletServers, offline, underReplicated }, null, 2));
      return;
    }
    const lines = [
      `Coordinator:  ${coordinator}`,
      'Tablet servers:',
      formatColumns([['ID', 'ADDRESS', 'RACK'], ...metadata.tabletServers.map((s) => [String(s.id), `${s.host}:${s.port}`, s.rack])])
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    ];
    if (offline.length > 0) lines.push('Offline buckets:', bucketRows(offline));
    if (underReplicated.length > 0) lines.push('Under-replicated buckets:', bucketRows(underReplicated));
    if (offline.length === 0 && underReplicated.length === 0) lines.push('All buckets have a leader and a full ISR.');
    print(lines.join('\n'));
  });
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

async function electLeaders(options: ClientOptions & { table?: string; json?: true }): Promise<void> {
  await withConnection(options, async (connection) => {
    const { moved, waiting } = await connection.admin().electPreferredLeaders(options.table);
    if (options.json === true) {
      print(JSON.stringify({ moved, waiting }));
      return;
    }
    const lines = [`Moved ${plural(moved, 'leadership', 'leaderships')} to preferred replicas.`];
    if (waiting > 0) {
      lines.push(`${plural(waiting, 'bucket waits', 'buckets wait')} for a preferred replica that cannot lead now (down, not in sync, or shutting down).`);
    }
    print(lines.join('\n'));
  });
}

export function registerClusterCommands(program: Command): void {
  const cluster = program
    .command('cluster')
    .description('Look at the cluster as a whole, move leaderships back to preferred replicas, tag servers and rebalance buckets');
  const describe = cluster
    .command('describe')
    .description('List the coordinator, live tablet servers, and offline or under-replicated buckets')
    .option('--json', 'print it as JSON')
    .addOption(bootstrapOption());
  withExamples(describe, ['fluss cluster describe', 'fluss cluster describe --json | jq .offline']);
  describe.action(describeCluster);

  const elect = cluster
    .command('elect-leaders')
    .description(
      "Move leaderships back to each bucket's preferred replica (the first of its replicas) where it is live and in sync, now; prints how many moved",
    )
    .option('--table <db.table>', "only this table's buckets (default: every table)")
    .option('--json', 'print {"moved": N, "waiting": M} instead')
    .addOption(bootstrapOption());
  withExamples(elect, ['fluss cluster elect-leaders', 'fluss cluster elect-leaders --table shop.orders']);
  elect.action(electLeaders);

  registerRebalanceCommands(cluster);
}
