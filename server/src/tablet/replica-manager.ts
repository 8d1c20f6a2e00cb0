import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../common/clock.ts';
import { LogTablet, type LogConfig } from '../log/index.ts';
import type { BucketLocation__Output } from '../rpc/generated/fluss/v1/BucketLocation.ts';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import { changelogColumns } from '../table/change-type.ts';
import { columnDefs } from '../table/table-spec.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import { deleteKv, openKvIfKeyed } from './kv-replica.ts';
import type { TabletConfig } from './tablet-config.ts';
import { tableBucketKey, tableBucketText, type Replica, type TableBucket } from './replica.ts';

/**
 * The replicas this tablet server hosts. `applyAssignment` converges them on the coordinator's
 * view: opens logs for new buckets, refreshes table info, and closes and deletes replicas that
 * are no longer assigned (their table or partition was dropped).
 */
export class ReplicaManager {
  readonly #dataDir: string;
  readonly #config: TabletConfig;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** Opening a log is async: callers arriving meanwhile await the same promise. */
  readonly #replicas = new Map<string, Promise<Replica>>();

  constructor(dataDir: string, config: TabletConfig, clock: Clock, logger: Logger) {
    this.#dataDir = dataDir;
    this.#config = config;
    this.#clock = clock;
    this.#logger = logger;
  }

  bucketDir(tb: TableBucket): string {
    const partition = tb.partitionId >= 0 ? `p${tb.partitionId}-` : '';
    return join(this.#dataDir, 'tables', String(tb.tableId), `${partition}b${tb.bucket}`);
  }

  /** A primary-key replica's KV tablet lives beside its log directory. */
  kvDir(tb: TableBucket): string {
    return `${this.bucketDir(tb)}-kv`;
  }

  #logConfig(table: TableInfo__Output): LogConfig {
    return {
      segmentBytes: this.#config.segmentBytes,
      segmentMs: this.#config.segmentMs,
      indexIntervalBytes: this.#config.indexIntervalBytes,
      retentionMs: parseTableOptions(table.properties, table.partitionKeys).logTtlMs,
      retentionBytes: this.#config.retentionBytes,
      fsync: this.#config.fsync,
    };
  }

  get(tb: TableBucket): Promise<Replica> | undefined {
    return this.#replicas.get(tableBucketKey(tb));
  }

  async all(): Promise<Replica[]> {
    const settled = await Promise.allSettled(this.#replicas.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  get size(): number {
    return this.#replicas.size;
  }

  async applyAssignment(buckets: readonly BucketLocation__Output[], tables: readonly TableInfo__Output[]): Promise<void> {
    const tableById = new Map(tables.map((t) => [t.tableId, t]));
    const wanted = new Set<string>();
    const opening: Promise<unknown>[] = [];
    for (const location of buckets) {
      const table = tableById.get(location.tableId);
      if (!table) continue;
      const key = tableBucketKey(location);
      wanted.add(key);
      const existing = this.#replicas.get(key);
      if (existing) {
        opening.push(existing.then((replica) => this.#refresh(replica, location, table)));
        continue;
      }
      const promise = this.#open(location, table);
      this.#replicas.set(key, promise);
      promise.catch((error: unknown) => {
        this.#replicas.delete(key);
        this.#logger.error({ err: error, bucket: tableBucketText(location, table) }, 'failed to open replica');
      });
      opening.push(promise);
    }
    for (const [key, promise] of this.#replicas) {
      if (wanted.has(key)) continue;
      this.#replicas.delete(key);
      opening.push(promise.then((replica) => this.#drop(replica)));
    }
    await Promise.allSettled(opening);
  }

  async #open(location: BucketLocation__Output, table: TableInfo__Output): Promise<Replica> {
    const tb = { tableId: location.tableId, partitionId: location.partitionId, bucket: location.bucket };
    const log = await LogTablet.open(this.bucketDir(tb), this.#logConfig(table), this.#clock, this.#logger);
    let storage: Awaited<ReturnType<typeof openKvIfKeyed>>;
    try {
      storage = await openKvIfKeyed(table, log, this.kvDir(tb), this.#config.kvSnapshotsRetained, this.#logger);
    } catch (error) {
      await log.close();
      throw error;
    }
    this.#logger.info({ bucket: tableBucketText(tb, table), logEndOffset: log.logEndOffset, keyed: storage.kv !== undefined }, 'replica opened');
    return { ...tb, leaderEpoch: location.leaderEpoch, table, columns: columnDefs(table), log, ...storage };
  }

  #refresh(replica: Replica, location: BucketLocation__Output, table: TableInfo__Output): void {
    replica.leaderEpoch = location.leaderEpoch;
    if (table.modifiedAtMs !== replica.table.modifiedAtMs || table.schema?.schemaId !== replica.table.schema?.schemaId) {
      replica.table = table;
      replica.columns = columnDefs(table);
      // The KV tablet keeps the schema it opened with (schema evolution of primary-key tables is not supported yet).
      replica.logColumns = replica.kv === undefined ? replica.columns : changelogColumns(replica.columns);
      replica.log.setRetention(this.#logConfig(table));
    }
  }

  async #drop(replica: Replica): Promise<void> {
    await deleteKv(replica, this.kvDir(replica));
    await replica.log.deleteAll();
    this.#logger.info({ bucket: tableBucketText(replica, replica.table) }, 'replica deleted (no longer assigned)');
  }

  async enforceRetention(): Promise<void> {
    for (const replica of await this.all()) {
      // A primary-key table's changelog after its snapshots is what KV recovery replays: kept.
      const keepFromOffset = replica.kv === undefined ? undefined : (replica.kv.changelogNeededFrom ?? replica.log.logStartOffset);
      const { deletedSegments } = await replica.log.enforceRetention(keepFromOffset === undefined ? {} : { keepFromOffset });
      if (deletedSegments > 0) {
        this.#logger.info({ bucket: tableBucketText(replica, replica.table), deletedSegments }, 'retention deleted segments');
      }
    }
  }

  /** Snapshots every primary-key replica's KV state that changed since its last snapshot. */
  async snapshotKv(): Promise<void> {
    for (const replica of await this.all()) {
      try {
        await replica.kv?.snapshot();
      } catch (error) {
        this.#logger.error({ err: error, bucket: tableBucketText(replica, replica.table) }, 'KV snapshot failed');
      }
    }
  }

  async closeAll(): Promise<void> {
    const replicas = await this.all();
    this.#replicas.clear();
    await Promise.allSettled(replicas.map(async (r) => {
      await r.kv?.close();
      await r.log.close();
    }));
  }
}
