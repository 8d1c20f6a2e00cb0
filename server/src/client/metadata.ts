import { FlussError } from '../rpc/errors.ts';
import { partitionBucketKey } from '../table/table-bucket.ts';
import type { BucketLocation__Output } from '../rpc/generated/fluss/v1/BucketLocation.ts';
import type { GetMetadataResponse__Output } from '../rpc/generated/fluss/v1/GetMetadataResponse.ts';
import type { PartitionInfo__Output } from '../rpc/generated/fluss/v1/PartitionInfo.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import type { TableMetadata__Output } from '../rpc/generated/fluss/v1/TableMetadata.ts';
import { formatTablePath, type TablePath } from './table-path.ts';

/** The partition id of a non-partitioned table's buckets on the wire. */
export const NO_PARTITION = -1;

/**
 * One table's metadata as the coordinator last described it: schema, partitions and where each
 * bucket's leader lives. Immutable; a refresh builds a new snapshot.
 */
export class TableSnapshot {
  readonly info: TableInfo__Output;
  readonly partitions: readonly PartitionInfo__Output[];
  readonly #locations = new Map<string, BucketLocation__Output>();
  readonly #servers: ReadonlyMap<number, ServerNode__Output>;

  constructor(metadata: TableMetadata__Output, servers: readonly ServerNode__Output[]) {
    if (metadata.table === null) throw new FlussError('INTERNAL', 'Metadata response without table info');
    this.info = metadata.table;
    this.partitions = metadata.partitions;
    for (const location of metadata.buckets) {
      this.#locations.set(partitionBucketKey(location), location);
    }
    this.#servers = new Map(servers.map((server) => [server.id, server]));
  }

  get tableId(): number {
    return this.info.tableId;
  }

  get isPartitioned(): boolean {
    return this.info.partitionKeys.length > 0;
  }

  partitionByName(name: string): PartitionInfo__Output | undefined {
    return this.partitions.find((partition) => partition.name === name);
  }

  partitionById(partitionId: number): PartitionInfo__Output | undefined {
    return this.partitions.find((partition) => partition.partitionId === partitionId);
  }

  location(partitionId: number, bucket: number): BucketLocation__Output | undefined {
    return this.#locations.get(partitionBucketKey({ partitionId, bucket }));
  }

  /** The live server leading a bucket, or undefined while it has none (just created, leader down). */
  leader(partitionId: number, bucket: number): ServerNode__Output | undefined {
    const location = this.location(partitionId, bucket);
    if (location === undefined || location.leader < 0) return undefined;
    return this.#servers.get(location.leader);
  }
}

/** What the cache needs from the coordinator: GetMetadata for some tables (none = servers only). */
export type MetadataFetcher = (tables: TablePath[]) => Promise<GetMetadataResponse__Output>;

/**
 * Table metadata by path, fetched on first use and refreshed on demand (after a retriable error,
 * or when a scanner looks for new partitions). Concurrent refreshes of one table share one call.
 */
export class MetadataCache {
  readonly #fetch: MetadataFetcher;
  readonly #tables = new Map<string, TableSnapshot>();
  readonly #refreshing = new Map<string, Promise<TableSnapshot>>();

  constructor(fetch: MetadataFetcher) {
    this.#fetch = fetch;
  }

  /** The cached snapshot, fetching it when there is none. */
  async table(path: TablePath): Promise<TableSnapshot> {
    return this.#tables.get(formatTablePath(path)) ?? this.refresh(path);
  }

  refresh(path: TablePath): Promise<TableSnapshot> {
    const key = formatTablePath(path);
    const pending = this.#refreshing.get(key);
    if (pending !== undefined) return pending;
    const refresh = this.#load(path).finally(() => this.#refreshing.delete(key));
    this.#refreshing.set(key, refresh);
    return refresh;
  }

  invalidate(path: TablePath): void {
    this.#tables.delete(formatTablePath(path));
  }

  async #load(path: TablePath): Promise<TableSnapshot> {
    const response = await this.#fetch([path]);
    const metadata = response.tables.find((table) => table.table?.path?.database === path.database && table.table.path.table === path.table);
    if (metadata === undefined) throw new FlussError('UNKNOWN_TABLE', `Table ${formatTablePath(path)} does not exist`);
    const snapshot = new TableSnapshot(metadata, response.tabletServers);
    this.#tables.set(formatTablePath(path), snapshot);
    return snapshot;
  }
}
