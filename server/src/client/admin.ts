import { call } from '../rpc/client.ts';
import type { GetMetadataResponse__Output } from '../rpc/generated/fluss/v1/GetMetadataResponse.ts';
import type { PartitionInfo__Output } from '../rpc/generated/fluss/v1/PartitionInfo.ts';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import type { RebalanceProgress__Output } from '../rpc/generated/fluss/v1/RebalanceProgress.ts';
import type { ServerSummary__Output } from '../rpc/generated/fluss/v1/ServerSummary.ts';
import type { FlussConnection } from './connection.ts';
import { toTableSpec, type TableDescriptor } from './table-descriptor.ts';
import { toTablePath, type TablePath } from './table-path.ts';

export type TableInfo = TableInfo__Output;
export type PartitionInfo = PartitionInfo__Output;
export type ClusterMetadata = GetMetadataResponse__Output;
export type RebalanceProgress = RebalanceProgress__Output;
export type ServerSummary = ServerSummary__Output;

/** What a rebalance is asked to do (docs/rebalance.md); every field may be left out. */
export interface RebalanceOptions {
  /** In priority order: RACK_AWARE, REPLICA_DISTRIBUTION, LEADER_DISTRIBUTION; default all three. */
  goals?: readonly string[] | undefined;
  /** Only plan: nothing moves; the answer's state is PLANNED. */
  dryRun?: boolean | undefined;
  /** Buckets moved at once (default: the coordinator's rebalance.max-concurrent-moves). */
  maxConcurrentMoves?: number | undefined;
  /** Bytes per second each server fetches for replicas it adds (default: unthrottled). */
  throttleBytesPerSec?: number | undefined;
}

/** One bucket's remote log: the offsets [startOffset, endOffset) its remote segments cover. */
export interface BucketRemoteLog {
  partitionId: number;
  bucket: number;
  startOffset: number;
  endOffset: number;
  sizeBytes: number;
  segments: number;
}

/**
 * Metadata operations against the coordinator. Failures are FlussErrors carrying the coordinator's
 * error code and message (UNKNOWN_TABLE, TABLE_ALREADY_EXISTS, INVALID_ARGUMENT, ...; docs/client.md).
 */
export class Admin {
  readonly #connection: FlussConnection;

  constructor(connection: FlussConnection) {
    this.#connection = connection;
  }

  async createDatabase(name: string, options: { ignoreIfExists?: boolean; comment?: string } = {}): Promise<void> {
    await this.#call((c) => c.createDatabase, { name, ignoreIfExists: options.ignoreIfExists ?? false, comment: options.comment ?? '' });
  }

  /** Refuses a non-empty database unless `cascade`. */
  async dropDatabase(name: string, options: { ignoreIfNotExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    await this.#call((c) => c.dropDatabase, { name, ignoreIfNotExists: options.ignoreIfNotExists ?? false, cascade: options.cascade ?? false });
  }

  async listDatabases(): Promise<string[]> {
    return (await this.#call((c) => c.listDatabases, {})).databases;
  }

  /** Creates a table; `createDatabase` creates its database when missing. Returns the table with column ids. */
  async createTable(descriptor: TableDescriptor, options: { ignoreIfExists?: boolean; createDatabase?: boolean } = {}): Promise<TableInfo> {
    const response = await this.#call((c) => c.createTable, {
      spec: toTableSpec(descriptor),
      ignoreIfExists: options.ignoreIfExists ?? false,
      createDatabase: options.createDatabase ?? false,
    });
    return this.#present(response.table, 'createTable');
  }

  /** Changes what may change: properties (set or reset) and the comment. */
  async alterTable(
    path: string | TablePath,
    changes: { setProperties?: Record<string, string>; resetProperties?: string[]; comment?: string },
  ): Promise<TableInfo> {
    const tablePath = toTablePath(path);
    const response = await this.#call((c) => c.alterTable, {
      path: tablePath,
      setProperties: changes.setProperties ?? {},
      resetProperties: changes.resetProperties ?? [],
      comment: changes.comment ?? '',
    });
    this.#connection.metadata.invalidate(tablePath);
    return this.#present(response.table, 'alterTable');
  }

  async dropTable(path: string | TablePath, options: { ignoreIfNotExists?: boolean } = {}): Promise<void> {
    const tablePath = toTablePath(path);
    await this.#call((c) => c.dropTable, { path: tablePath, ignoreIfNotExists: options.ignoreIfNotExists ?? false });
    this.#connection.metadata.invalidate(tablePath);
  }

  async listTables(database: string): Promise<string[]> {
    return (await this.#call((c) => c.listTables, { database })).tables;
  }

  async getTable(path: string | TablePath): Promise<TableInfo> {
    const response = await this.#call((c) => c.getTable, { path: toTablePath(path) });
    return this.#present(response.table, 'getTable');
  }

  async listPartitions(path: string | TablePath): Promise<PartitionInfo[]> {
    return (await this.#call((c) => c.listPartitions, { path: toTablePath(path) })).partitions;
  }

  /** `spec` gives one value per partition key, e.g. `{ region: 'eu', day: '20261126' }`. */
  async createPartition(path: string | TablePath, spec: Record<string, string>, options: { ignoreIfExists?: boolean } = {}): Promise<PartitionInfo> {
    const response = await this.#call((c) => c.createPartition, {
      path: toTablePath(path),
      spec,
      ignoreIfExists: options.ignoreIfExists ?? false,
    });
    return this.#present(response.partition, 'createPartition');
  }

  async dropPartition(path: string | TablePath, spec: Record<string, string>, options: { ignoreIfNotExists?: boolean } = {}): Promise<void> {
    await this.#call((c) => c.dropPartition, { path: toTablePath(path), spec, ignoreIfNotExists: options.ignoreIfNotExists ?? false });
  }

  /** Live tablet servers and, for the given tables, their partitions and bucket leaders. */
  async clusterMetadata(tables: Array<string | TablePath> = []): Promise<ClusterMetadata> {
    return this.#call((c) => c.getMetadata, { tables: tables.map(toTablePath) });
  }

  /**
   * Moves leaderships back to the buckets' preferred replicas (the first of each), of one table or
   * of all, where the preferred replica is live and in sync (docs/replication.md). Returns how many
   * moved, and how many buckets wait for their preferred replica (down, behind or shutting down).
   */
  async electPreferredLeaders(table?: string | TablePath): Promise<{ moved: number; waiting: number }> {
    const answer = await this.#call((c) => c.electPreferredLeaders, table === undefined ? {} : { table: toTablePath(table) });
    return { moved: answer.movedLeaderships, waiting: answer.waitingBuckets };
  }

  /** Adds a tag (PERMANENT_OFFLINE or TEMPORARY_OFFLINE) to tablet servers (docs/rebalance.md). */
  async addServerTag(serverIds: readonly number[], tag: string): Promise<void> {
    await this.#call((c) => c.addServerTag, { serverIds: [...serverIds], tag });
  }

  async removeServerTag(serverIds: readonly number[], tag: string): Promise<void> {
    await this.#call((c) => c.removeServerTag, { serverIds: [...serverIds], tag });
  }

  /** Every tablet server the coordinator knows: live or not, its tags, replicas and leaderships. */
  async listServers(): Promise<ServerSummary[]> {
    return (await this.#call((c) => c.listServers, {})).servers;
  }

  /** Plans a rebalance and, unless a dry run, starts it; refused (FAILED_PRECONDITION) while one runs. */
  async rebalance(options: RebalanceOptions = {}): Promise<RebalanceProgress> {
    const request = {
      goals: [...(options.goals ?? [])],
      dryRun: options.dryRun ?? false,
      maxConcurrentMoves: options.maxConcurrentMoves ?? 0,
      throttleBytesPerSec: options.throttleBytesPerSec ?? 0,
    };
    return this.#present((await this.#call((c) => c.rebalance, request)).rebalance, 'Rebalance');
  }

  /** The current or last rebalance; undefined when there never was one. */
  async rebalanceProgress(): Promise<RebalanceProgress | undefined> {
    return (await this.#call((c) => c.getRebalanceProgress, {})).rebalance ?? undefined;
  }

  /** Cancels the running rebalance (of this id, when given): pending moves are dropped, in-flight ones finish. */
  async cancelRebalance(rebalanceId?: string): Promise<RebalanceProgress> {
    return this.#present((await this.#call((c) => c.cancelRebalance, { rebalanceId: rebalanceId ?? '' })).rebalance, 'CancelRebalance');
  }

  /**
   * What each bucket of the table keeps in remote storage (docs/remote-storage.md), as the
   * coordinator's committed remote log manifests say: offsets, bytes and segments. A bucket that
   * has uploaded nothing yet shows zeros.
   */
  async remoteLogs(path: string | TablePath): Promise<BucketRemoteLog[]> {
    const buckets = (await this.clusterMetadata([path])).tables[0]?.buckets ?? [];
    if (buckets.length === 0) return [];
    const where = buckets.map(({ tableId, partitionId, bucket }) => ({ tableId, partitionId, bucket }));
    const { manifests } = await this.#call((c) => c.getRemoteLogManifests, { buckets: where });
    return manifests.map((m) => ({
      partitionId: m.partitionId,
      bucket: m.bucket,
      startOffset: m.remoteLogStartOffset,
      endOffset: m.remoteLogEndOffset,
      sizeBytes: m.sizeBytes,
      segments: m.segmentCount,
    }));
  }

  /** One coordinator call with the connection's deadline; `pick` names the method. */
  #call<Req, Res>(pick: (client: Coordinator) => UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    const coordinator = this.#connection.coordinator;
    return call(coordinator, pick(coordinator), request, { timeoutMs: this.#connection.requestTimeoutMs });
  }

  #present<T>(value: T | null, method: string): T {
    if (value === null) throw new TypeError(`Empty ${method} response from the coordinator`);
    return value;
  }
}

type Coordinator = FlussConnection['coordinator'];
type UnaryMethod<Req, Res> = Parameters<typeof call<Req, Res>>[1];
