// An in-memory coordinator admin for reconciler unit tests, failing as the coordinator does
// (FlussErrors with its codes). It keeps tables with their buckets' replicas and ISR, a server
// registry with tags, and one rebalance at a time, which the test moves on (completeMoves,
// failRebalance): the coordinator's executor plays no part in a unit test.
import type { BucketRemoteLog, ClusterMetadata, RebalanceOptions, RebalanceProgress, ServerSummary, TableInfo } from '../../../server/src/client/admin.ts';
import type { TableDescriptor } from '../../../server/src/client/table-descriptor.ts';
import { formatTablePath, toTablePath, type TablePath } from '../../../server/src/client/table-path.ts';
import { FlussError } from '../../../server/src/rpc/errors.ts';
import type { CoordinatorAdmin } from './admin-client.ts';
import { planFakeRebalance, type FakeBucket, type FakeServer } from './fake-rebalance-plan.ts';

type AlterChanges = Parameters<CoordinatorAdmin['alterTable']>[1];

const keyOf = (path: string | TablePath): string => formatTablePath(toTablePath(path));
const unknownTable = (path: string | TablePath): FlussError => new FlussError('UNKNOWN_TABLE', `Table ${keyOf(path)} does not exist`);
const serverTags: readonly string[] = ['PERMANENT_OFFLINE', 'TEMPORARY_OFFLINE'];
const running = (progress: RebalanceProgress | undefined): boolean => progress?.state === 'IN_PROGRESS' || progress?.state === 'CANCELING';

export class FakeCoordinatorAdmin implements CoordinatorAdmin {
  readonly tables = new Map<string, TableInfo>();
  /** Bucket assignments by table path ('db.table'). */
  readonly buckets = new Map<string, FakeBucket[]>();
  readonly servers = new Map<number, FakeServer>();
  readonly calls: string[] = [];
  /** Remote log per bucket, by table path ('db.table'); a table without an entry has uploaded nothing. */
  readonly remoteLogByTable = new Map<string, BucketRemoteLog[]>();
  /** Thrown by remoteLogs only (a coordinator without the call, say). */
  remoteLogsError: Error | undefined;
  available = true;
  #nextId = 1;
  #nextRebalance = 1;
  #rebalance: RebalanceProgress | undefined;
  #clockMs = 1_000;

  #check(call: string): void {
    this.calls.push(call);
    if (!this.available) throw new FlussError('UNAVAILABLE', 'connection refused');
  }

  #existing(path: string | TablePath): TableInfo {
    const table = this.tables.get(keyOf(path));
    if (!table) throw unknownTable(path);
    return table;
  }

  // --- test controls -------------------------------------------------------------------------

  /** Servers registering (live, untagged unless they were tagged before). */
  registerServers(ids: Iterable<number>): void {
    for (const id of ids) {
      const known = this.servers.get(id);
      this.servers.set(id, { id, live: true, tags: known?.tags ?? new Set(), shuttingDown: false });
    }
  }

  /** A server stops heartbeating (live false) or comes back; a server shutting down is live but not electable. */
  setServer(id: number, state: { live?: boolean; shuttingDown?: boolean }): void {
    const server = this.servers.get(id);
    if (!server) throw new Error(`no server ${id}`);
    Object.assign(server, state);
  }

  bucketsOf(path: string): FakeBucket[] {
    const buckets = this.buckets.get(path);
    if (!buckets) throw new Error(`no table ${path}`);
    return buckets;
  }

  /** Every bucket's ISR back to its full replica set. */
  fillIsr(): void {
    for (const buckets of this.buckets.values()) for (const bucket of buckets) bucket.isr = [...bucket.replicas];
  }

  /** The executor finishes `count` pending moves (all by default); with none left the rebalance COMPLETES. */
  completeMoves(count = Number.POSITIVE_INFINITY): void {
    const progress = this.#rebalance;
    if (!progress || !running(progress)) throw new Error('no rebalance in progress');
    if (progress.state === 'CANCELING') {
      this.#finish(progress, 'CANCELED');
      return;
    }
    let left = count;
    for (const move of progress.moves) {
      if (left <= 0) break;
      if (move.status !== 'PENDING') continue;
      const bucket = this.buckets.get(keyOf(move.table ?? ''))?.find((candidate) => candidate.bucket === move.bucket);
      if (bucket) Object.assign(bucket, { replicas: [...move.newReplicas], isr: [...move.newReplicas], leader: move.newLeader });
      move.status = 'COMPLETED';
      left -= 1;
    }
    if (progress.moves.every((move) => move.status !== 'PENDING')) this.#finish(progress, 'COMPLETED');
  }

  failRebalance(error: string): void {
    const progress = this.#rebalance;
    if (!progress) throw new Error('no rebalance');
    for (const move of progress.moves) if (move.status === 'PENDING') Object.assign(move, { status: 'FAILED', error });
    this.#finish(progress, 'FAILED');
  }

  #finish(progress: RebalanceProgress, state: string): void {
    progress.state = state;
    progress.finishedAtMs = this.#clockMs += 1000;
  }

  #summary(server: FakeServer): ServerSummary {
    let replicas = 0;
    let leaders = 0;
    let underReplicated = 0;
    let atMinIsr = 0;
    for (const [path, buckets] of this.buckets) {
      const minIsr = Number(this.tables.get(path)?.properties['table.min-insync-replicas'] ?? '1');
      for (const bucket of buckets) {
        if (bucket.replicas.includes(server.id)) replicas += 1;
        if (bucket.leader === server.id) leaders += 1;
        if (bucket.replicas.includes(server.id) && bucket.isr.length < bucket.replicas.length) underReplicated += 1;
        if (bucket.isr.includes(server.id) && bucket.isr.length <= minIsr) atMinIsr += 1;
      }
    }
    return {
      node: { id: server.id, host: `server-${server.id}`, port: 9124, rack: '' },
      live: server.live,
      tags: [...server.tags].sort(),
      replicas,
      leaders,
      shuttingDown: server.shuttingDown,
      underReplicated,
      atMinIsr,
    };
  }

  // --- tables ---------------------------------------------------------------------------------

  async getTable(path: string | TablePath): Promise<TableInfo> {
    this.#check('getTable');
    return this.#existing(path);
  }

  async listDatabases(): Promise<string[]> {
    this.#check('listDatabases');
    return [...new Set([...this.tables.values()].map((table) => table.path?.database ?? ''))].sort();
  }

  async listTables(database: string): Promise<string[]> {
    this.#check('listTables');
    return [...this.tables.values()]
      .filter((table) => table.path?.database === database)
      .map((table) => table.path?.table ?? '')
      .sort();
  }

  async clusterMetadata(paths: Array<string | TablePath> = []): Promise<ClusterMetadata> {
    this.#check('clusterMetadata');
    const tables = paths.map((path) => {
      const table = this.#existing(path);
      const buckets = (this.buckets.get(keyOf(path)) ?? []).map((bucket) => ({
        tableId: bucket.tableId,
        partitionId: -1,
        bucket: bucket.bucket,
        leader: bucket.leader,
        replicas: [...bucket.replicas],
        leaderEpoch: 0,
        isr: [...bucket.isr],
        bucketEpoch: 0,
        addingReplicas: [],
        removingReplicas: [],
      }));
      return { table, partitions: [], buckets };
    });
    const live = [...this.servers.values()].filter((server) => server.live);
    return { coordinator: null, tabletServers: live.map((server) => ({ id: server.id, host: `server-${server.id}`, port: 9124, rack: '' })), tables };
  }

  /** Replicas go round-robin over the live untagged servers, as many as `table.replication.factor` (default 1). */
  async createTable(spec: TableDescriptor): Promise<TableInfo> {
    this.#check('createTable');
    const key = `${spec.database}.${spec.name}`;
    if (this.tables.has(key)) throw new FlussError('TABLE_ALREADY_EXISTS', `${key} exists`);
    if (spec.schema.columns.some((column) => column.type === 'NOPE')) throw new FlussError('INVALID_ARGUMENT', 'unknown type NOPE');
    const replicationFactor = Number(spec.properties?.['table.replication.factor'] ?? '1');
    const eligible = [...this.servers.values()].filter((server) => server.live && server.tags.size === 0).map((server) => server.id);
    if (eligible.length > 0 && replicationFactor > eligible.length)
      throw new FlussError('INVALID_ARGUMENT', `replication factor ${replicationFactor} exceeds the ${eligible.length} available tablet servers`);
    const primaryKey = spec.primaryKey ?? [];
    const bucketKey = spec.bucketKey ?? [];
    const tableId = this.#nextId++;
    const table: TableInfo = {
      tableId,
      path: { database: spec.database, table: spec.name },
      schema: {
        schemaId: 1,
        columns: spec.schema.columns.map((column, id) => ({
          id,
          name: column.name,
          type: column.type,
          nullable: column.nullable ?? true,
          comment: column.comment ?? '',
        })),
      },
      primaryKey,
      bucketKey: bucketKey.length > 0 ? bucketKey : primaryKey,
      buckets: spec.buckets || 3,
      partitionKeys: spec.partitionKeys ?? [],
      properties: { ...spec.properties },
      comment: spec.comment ?? '',
      createdAtMs: 0,
      modifiedAtMs: 0,
      replicationFactor,
      incarnation: `fake-${this.#nextId}`,
    };
    this.tables.set(key, table);
    this.buckets.set(
      key,
      Array.from({ length: table.buckets }, (_, bucket) => {
        const replicas = eligible.length === 0 ? [] : Array.from({ length: replicationFactor }, (_, i) => eligible[(bucket + i) % eligible.length] as number);
        return { tableId, path: table.path as TablePath, bucket, leader: replicas[0] ?? -1, replicas, isr: [...replicas] };
      }),
    );
    return table;
  }

  async alterTable(path: string | TablePath, changes: AlterChanges): Promise<TableInfo> {
    this.#check('alterTable');
    const table = this.#existing(path);
    for (const key of changes.resetProperties ?? []) delete table.properties[key];
    Object.assign(table.properties, changes.setProperties);
    if (changes.comment) table.comment = changes.comment;
    return table;
  }

  async dropTable(path: string | TablePath, options: { ignoreIfNotExists?: boolean } = {}): Promise<void> {
    this.#check('dropTable');
    this.buckets.delete(keyOf(path));
    if (!this.tables.delete(keyOf(path)) && !options.ignoreIfNotExists) throw unknownTable(path);
  }

  async remoteLogs(path: string | TablePath): Promise<BucketRemoteLog[]> {
    this.#check('remoteLogs');
    if (this.remoteLogsError) throw this.remoteLogsError;
    const table = this.#existing(path);
    const none = { startOffset: 0, endOffset: 0, sizeBytes: 0, segments: 0 };
    return this.remoteLogByTable.get(keyOf(path)) ?? Array.from({ length: table.buckets }, (_, bucket) => ({ partitionId: -1, bucket, ...none }));
  }

  // --- servers and rebalance ------------------------------------------------------------------

  async listServers(): Promise<ServerSummary[]> {
    this.#check('listServers');
    return [...this.servers.values()].sort((a, b) => a.id - b.id).map((server) => this.#summary(server));
  }

  async addServerTag(serverIds: readonly number[], tag: string): Promise<void> {
    this.#check('addServerTag');
    this.#tag(serverIds, tag, (tags) => tags.add(tag));
  }

  async removeServerTag(serverIds: readonly number[], tag: string): Promise<void> {
    this.#check('removeServerTag');
    this.#tag(serverIds, tag, (tags) => tags.delete(tag));
  }

  #tag(serverIds: readonly number[], tag: string, change: (tags: Set<string>) => void): void {
    if (!serverTags.includes(tag)) throw new FlussError('INVALID_ARGUMENT', `Unknown server tag ${tag}`);
    for (const id of serverIds) {
      const server = this.servers.get(id) ?? { id, live: false, tags: new Set<string>(), shuttingDown: false };
      change(server.tags);
      this.servers.set(id, server);
    }
  }

  async rebalance(options: RebalanceOptions = {}): Promise<RebalanceProgress> {
    this.#check('rebalance');
    if (running(this.#rebalance)) throw new FlussError('FAILED_PRECONDITION', `Rebalance ${this.#rebalance?.rebalanceId} is in progress`);
    const plan = planFakeRebalance([...this.buckets.values()].flat(), [...this.servers.values()]);
    const progress: RebalanceProgress = {
      rebalanceId: options.dryRun ? '' : `rb-${this.#nextRebalance++}`,
      state: options.dryRun ? 'PLANNED' : plan.moves.length === 0 ? 'COMPLETED' : 'IN_PROGRESS',
      goals: options.goals && options.goals.length > 0 ? [...options.goals] : ['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION'],
      moves: plan.moves,
      startedAtMs: options.dryRun ? 0 : (this.#clockMs += 1000),
      finishedAtMs: !options.dryRun && plan.moves.length === 0 ? this.#clockMs : 0,
      maxConcurrentMoves: options.maxConcurrentMoves ?? 0,
      throttleBytesPerSec: options.throttleBytesPerSec ?? 0,
      unmovable: plan.unmovable,
    };
    if (!options.dryRun) this.#rebalance = progress;
    return structuredClone(progress);
  }

  async rebalanceProgress(): Promise<RebalanceProgress | undefined> {
    this.#check('rebalanceProgress');
    return this.#rebalance && structuredClone(this.#rebalance);
  }

  async cancelRebalance(rebalanceId?: string): Promise<RebalanceProgress> {
    this.#check('cancelRebalance');
    const progress = this.#rebalance;
    if (!progress || (rebalanceId !== undefined && rebalanceId !== progress.rebalanceId))
      throw new FlussError('NOT_FOUND', `No rebalance ${rebalanceId ?? ''}`);
    if (progress.state === 'IN_PROGRESS') {
      progress.state = 'CANCELING';
      for (const move of progress.moves) if (move.status === 'PENDING') move.status = 'CANCELED';
    }
    return structuredClone(progress);
  }
}
