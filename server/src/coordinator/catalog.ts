import { join } from 'node:path';
import { FlussError } from '../rpc/errors.ts';
import { newIncarnation, type PartitionInfo, type TableInfo, type TableSpec } from '../table/table-info.ts';
import { tableBucketKey, type BucketAssignment, type ReplicaDeletionRecord, type ReplicaRemovalRecord, type TableBucket } from '../table/table-bucket.ts';
import { validateTableSpec, validateName } from '../table/table-spec.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import { partitionName, planAutoPartitions, type PartitionSpec } from '../table/partitions.ts';
import { CorruptFileError, readCheckedJson, writeCheckedJson } from '../common/checked-json-file.ts';
import { Mutex } from '../common/mutex.ts';
import { isNoSpace } from '../common/files.ts';
import type { Clock } from '../common/timers.ts';
import { placeReplicas, type PlacementServer } from './assignment.ts';
import { electLeaders, judgeIsrChange, newTermsAfterRestart, type IsrChange, type IsrVerdict } from './leader-election.ts';
import { dropLostReplicas } from './lost-replicas.ts';
import type { ClusterView } from './leader-eligibility.ts';
import { planControlledShutdown, type ShutdownPlan } from './controlled-shutdown.ts';
import { planPreferredLeaders, type PreferredLeaderPlan } from './preferred-leaders.ts';
import { randomUUID } from 'node:crypto';
import { emptyState, upgradeState, type MetadataState } from './metadata-state.ts';
import { judgeKvSnapshotCommit, type KvSnapshotCommit, type KvSnapshotRecord, type KvSnapshotVerdict } from './kv-snapshot-commits.ts';
import { advanceRebalance, cancelRebalance, isRebalanceRunning, type RebalanceRecord, type RebalanceRound } from './rebalance/rebalance-record.ts';
import type { ServerTag } from './rebalance/server-tags.ts';
import { judgeRemoteLogCommit, type RemoteLogCommit, type RemoteLogCommitVerdict, type RemoteLogRecord } from './remote-log-commits.ts';

/**
 * What one table may grow to: every bucket replica is open files on a tablet server, so a table
 * (or its auto-partitioning) must not ask for more than the servers can hold open.
 */
export interface CatalogLimits {
  /** `max.partition.num`: partitions of one table. */
  maxPartitionsPerTable: number;
  /** `max.bucket.num`: buckets of one table, all partitions together. */
  maxBucketsPerTable: number;
  /** `default.replication.factor`: replicas per bucket of a table that does not say. */
  defaultReplicationFactor: number;
}

export const DEFAULT_LIMITS: CatalogLimits = { maxPartitionsPerTable: 1_000, maxBucketsPerTable: 10_000, defaultReplicationFactor: 1 };

/** Wraps a validation TypeError as the INVALID_ARGUMENT the client sees. */
function invalid<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TypeError) throw new FlussError('INVALID_ARGUMENT', error.message);
    throw error;
  }
}

/**
 * The coordinator's metadata: databases, tables, partitions and bucket assignment. Every change
 * runs under one mutex, is validated before anything is touched, and is persisted (atomically)
 * before the call returns, so an acknowledged DDL survives a crash.
 */
export class Catalog {
  readonly #path: string;
  readonly #clock: Clock;
  readonly #defaultBuckets: number;
  readonly #limits: CatalogLimits;
  readonly #mutex = new Mutex();
  #state: MetadataState;
  #liveServers: () => PlacementServer[] = () => [];
  #shuttingDown: () => ReadonlySet<number> = () => new Set();

  private constructor(path: string, state: MetadataState, clock: Clock, defaultBuckets: number, limits: CatalogLimits) {
    this.#path = path;
    this.#state = state;
    this.#clock = clock;
    this.#defaultBuckets = defaultBuckets;
    this.#limits = limits;
  }

  static async open(dataDir: string, clock: Clock, defaultBuckets = 1, limits: CatalogLimits = DEFAULT_LIMITS): Promise<Catalog> {
    const path = join(dataDir, 'metadata.json');
    const stored = await readCheckedJson<{ version: number } & Record<string, unknown>>(path);
    let state: MetadataState;
    try {
      state = stored === undefined ? emptyState() : upgradeState(stored);
    } catch (error) {
      if (error instanceof TypeError) throw new CorruptFileError(path, error.message);
      throw error;
    }
    return new Catalog(path, state, clock, defaultBuckets, limits);
  }

  /** The cluster's id; undefined while this coordinator has never been used (no metadata). */
  get clusterId(): string | undefined {
    return this.#state.clusterId === '' ? undefined : this.#state.clusterId;
  }

  /** Metadata upgraded from a version without cluster ids: servers with data but no id may join. */
  get adoptsLegacyServers(): boolean {
    return this.#state.adoptsLegacyServers;
  }

  get coordinatorEpoch(): number {
    return this.#state.coordinatorEpoch;
  }

  /**
   * Gives a never-used coordinator its cluster id: a new one for a brand-new cluster, or the id of
   * the cluster whose metadata is being rebuilt (docs/operations.md). Persisted before returning.
   */
  async format(clusterId?: string): Promise<void> {
    await this.#mutate((draft) => {
      if (clusterId === undefined || draft.clusterId === clusterId) return;
      if (draft.clusterId !== '') throw new FlussError('FAILED_PRECONDITION', `This coordinator already belongs to cluster ${draft.clusterId}`);
      draft.clusterId = clusterId;
    });
  }

  /** Starts a new coordinator epoch (at every start of a used coordinator), persisted. */
  async beginEpoch(): Promise<number> {
    if (this.clusterId === undefined) return this.#state.coordinatorEpoch;
    return this.#mutate((draft) => ++draft.coordinatorEpoch);
  }

  /**
   * Takes in what a registering tablet server has seen: ids it holds data for are never handed out
   * again, and this coordinator's epoch moves past the newest the server heard from (which is
   * newer when this coordinator's metadata was rebuilt).
   */
  async noteServerHistory(seen: { maxTableId: number; maxPartitionId: number; coordinatorEpoch: number }): Promise<void> {
    const state = this.#state;
    if (seen.maxTableId < state.nextTableId && seen.maxPartitionId < state.nextPartitionId && seen.coordinatorEpoch < state.coordinatorEpoch) return;
    await this.#mutate((draft) => {
      draft.nextTableId = Math.max(draft.nextTableId, seen.maxTableId + 1);
      draft.nextPartitionId = Math.max(draft.nextPartitionId, seen.maxPartitionId + 1);
      draft.coordinatorEpoch = Math.max(draft.coordinatorEpoch, seen.coordinatorEpoch + 1);
    });
  }

  /** Deletions of dropped tables and partitions with a sequence number above `after`. */
  deletionsAfter(after: number): ReplicaDeletionRecord[] {
    return this.#state.deletions.filter((d) => d.seq > after);
  }

  /** Replicas a rebalance moved off `serverId`, with a sequence number above `after`. */
  removalsAfter(serverId: number, after: number): ReplicaRemovalRecord[] {
    return (this.#state.removals ?? []).filter((r) => r.serverId === serverId && r.seq > after);
  }

  /** Tells the catalog which tablet servers are alive, for assigning new buckets. */
  setLiveServers(liveServers: () => PlacementServer[]): void {
    this.#liveServers = liveServers;
  }

  /** Tells the catalog which live servers are in a controlled shutdown: never elected, given no new replica. */
  setShuttingDownServers(shuttingDown: () => ReadonlySet<number>): void {
    this.#shuttingDown = shuttingDown;
  }

  #cluster(): ClusterView {
    return { live: new Set(this.#liveServers().map((server) => server.id)), shuttingDown: this.#shuttingDown() };
  }

  /** Where new replicas may go: live servers not shutting down and not tagged (rebalance/server-tags.ts). */
  #placementServers(): PlacementServer[] {
    const shuttingDown = this.#shuttingDown();
    const tags = this.#state.serverTags ?? {};
    return this.#liveServers().filter((server) => !shuttingDown.has(server.id) && (tags[String(server.id)]?.length ?? 0) === 0);
  }

  /** A table's options as its properties say (they were validated when set). */
  #tableOptions(draft: MetadataState, tableId: number): ReturnType<typeof parseTableOptions> | undefined {
    const table = draft.tables[String(tableId)];
    return table === undefined ? undefined : parseTableOptions(table.properties, table.partitionKeys);
  }

  get state(): Readonly<MetadataState> {
    return this.#state;
  }

  /** Applies a change to a copy of the state and persists it; the copy becomes current only once saved. */
  async #mutate<T>(change: (draft: MetadataState) => T): Promise<T> {
    return this.#mutex.run(async () => {
      const draft = structuredClone(this.#state);
      const result = change(draft);
      // The first change to a never-used coordinator makes the cluster: it gets its id.
      if (draft.clusterId === '') draft.clusterId = randomUUID();
      if (draft.coordinatorEpoch === 0) draft.coordinatorEpoch = 1;
      try {
        await writeCheckedJson(this.#path, draft);
      } catch (error) {
        // The file is replaced atomically: on a full disk the old metadata stays, unchanged.
        if (isNoSpace(error))
          throw new FlussError('STORAGE_FULL', `Cannot write ${this.#path}: no space left on device; nothing was changed`, { cause: error });
        throw error;
      }
      this.#state = draft;
      return result;
    });
  }

  // ---- databases ----

  listDatabases(): string[] {
    return Object.keys(this.#state.databases).sort();
  }

  async createDatabase(name: string, ignoreIfExists: boolean, comment = ''): Promise<void> {
    invalid(() => validateName('database', name));
    return this.#mutate((draft) => {
      if (draft.databases[name]) {
        if (ignoreIfExists) return;
        throw new FlussError('DATABASE_ALREADY_EXISTS', `Database already exists: ${name}`);
      }
      draft.databases[name] = { comment, createdAtMs: this.#clock.now() };
    });
  }

  async dropDatabase(name: string, ignoreIfNotExists: boolean, cascade: boolean): Promise<void> {
    return this.#mutate((draft) => {
      if (!draft.databases[name]) {
        if (ignoreIfNotExists) return;
        throw new FlussError('UNKNOWN_DATABASE', `Database does not exist: ${name}`);
      }
      const tables = Object.values(draft.tables).filter((t) => t.path?.database === name);
      if (tables.length > 0 && !cascade) {
        throw new FlussError('DATABASE_NOT_EMPTY', `Database ${name} is not empty (${tables.length} tables); drop with cascade`);
      }
      for (const table of tables) removeTable(draft, table.tableId);
      delete draft.databases[name];
    });
  }

  // ---- tables ----

  listTables(database: string): string[] {
    this.#requireDatabase(database);
    return Object.values(this.#state.tables)
      .filter((t) => t.path?.database === database)
      .map((t) => t.path!.table)
      .sort();
  }

  getTable(database: string, table: string): TableInfo {
    const info = this.findTable(database, table);
    if (!info) throw new FlussError('UNKNOWN_TABLE', `Table does not exist: ${database}.${table}`);
    return info;
  }

  findTable(database: string, table: string): TableInfo | undefined {
    return Object.values(this.#state.tables).find((t) => t.path?.database === database && t.path.table === table);
  }

  tableById(tableId: number): TableInfo | undefined {
    return this.#state.tables[String(tableId)];
  }

  #requireDatabase(database: string): void {
    if (!this.#state.databases[database]) throw new FlussError('UNKNOWN_DATABASE', `Database does not exist: ${database}`);
  }

  async createTable(spec: TableSpec, ignoreIfExists: boolean, createDatabase: boolean): Promise<TableInfo> {
    const validated = invalid(() => validateTableSpec(spec, this.#defaultBuckets));
    const { autoPartition, replicationFactor: asked } = invalid(() => parseTableOptions(validated.properties, validated.partitionKeys));
    const replicationFactor = asked ?? this.#limits.defaultReplicationFactor;
    this.#checkReplication(replicationFactor, `${spec.database}.${spec.name}`);
    if (autoPartition.enabled && autoPartition.numPrecreate > this.#limits.maxPartitionsPerTable) {
      throw new FlussError(
        'INVALID_ARGUMENT',
        `Property table.auto-partition.num-precreate ${autoPartition.numPrecreate} is above max.partition.num ${this.#limits.maxPartitionsPerTable}`,
      );
    }
    const result = await this.#mutate((draft) => {
      if (!draft.databases[spec.database]) {
        if (!createDatabase) throw new FlussError('UNKNOWN_DATABASE', `Database does not exist: ${spec.database}`);
        draft.databases[spec.database] = { comment: '', createdAtMs: this.#clock.now() };
      }
      const existing = Object.values(draft.tables).find((t) => t.path?.database === spec.database && t.path.table === spec.name);
      if (existing) {
        if (ignoreIfExists) return existing;
        throw new FlussError('TABLE_ALREADY_EXISTS', `Table already exists: ${spec.database}.${spec.name}`);
      }
      const tableId = draft.nextTableId++;
      const now = this.#clock.now();
      const info: TableInfo = {
        tableId,
        path: { database: spec.database, table: spec.name },
        schema: { schemaId: 1, columns: validated.columns },
        primaryKey: validated.primaryKey,
        bucketKey: validated.bucketKey,
        buckets: validated.buckets,
        partitionKeys: validated.partitionKeys,
        properties: validated.properties,
        comment: spec.comment,
        createdAtMs: now,
        modifiedAtMs: now,
        replicationFactor,
        incarnation: newIncarnation(),
      };
      draft.tables[String(tableId)] = info;
      if (info.partitionKeys.length === 0) this.#addBuckets(draft, info, -1);
      // The first time partitions come with the table, in the same change: a table is never saved
      // without them, and a failure to plan them saves nothing.
      if (autoPartition.enabled) {
        const { key, timeUnit: unit, numPrecreate, numRetention } = autoPartition;
        const plan = planAutoPartitions({ now, unit, numPrecreate, numRetention, existing: [] });
        for (const value of plan.create) this.#addPartition(draft, info, { [key]: value }, value);
      }
      return info;
    });
    return result;
  }

  async alterTable(
    database: string,
    table: string,
    setProperties: Record<string, string>,
    resetProperties: readonly string[],
    comment: string,
  ): Promise<TableInfo> {
    return this.#mutate((draft) => {
      const current = Object.values(draft.tables).find((t) => t.path?.database === database && t.path.table === table);
      if (!current) throw new FlussError('UNKNOWN_TABLE', `Table does not exist: ${database}.${table}`);
      const properties = { ...current.properties, ...setProperties };
      for (const key of resetProperties) delete properties[key];
      invalid(() => parseTableOptions(properties, current.partitionKeys));
      current.properties = properties;
      if (comment !== '') current.comment = comment;
      current.modifiedAtMs = this.#clock.now();
      return current;
    });
  }

  async dropTable(database: string, table: string, ignoreIfNotExists: boolean): Promise<void> {
    return this.#mutate((draft) => {
      const current = Object.values(draft.tables).find((t) => t.path?.database === database && t.path.table === table);
      if (!current) {
        if (ignoreIfNotExists) return;
        throw new FlussError('UNKNOWN_TABLE', `Table does not exist: ${database}.${table}`);
      }
      removeTable(draft, current.tableId);
    });
  }

  // ---- partitions ----

  partitionById(partitionId: number): PartitionInfo | undefined {
    return this.#state.partitions[String(partitionId)]?.info;
  }

  listPartitions(tableId: number): PartitionInfo[] {
    return Object.values(this.#state.partitions)
      .filter((p) => p.tableId === tableId)
      .map((p) => p.info)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async createPartition(database: string, table: string, spec: PartitionSpec, ignoreIfExists: boolean): Promise<PartitionInfo> {
    const info = this.getTable(database, table);
    if (info.partitionKeys.length === 0) {
      throw new FlussError('INVALID_ARGUMENT', `Table ${database}.${table} is not partitioned`);
    }
    const name = invalid(() => partitionName(info.partitionKeys, spec));
    return this.#mutate((draft) => {
      const existing = Object.values(draft.partitions).find((p) => p.tableId === info.tableId && p.info.name === name);
      if (existing) {
        if (ignoreIfExists) return existing.info;
        throw new FlussError('PARTITION_ALREADY_EXISTS', `Partition already exists: ${database}.${table} ${name}`);
      }
      return this.#addPartition(draft, draft.tables[String(info.tableId)]!, spec, name);
    });
  }

  /** Adds a partition and its buckets, within the per-table limits. */
  #addPartition(draft: MetadataState, table: TableInfo, spec: PartitionSpec, name: string): PartitionInfo {
    const partitions = Object.values(draft.partitions).filter((p) => p.tableId === table.tableId).length;
    const where = `${table.path?.database}.${table.path?.table}`;
    if (partitions + 1 > this.#limits.maxPartitionsPerTable) {
      throw new FlussError('RESOURCE_EXHAUSTED', `Table ${where} has ${partitions} partitions, the most max.partition.num allows; drop some first`);
    }
    if ((partitions + 1) * table.buckets > this.#limits.maxBucketsPerTable) {
      throw new FlussError(
        'RESOURCE_EXHAUSTED',
        `Table ${where} would have ${(partitions + 1) * table.buckets} buckets (${table.buckets} per partition), more than max.bucket.num ${this.#limits.maxBucketsPerTable}`,
      );
    }
    const partitionId = draft.nextPartitionId++;
    const partition: PartitionInfo = { partitionId, name, spec: { ...spec }, createdAtMs: this.#clock.now() };
    draft.partitions[String(partitionId)] = { tableId: table.tableId, info: partition };
    this.#addBuckets(draft, table, partitionId);
    return partition;
  }

  async dropPartition(database: string, table: string, spec: PartitionSpec, ignoreIfNotExists: boolean): Promise<void> {
    const info = this.getTable(database, table);
    const name = invalid(() => partitionName(info.partitionKeys, spec));
    return this.#mutate((draft) => {
      const existing = Object.values(draft.partitions).find((p) => p.tableId === info.tableId && p.info.name === name);
      if (!existing) {
        if (ignoreIfNotExists) return;
        throw new FlussError('UNKNOWN_PARTITION', `Partition does not exist: ${database}.${table} ${name}`);
      }
      removePartition(draft, existing.info.partitionId);
    });
  }

  // ---- bucket assignment ----

  bucketsOfTable(tableId: number): BucketAssignment[] {
    return Object.values(this.#state.buckets).filter((b) => b.tableId === tableId);
  }

  bucket(tb: TableBucket): BucketAssignment | undefined {
    return this.#state.buckets[tableBucketKey(tb)];
  }

  /** The buckets a server holds a replica of (whether it leads them or not). */
  bucketsHostedBy(serverId: number): BucketAssignment[] {
    return Object.values(this.#state.buckets).filter((b) => b.replicas.includes(serverId));
  }

  /**
   * Moves leadership and ISR membership after tablet servers' sessions expired or came back
   * (leader-election.ts); persisted before it returns. Returns the buckets that changed.
   */
  async electLeaders(): Promise<BucketAssignment[]> {
    const cluster = this.#cluster();
    const elect = (state: MetadataState) =>
      electLeaders(Object.values(state.buckets), cluster, (bucket) => this.#tableOptions(state, bucket.tableId)?.uncleanLeaderElection === true);
    return this.#applyBucketPlan(elect, (changed) => changed);
  }

  /**
   * A tablet server asked for a controlled shutdown (the caller marked it shutting down): its
   * leaderships move and it leaves ISRs as planControlledShutdown says; persisted before it returns.
   */
  async controlledShutdown(serverId: number): Promise<ShutdownPlan> {
    const cluster = this.#cluster();
    const plan = (state: MetadataState) =>
      planControlledShutdown(Object.values(state.buckets), serverId, cluster, (bucket) => this.#tableOptions(state, bucket.tableId)?.minInsyncReplicas ?? 1);
    return this.#applyBucketPlan(plan, (planned) => planned.changed);
  }

  /**
   * Moves leaderships back to the buckets' preferred replicas where they can lead
   * (planPreferredLeaders), of one table or of all; persisted before it returns.
   */
  async electPreferredLeaders(tableId?: number): Promise<PreferredLeaderPlan> {
    const cluster = this.#cluster();
    const include = tableId === undefined ? undefined : (bucket: BucketAssignment) => bucket.tableId === tableId;
    const plan = (state: MetadataState) => planPreferredLeaders(Object.values(state.buckets), cluster, include);
    return this.#applyBucketPlan(plan, (planned) => planned.changed);
  }

  /**
   * Runs a pure plan of bucket changes on the current state first, writing nothing when it changes
   * nothing; else again on the draft, whose changed buckets are persisted before this returns.
   */
  async #applyBucketPlan<P>(plan: (state: MetadataState) => P, changedOf: (planned: P) => readonly BucketAssignment[]): Promise<P> {
    const first = plan(this.#state);
    if (changedOf(first).length === 0) return first;
    return this.#mutate((draft) => {
      const again = plan(draft);
      for (const bucket of changedOf(again)) draft.buckets[tableBucketKey(bucket)] = bucket;
      return again;
    });
  }

  /**
   * A leader's ISR changes, each judged on its own (judgeIsrChange); the applied ones are persisted
   * together before this returns. Answers in request order.
   */
  async alterIsr(changes: ReadonlyArray<TableBucket & IsrChange>): Promise<Array<{ change: TableBucket & IsrChange; verdict: IsrVerdict | undefined }>> {
    const cluster = this.#cluster();
    return this.#mutate((draft) =>
      changes.map((change) => {
        const current = draft.buckets[tableBucketKey(change)];
        if (current === undefined) return { change, verdict: undefined };
        const verdict = judgeIsrChange(current, change, cluster);
        if (verdict.kind === 'applied') draft.buckets[tableBucketKey(change)] = verdict.bucket;
        return { change, verdict };
      }),
    );
  }

  /**
   * A server that lost its data dir leaves every ISR and leadership before it counts as live
   * (lost-replicas.ts); persisted before it returns. Returns the buckets that changed.
   */
  async dropLostReplicas(serverId: number): Promise<BucketAssignment[]> {
    const cluster = this.#cluster();
    const hasRemoteLog = (bucket: BucketAssignment) => restorableFromRemote(this.remoteLog(bucket), this.kvSnapshot(bucket), this.tableById(bucket.tableId));
    return this.#applyBucketPlan(
      (state) => dropLostReplicas(Object.values(state.buckets), serverId, cluster, hasRemoteLog),
      (changed) => changed,
    );
  }

  /**
   * A tablet server process started again: the buckets it led get a new leader epoch
   * (newTermsAfterRestart); persisted before it returns. Returns the buckets that changed.
   */
  async newTermsAfterRestart(serverId: number): Promise<BucketAssignment[]> {
    if (!Object.values(this.#state.buckets).some((b) => b.leader === serverId)) return [];
    const cluster = this.#cluster();
    return this.#applyBucketPlan(
      (state) => newTermsAfterRestart(Object.values(state.buckets), serverId, cluster),
      (changed) => changed,
    );
  }

  /** The bucket's committed remote log manifest, if any. */
  remoteLog(tb: TableBucket): RemoteLogRecord | undefined {
    return this.#state.remoteLogs?.[tableBucketKey(tb)];
  }

  /**
   * A leader's remote log manifest commit, judged by judgeRemoteLogCommit; persisted before it
   * returns when applied. A repeated commit changes nothing.
   */
  async commitRemoteLog(tb: TableBucket, commit: RemoteLogCommit): Promise<RemoteLogCommitVerdict> {
    return this.#commitBucketRecord(tb, 'remoteLogs', (state, key) =>
      judgeRemoteLogCommit(state.buckets[key], state.tables[String(tb.tableId)], state.remoteLogs?.[key], commit),
    );
  }

  /** The bucket's recorded remote KV snapshot, if any. */
  kvSnapshot(tb: TableBucket): KvSnapshotRecord | undefined {
    return this.#state.kvSnapshots?.[tableBucketKey(tb)];
  }

  /** A leader's remote KV snapshot record, judged by judgeKvSnapshotCommit; persisted before it returns when applied. */
  async commitKvSnapshot(tb: TableBucket, commit: KvSnapshotCommit): Promise<KvSnapshotVerdict> {
    return this.#commitBucketRecord(tb, 'kvSnapshots', (state, key) =>
      judgeKvSnapshotCommit(state.buckets[key], state.tables[String(tb.tableId)], state.kvSnapshots?.[key], commit),
    );
  }

  /**
   * A leader's per-bucket record (remote log manifest, KV snapshot), judged on the current state
   * and again on the draft; persisted before it returns when applied. An applied verdict that is
   * the record already held (a repeated commit) writes nothing.
   */
  async #commitBucketRecord<
    F extends 'remoteLogs' | 'kvSnapshots',
    V extends { kind: 'applied'; record: NonNullable<MetadataState[F]>[string] } | { kind: 'refused' },
  >(tb: TableBucket, field: F, judge: (state: MetadataState, key: string) => V): Promise<V> {
    const key = tableBucketKey(tb);
    const verdict = judge(this.#state, key);
    if (verdict.kind === 'refused' || verdict.record === this.#state[field]?.[key]) return verdict;
    return this.#mutate((draft) => {
      const again = judge(draft, key);
      if (again.kind === 'applied') draft[field] = { ...draft[field], [key]: again.record } as MetadataState[F];
      return again;
    });
  }

  #replicationFactorOf(draft: MetadataState, bucket: TableBucket): number {
    return draft.tables[String(bucket.tableId)]?.replicationFactor ?? 1;
  }

  /**
   * Refuses a replication factor the cluster cannot place now (fewer live servers; with none
   * live, a table of one replica waits for the first).
   */
  #checkReplication(replicationFactor: number, name: string): void {
    const live = this.#placementServers().length;
    if (replicationFactor > 1 && live < replicationFactor) {
      throw new FlussError(
        'INVALID_ARGUMENT',
        `Table ${name} asks for ${replicationFactor} replicas per bucket, but ${live} tablet servers are live (and not shutting down)`,
      );
    }
  }

  // ---- rebalance (rebalance/) ----

  /** Each tagged server's tags, by server id. */
  serverTags(): ReadonlyMap<number, readonly ServerTag[]> {
    return new Map(Object.entries(this.#state.serverTags ?? {}).map(([id, tags]) => [Number(id), tags as ServerTag[]]));
  }

  /** Adds (or with `remove`, removes) a tag of servers; persisted; a no-op writes nothing. */
  async tagServers(serverIds: readonly number[], tag: ServerTag, remove = false): Promise<void> {
    const has = (state: MetadataState, id: number) => state.serverTags?.[String(id)]?.includes(tag) === true;
    if (serverIds.every((id) => has(this.#state, id) !== remove)) return;
    await this.#mutate((draft) => {
      const tags = (draft.serverTags ??= {});
      for (const id of serverIds) {
        const rest = (tags[String(id)] ?? []).filter((t) => t !== tag);
        if (remove && rest.length === 0) delete tags[String(id)];
        else tags[String(id)] = remove ? rest : [...rest, tag];
      }
    });
  }

  get rebalance(): Readonly<RebalanceRecord> | undefined {
    return this.#state.rebalance;
  }

  /** Records a new rebalance, IN_PROGRESS; refused while another is running. */
  async startRebalance(record: RebalanceRecord): Promise<void> {
    await this.#mutate((draft) => {
      if (isRebalanceRunning(draft.rebalance)) {
        throw new FlussError('FAILED_PRECONDITION', `Rebalance ${draft.rebalance!.id} is ${draft.rebalance!.state}: cancel it or wait for it to finish`);
      }
      draft.rebalance = record;
    });
  }

  /**
   * Takes the running rebalance's next steps (advanceRebalance) on the current state first, and
   * writes only when they change something; returns the buckets that changed.
   */
  async advanceRebalance(): Promise<BucketAssignment[]> {
    const cluster = this.#cluster();
    return this.#applyRebalanceRound((state) => advanceRebalance(state.rebalance!, (tb) => state.buckets[tableBucketKey(tb)], cluster, this.#clock.now()));
  }

  /** Cancels the running rebalance (of this id, when given): see cancelRebalance. Returns the buckets that changed. */
  async cancelRebalance(id?: string): Promise<BucketAssignment[]> {
    const current = this.#state.rebalance;
    if (current === undefined || (id !== undefined && id !== '' && id !== current.id)) {
      throw new FlussError('INVALID_ARGUMENT', id ? `No rebalance ${id}` : 'No rebalance to cancel');
    }
    if (!isRebalanceRunning(current)) throw new FlussError('FAILED_PRECONDITION', `Rebalance ${current.id} is already ${current.state}`);
    return this.#applyRebalanceRound((state) => cancelRebalance(state.rebalance!, (tb) => state.buckets[tableBucketKey(tb)], this.#clock.now()));
  }

  async #applyRebalanceRound(round: (state: MetadataState) => RebalanceRound): Promise<BucketAssignment[]> {
    if (!isRebalanceRunning(this.#state.rebalance)) return [];
    const first = round(this.#state);
    if (first.changed.length === 0 && JSON.stringify(first.record) === JSON.stringify(this.#state.rebalance)) return [];
    return this.#mutate((draft) => {
      if (!isRebalanceRunning(draft.rebalance)) return [];
      const again = round(draft);
      for (const bucket of again.changed) draft.buckets[tableBucketKey(bucket)] = bucket;
      for (const { bucket, serverId } of again.removed) {
        const table = draft.tables[String(bucket.tableId)];
        if (table !== undefined) (draft.removals ??= []).push({ ...bucket, seq: draft.nextDeletionSeq++, tableIncarnation: table.incarnation, serverId });
      }
      draft.rebalance = again.record;
      return again.changed;
    });
  }

  /** Gives a leader to every bucket that has none, when servers are available. */
  async assignPendingBuckets(): Promise<number> {
    const pending = Object.values(this.#state.buckets).filter((b) => b.replicas.length === 0);
    if (pending.length === 0 || this.#placementServers().length === 0) return 0;
    return this.#mutate((draft) => {
      const changed = placeReplicas(Object.values(draft.buckets), this.#placementServers(), (b) => this.#replicationFactorOf(draft, b));
      for (const bucket of changed) draft.buckets[tableBucketKey(bucket)] = bucket;
      return changed.length;
    });
  }

  #addBuckets(draft: MetadataState, table: TableInfo, partitionId: number): void {
    const fresh: BucketAssignment[] = [];
    for (let bucket = 0; bucket < table.buckets; bucket++) {
      fresh.push({ tableId: table.tableId, partitionId, bucket, leader: -1, replicas: [], isr: [], leaderEpoch: 0, bucketEpoch: 0 });
    }
    const all = [...Object.values(draft.buckets), ...fresh];
    const assigned = new Map(placeReplicas(all, this.#placementServers(), (b) => this.#replicationFactorOf(draft, b)).map((b) => [tableBucketKey(b), b]));
    for (const bucket of fresh) {
      const key = tableBucketKey(bucket);
      draft.buckets[key] = assigned.get(key) ?? bucket;
    }
  }
}

/** Removes a table and records the deletion of its replica data on the tablet servers. */
function removeTable(draft: MetadataState, tableId: number): void {
  const table = draft.tables[String(tableId)];
  if (table) recordDeletion(draft, tableId, table.incarnation, -1);
  delete draft.tables[String(tableId)];
  for (const [id, partition] of Object.entries(draft.partitions)) {
    if (partition.tableId === tableId) delete draft.partitions[id];
  }
  for (const [key, bucket] of Object.entries(draft.buckets)) {
    if (bucket.tableId === tableId) forgetBucket(draft, key);
  }
}

/**
 * Whether an empty replica can rebuild the bucket from remote storage (what
 * RemoteLogManager.restoreLog does): a remote log; for a primary-key table also a recorded KV
 * snapshot the remote log reaches, or a remote log that still starts at offset 0.
 */
function restorableFromRemote(remote: RemoteLogRecord | undefined, snapshot: KvSnapshotRecord | undefined, table: TableInfo | undefined): boolean {
  if (remote === undefined || remote.endOffset === 0 || table === undefined) return false;
  if (table.primaryKey.length === 0) return true;
  if (snapshot !== undefined && snapshot.logOffset >= remote.startOffset && snapshot.logOffset <= remote.endOffset) return true;
  return remote.startOffset === 0;
}

/** A dropped bucket's assignment, committed remote log and KV snapshot record (their objects are deleted by the tablet servers). */
function forgetBucket(draft: MetadataState, key: string): void {
  delete draft.buckets[key];
  if (draft.remoteLogs !== undefined) delete draft.remoteLogs[key];
  if (draft.kvSnapshots !== undefined) delete draft.kvSnapshots[key];
}

function removePartition(draft: MetadataState, partitionId: number): void {
  const partition = draft.partitions[String(partitionId)];
  const table = partition && draft.tables[String(partition.tableId)];
  if (partition && table) recordDeletion(draft, partition.tableId, table.incarnation, partitionId);
  delete draft.partitions[String(partitionId)];
  for (const [key, bucket] of Object.entries(draft.buckets)) {
    if (bucket.partitionId === partitionId) forgetBucket(draft, key);
  }
}

function recordDeletion(draft: MetadataState, tableId: number, tableIncarnation: string, partitionId: number): void {
  // A table's deletion covers its partitions, and the removals of its moved replicas: their own records are no longer needed.
  if (partitionId === -1) draft.deletions = draft.deletions.filter((d) => d.tableId !== tableId);
  if (draft.removals !== undefined)
    draft.removals = draft.removals.filter((r) => r.tableId !== tableId || (partitionId !== -1 && r.partitionId !== partitionId));
  draft.deletions.push({ seq: draft.nextDeletionSeq++, tableId, tableIncarnation, partitionId });
}
