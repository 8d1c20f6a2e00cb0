import type { Logger } from 'pino';
import type { Clock } from '../common/timers.ts';
import type { TableInfo } from '../table/table-info.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import { planAutoPartitions } from '../table/partitions.ts';
import type { Catalog } from './catalog.ts';

/**
 * Keeps auto-partitioned tables' time partitions in place: creates the current and pre-created
 * ones, drops those past retention. Runs once at start and then periodically; idempotent. One
 * table's failure is logged and does not stop the others.
 */
export async function runAutoPartitioning(catalog: Catalog, clock: Clock, logger: Logger): Promise<void> {
  for (const table of Object.values(catalog.state.tables)) {
    try {
      await keepPartitions(catalog, table, clock, logger);
    } catch (error) {
      logger.error({ err: error, table: `${table.path?.database}.${table.path?.table}` }, 'auto-partitioning of a table failed; the others go on');
    }
  }
}

async function keepPartitions(catalog: Catalog, table: TableInfo, clock: Clock, logger: Logger): Promise<void> {
  const options = parseTableOptions(table.properties, table.partitionKeys);
  if (!options.autoPartition.enabled) return;
  const { key, timeUnit, numPrecreate, numRetention } = options.autoPartition;
  const path = table.path!;
  const existing = catalog.listPartitions(table.tableId).map((p) => p.spec[key] ?? '');
  const plan = planAutoPartitions({ now: clock.now(), unit: timeUnit, numPrecreate, numRetention, existing });
  for (const value of plan.create) {
    await catalog.createPartition(path.database, path.table, { [key]: value }, true);
    logger.info({ table: `${path.database}.${path.table}`, partition: value }, 'auto-partition created');
  }
  for (const value of plan.drop) {
    await catalog.dropPartition(path.database, path.table, { [key]: value }, true);
    logger.info({ table: `${path.database}.${path.table}`, partition: value }, 'auto-partition dropped (retention)');
  }
}
