// What the operator needs to know about data placement before it scales or restarts a tablet
// server: the registered servers (ListServers) and every bucket of every table with its replicas
// and ISR (GetMetadata over all tables). Read only while a scale or a roll needs it.
import type { ServerSummary, TableInfo } from '../../../server/src/client/admin.ts';
import { formatTablePath } from '../../../server/src/client/table-path.ts';
import { isFlussError } from '../../../server/src/rpc/errors.ts';
import type { CoordinatorAdmin } from './admin-client.ts';

export interface TableView {
  /** 'database.table' */
  path: string;
  replicationFactor: number;
  /** `table.min-insync-replicas`; the engine's default is 1. */
  minInsyncReplicas: number;
}

export interface BucketView {
  /** 'database.table', with '/partition' for a partitioned table, and ' bucket N'. */
  name: string;
  replicas: number[];
  isr: number[];
  /** Replicas a rebalance is adding (catching up, not yet in the ISR). */
  adding: number[];
  minInsyncReplicas: number;
}

export interface ClusterView {
  servers: ServerSummary[];
  tables: TableView[];
  buckets: BucketView[];
}

function minInsync(table: TableInfo): number {
  const value = Number(table.properties['table.min-insync-replicas'] ?? '1');
  return Number.isInteger(value) && value > 0 ? value : 1;
}

async function allTablePaths(admin: CoordinatorAdmin): Promise<string[]> {
  const paths: string[] = [];
  for (const database of await admin.listDatabases()) {
    try {
      for (const table of await admin.listTables(database)) paths.push(`${database}.${table}`);
    } catch (error) {
      // Dropped between the two calls: it has no tables to care about.
      if (!isFlussError(error, 'NOT_FOUND')) throw error;
    }
  }
  return paths;
}

/** GetMetadata for all paths at once; per table (skipping the dropped ones) when one was dropped meanwhile. */
async function tableMetadata(admin: CoordinatorAdmin, paths: string[]) {
  try {
    return (await admin.clusterMetadata(paths)).tables;
  } catch (error) {
    if (!isFlussError(error, 'NOT_FOUND')) throw error;
  }
  const tables = [];
  for (const path of paths) {
    try {
      tables.push(...(await admin.clusterMetadata([path])).tables);
    } catch (error) {
      if (!isFlussError(error, 'NOT_FOUND')) throw error;
    }
  }
  return tables;
}

export async function readClusterView(admin: CoordinatorAdmin): Promise<ClusterView> {
  const servers = await admin.listServers();
  const paths = await allTablePaths(admin);
  const metadata = paths.length === 0 ? [] : await tableMetadata(admin, paths);
  const tables: TableView[] = [];
  const buckets: BucketView[] = [];
  for (const { table, partitions, buckets: locations } of metadata) {
    if (!table?.path) continue;
    const path = formatTablePath(table.path);
    const minInsyncReplicas = minInsync(table);
    tables.push({ path, replicationFactor: table.replicationFactor, minInsyncReplicas });
    const partitionNames = new Map(partitions.map((partition) => [partition.partitionId, partition.name]));
    for (const location of locations) {
      const partition = location.partitionId >= 0 ? `/${partitionNames.get(location.partitionId) ?? location.partitionId}` : '';
      buckets.push({
        name: `${path}${partition} bucket ${location.bucket}`,
        replicas: location.replicas,
        isr: location.isr,
        adding: location.addingReplicas,
        minInsyncReplicas,
      });
    }
  }
  return { servers, tables, buckets };
}
