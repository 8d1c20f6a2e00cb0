import type { Logger } from 'pino';
import { KvTablet } from '../kv/index.ts';
import type { LogTablet } from '../log/index.ts';
import type { TableInfo } from '../table/table-info.ts';
import { changelogColumns } from '../table/change-type.ts';
import { parseMergeEngine } from '../table/merge-engine-options.ts';
import { columnDefs } from '../table/table-spec.ts';
import type { Replica } from './replica.ts';

/** The storage a replica gets beside its log: a KV tablet for a primary-key table, nothing for a log table. */
export async function openKvIfKeyed(
  table: TableInfo,
  log: LogTablet,
  dir: string,
  snapshotsRetained: number,
  logger: Logger,
): Promise<Pick<Replica, 'kv' | 'logColumns'>> {
  const columns = columnDefs(table);
  if (table.primaryKey.length === 0) return { kv: undefined, logColumns: columns };
  const kv = await KvTablet.open({
    dir,
    log,
    table: {
      columns,
      primaryKey: table.primaryKey,
      bucketKey: table.bucketKey,
      schemaId: table.schema?.schemaId ?? 0,
      mergeEngine: parseMergeEngine(table.properties, columns, table.primaryKey),
    },
    snapshotsRetained,
    logger,
  });
  return { kv, logColumns: changelogColumns(columns) };
}
