import { rename, rm, rmdir } from 'node:fs/promises';
import { listDirIfExists } from '../common/files.ts';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Timers } from '../common/timers.ts';
import { LogError, LogTablet, type LogConfig, type RetentionOptions } from '../log/index.ts';
import { FollowerTracker } from '../replica/follower-tracker.ts';
import { changelogColumns } from '../table/change-type.ts';
import { columnDefs } from '../table/table-spec.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import { openKvIfKeyed } from './kv-replica.ts';
import type { TabletConfig } from './tablet-config.ts';
import type { Replica } from './replica.ts';
import { tableBucketKey, tableBucketText, type BucketAssignment, type ReplicaDeletionRecord, type TableBucket } from '../table/table-bucket.ts';
import type { ReplicaRemoval__Output } from '../rpc/generated/fluss/v1/ReplicaRemoval.ts';
import { isLegacyIncarnation, type TableInfo } from '../table/table-info.ts';
import { holdsFiles, judgeReplicaDir, ReplicaDirRefusedError, readReplicaMarker, writeReplicaMarker, type ReplicaMarker } from './replica-marker.ts';
import { parseBucketDirName, tablesDir } from './server-identity.ts';

/** Fills an empty replica's log from remote storage; undefined when the bucket has no remote log. */
export type RemoteRestore = (
  tb: TableBucket,
  table: TableInfo,
  log: LogTablet,
  kvDir: string,
) => Promise<{ fromOffset: number; toOffset: number; bytes: number } | undefined>;

/**
 * The replicas this tablet server hosts. `applyAssignment` converges them on the coordinator's
 * view: opens logs for new buckets (after checking the directory's replica marker), refreshes
 * table info, and closes replicas that are no longer assigned, keeping their data. Data is deleted
 * only by `applyDeletions`, for a dropped table or partition whose incarnation matches the marker.
 */
export class ReplicaManager {
  readonly #dataDir: string;
  readonly #config: TabletConfig;
  readonly #timers: Timers;
  readonly #logger: Logger;
  /** Opening a log is async: callers arriving meanwhile await the same promise. */
  readonly #replicas = new Map<string, Promise<Replica>>();
  /**
   * Assigned replicas that cannot be opened and are not tried again until unassigned: their
   * directory holds other data, or their log is damaged below its recovery checkpoint. Requests
   * for them get this error (logged once, when found).
   */
  readonly #unopenable = new Map<string, { incarnation: string; error: Error }>();
  /** Directories reported as kept but not served: logged once each. */
  readonly #reportedUnplaced = new Set<string>();
  #clusterId: string | undefined;
  readonly #serverId: number;
  #tieredRetention: ((replica: Replica) => RetentionOptions | undefined) | undefined;
  #remoteRestore: RemoteRestore | undefined;

  constructor(dataDir: string, config: TabletConfig, timers: Timers, logger: Logger, serverId: number) {
    this.#serverId = serverId;
    this.#dataDir = dataDir;
    this.#config = config;
    this.#timers = timers;
    this.#logger = logger;
  }

  /** The cluster this server joined: recorded in every replica directory it creates. */
  setClusterId(clusterId: string): void {
    this.#clusterId = clusterId;
  }

  bucketDir(tb: TableBucket): string {
    const partition = tb.partitionId >= 0 ? `p${tb.partitionId}-` : '';
    return join(tablesDir(this.#dataDir), String(tb.tableId), `${partition}b${tb.bucket}`);
  }

  /** A primary-key replica's KV tablet lives beside its log directory. */
  kvDir(tb: TableBucket): string {
    return `${this.bucketDir(tb)}-kv`;
  }

  #logConfig(table: TableInfo): LogConfig {
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

  /** Why an assigned replica is not served, when it could not be opened (see #unopenable). */
  whyUnopenable(tb: TableBucket): Error | undefined {
    return this.#unopenable.get(tableBucketKey(tb))?.error;
  }

  async all(): Promise<Replica[]> {
    const settled = await Promise.allSettled(this.#replicas.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  get size(): number {
    return this.#replicas.size;
  }

  async applyAssignment(buckets: readonly BucketAssignment[], tables: readonly TableInfo[]): Promise<void> {
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
      if (this.#unopenable.get(key)?.incarnation === table.incarnation) continue;
      const promise = this.#open(location, table);
      this.#replicas.set(key, promise);
      promise.catch((error: unknown) => {
        this.#replicas.delete(key);
        if (error instanceof ReplicaDirRefusedError) {
          this.#unopenable.set(key, { incarnation: table.incarnation, error });
          this.#logger.warn({ bucket: tableBucketText(location, table), dir: error.dir }, error.message);
        } else if (error instanceof LogError && error.code === 'CORRUPT_RECORD') {
          this.#unopenable.set(key, { incarnation: table.incarnation, error });
          this.#logger.error({ err: error, bucket: tableBucketText(location, table) }, 'replica not opened: its log is damaged (docs/operations.md)');
        } else {
          this.#logger.error({ err: error, bucket: tableBucketText(location, table) }, 'failed to open replica');
        }
      });
      opening.push(promise);
    }
    for (const key of this.#unopenable.keys()) if (!wanted.has(key)) this.#unopenable.delete(key);
    for (const [key, promise] of this.#replicas) {
      if (wanted.has(key)) continue;
      this.#replicas.delete(key);
      opening.push(promise.then((replica) => this.#closeUnassigned(replica)));
    }
    await Promise.allSettled(opening);
    await this.#reportUnplacedData();
  }

  /**
   * Deletes the data of dropped tables and partitions: every replica directory of the table (or
   * partition) whose marker records the same cluster and table incarnation. Idempotent.
   */
  async applyDeletions(deletions: readonly ReplicaDeletionRecord[]): Promise<void> {
    for (const deletion of deletions) {
      const tableDir = join(tablesDir(this.#dataDir), String(deletion.tableId));
      for (const name of await listDirIfExists(tableDir)) {
        const parsed = parseBucketDirName(name);
        if (!parsed || parsed.kv) continue;
        if (deletion.partitionId !== -1 && parsed.partitionId !== deletion.partitionId) continue;
        const tb = { tableId: deletion.tableId, partitionId: parsed.partitionId, bucket: parsed.bucket };
        await this.#deleteIfRecorded(tb, deletion.tableIncarnation, 'table or partition dropped');
      }
      if (deletion.partitionId === -1) await rmdir(tableDir).catch(() => undefined);
    }
  }

  /**
   * Deletes replicas a rebalance moved off this server (coordinator/rebalance/): each only while
   * its bucket is not assigned here (again: a later move may have brought it back, so its data is
   * current), and only when its directory records the same cluster and table incarnation. Call
   * after applyAssignment of the same heartbeat, so "assigned here" is current. Idempotent.
   */
  async applyRemovals(removals: readonly ReplicaRemoval__Output[]): Promise<void> {
    for (const removal of removals) {
      const tb = { tableId: Number(removal.tableId), partitionId: Number(removal.partitionId), bucket: removal.bucket };
      if (this.#replicas.has(tableBucketKey(tb))) continue;
      await this.#deleteIfRecorded(tb, removal.tableIncarnation, 'moved away by a rebalance');
    }
  }

  async #deleteIfRecorded(tb: TableBucket, tableIncarnation: string, why: string): Promise<void> {
    const dir = this.bucketDir(tb);
    const marker = await readReplicaMarker(dir);
    if (marker === undefined || marker.tableIncarnation !== tableIncarnation || marker.clusterId !== this.#clusterId) {
      if (marker !== undefined || (await holdsFiles(dir)))
        this.#logger.warn({ dir, marker, tableIncarnation, why }, 'not deleting replica data: its directory records other data');
      return;
    }
    const open = this.#replicas.get(tableBucketKey(tb));
    this.#replicas.delete(tableBucketKey(tb));
    const replica = await open?.catch(() => undefined);
    await replica?.kv?.close();
    await replica?.log.close();
    await rm(this.kvDir(tb), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
    this.#logger.info({ bucket: tableBucketText(tb), dir }, `replica data deleted (${why})`);
  }

  async #open(location: BucketAssignment, table: TableInfo): Promise<Replica> {
    const tb = { tableId: location.tableId, partitionId: location.partitionId, bucket: location.bucket };
    const empty = !(await holdsFiles(this.bucketDir(tb))) && !(await holdsFiles(this.kvDir(tb)));
    if (empty && this.#remoteRestore !== undefined && this.#clusterId !== undefined) await this.#restore(tb, table, this.#remoteRestore);
    await this.#checkMarker(tb, table);
    // A replicated bucket's high watermark is what its ISR has, set by replication (see tablet/replication.ts).
    const replicated = table.replicationFactor > 1 || location.replicas.length > 1;
    const log = await LogTablet.open(this.bucketDir(tb), this.#logConfig(table), this.#timers, this.#logger, { replicated });
    let storage: Awaited<ReturnType<typeof openKvIfKeyed>>;
    try {
      storage = await openKvIfKeyed(table, log, this.kvDir(tb), this.#config.kvSnapshotsRetained, this.#logger);
    } catch (error) {
      await log.close();
      throw error;
    }
    this.#logger.info({ bucket: tableBucketText(tb, table), logEndOffset: log.logEndOffset, keyed: storage.kv !== undefined }, 'replica opened');
    const replica: Replica = { ...tb, ...this.#roleOf(location), leadership: undefined, table, columns: columnDefs(table), log, ...storage };
    this.#takeRole(replica);
    return replica;
  }

  /**
   * A replica with no local data (a new bucket, a lost or replaced disk) whose bucket has a remote
   * log: its log is rebuilt from it first (remote-log/log-restore.ts), so it never serves or
   * appends at offsets the bucket already used. The restore runs in `<dir>.restoring` and is moved
   * into place, marker included, only once complete: a restore cut short (a crash, the store
   * failing) leaves the replica directory empty, so the next open restores again.
   */
  async #restore(tb: TableBucket, table: TableInfo, restore: RemoteRestore): Promise<void> {
    const dir = this.bucketDir(tb);
    const staging = `${dir}.restoring`;
    const kvStaging = `${this.kvDir(tb)}.restoring`;
    const clear = async () => {
      await rm(staging, { recursive: true, force: true });
      await rm(kvStaging, { recursive: true, force: true });
    };
    await clear();
    const log = await LogTablet.open(staging, this.#logConfig(table), this.#timers, this.#logger, { replicated: table.replicationFactor > 1 });
    let restored: Awaited<ReturnType<RemoteRestore>>;
    try {
      restored = await restore(tb, table, log, kvStaging);
    } finally {
      await log.close();
    }
    if (restored === undefined) {
      await clear();
      return;
    }
    await writeReplicaMarker(staging, this.#marker(tb, table));
    // The KV snapshot first: a crash between the two renames leaves a KV directory without a log,
    // which the next open refuses rather than restore over (its marker check sees data).
    if (await holdsFiles(kvStaging)) {
      await rm(this.kvDir(tb), { recursive: true, force: true });
      await rename(kvStaging, this.kvDir(tb));
    }
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    this.#logger.info({ bucket: tableBucketText(tb, table), ...restored }, 'replica restored from remote storage');
  }

  #marker(tb: TableBucket, table: TableInfo): ReplicaMarker {
    if (this.#clusterId === undefined) throw new Error('Replicas open only after registering with the coordinator');
    return { clusterId: this.#clusterId, tableId: tb.tableId, tableIncarnation: table.incarnation, partitionId: tb.partitionId, bucket: tb.bucket };
  }

  /** Opens a replica only on its own directory: see replica-marker.ts. */
  async #checkMarker(tb: TableBucket, table: TableInfo): Promise<void> {
    const dir = this.bucketDir(tb);
    const expected = this.#marker(tb, table);
    const holdsData = (await holdsFiles(dir)) || (await holdsFiles(this.kvDir(tb)));
    const verdict = judgeReplicaDir(await readReplicaMarker(dir), holdsData, expected, isLegacyIncarnation(table.incarnation));
    if (verdict.kind === 'refuse')
      throw new ReplicaDirRefusedError(dir, `Replica ${tableBucketText(tb, table)} not opened, data kept and not served: ${dir} ${verdict.reason}`);
    if (verdict.kind === 'mark-and-open') await writeReplicaMarker(dir, expected);
  }

  /** This server leads the bucket only when the assignment names it leader. */
  #roleOf(location: BucketAssignment): Pick<Replica, 'role' | 'leader' | 'leaderEpoch' | 'replicas' | 'isr' | 'bucketEpoch' | 'addingReplicas'> {
    return {
      role: location.leader === this.#serverId ? 'leader' : 'follower',
      leader: location.leader,
      leaderEpoch: location.leaderEpoch,
      replicas: [...location.replicas],
      isr: [...location.isr],
      bucketEpoch: location.bucketEpoch,
      addingReplicas: [...(location.addingReplicas ?? [])],
    };
  }

  /**
   * Sets up what the replica's role needs: a leader of a replicated log starts tracking its
   * followers (each gets the full lag allowance) from its high watermark, and records where its
   * epoch began; anything else has no leadership.
   */
  #takeRole(replica: Replica): void {
    replica.leadership?.ended.abort();
    if (replica.role !== 'leader' || !replica.log.replicated) {
      replica.leadership = undefined;
      return;
    }
    const followers = replica.replicas.filter((id) => id !== this.#serverId);
    const tracker = new FollowerTracker(followers, replica.log.highWatermark, this.#timers.now());
    // Replicas being added count only by fetches of the replica added, not of one from before.
    tracker.setFollowers(followers, this.#timers.now(), { ids: replica.addingReplicas, bucketEpoch: replica.bucketEpoch });
    replica.leadership = {
      followers: tracker,
      epochStartOffset: replica.log.logEndOffset,
      joining: [],
      ended: new AbortController(),
    };
  }

  /** Applies a newer state of a replica's bucket (an older one, seen late, is ignored); false when ignored. */
  applyBucketState(replica: Replica, location: BucketAssignment): boolean {
    if (location.bucketEpoch < replica.bucketEpoch || location.leaderEpoch < replica.leaderEpoch) return false;
    const role = this.#roleOf(location);
    const newTerm = role.role !== replica.role || role.leaderEpoch !== replica.leaderEpoch;
    if (role.role !== replica.role) {
      this.#logger.info({ bucket: tableBucketText(replica, replica.table), role: role.role, leaderEpoch: role.leaderEpoch }, 'replica role changed');
    }
    const replicasChanged = role.replicas.join() !== replica.replicas.join();
    const newlyAdding = role.addingReplicas.filter((id) => !replica.addingReplicas.includes(id));
    Object.assign(replica, role);
    // A rebalance gives a bucket of one replica a second: its log starts replicating, from what it has.
    if (replica.replicas.length > 1 && !replica.log.replicated) replica.log.startReplicating();
    if (newTerm || replica.leadership === undefined) this.#takeRole(replica);
    else if (replicasChanged || newlyAdding.length > 0) {
      const followers = replica.replicas.filter((id) => id !== this.#serverId);
      replica.leadership.followers.setFollowers(followers, this.#timers.now(), { ids: newlyAdding, bucketEpoch: replica.bucketEpoch });
    }
    return true;
  }

  /**
   * Bucket states the coordinator pushed (UpdateBucketStates): applied to the replicas hosted
   * here, newer ones only. Returns how many were applied. Replicas not open yet come with the
   * next heartbeat's assignment.
   */
  async applyBucketStates(locations: readonly BucketAssignment[]): Promise<number> {
    let applied = 0;
    for (const location of locations) {
      const replica = await this.get(location)?.catch(() => undefined);
      if (replica !== undefined && location.bucketEpoch > replica.bucketEpoch && this.applyBucketState(replica, location)) applied++;
    }
    return applied;
  }

  #refresh(replica: Replica, location: BucketAssignment, table: TableInfo): void {
    this.applyBucketState(replica, location);
    if (table.modifiedAtMs !== replica.table.modifiedAtMs || table.schema?.schemaId !== replica.table.schema?.schemaId) {
      replica.table = table;
      replica.columns = columnDefs(table);
      // The KV tablet keeps the schema it opened with (schema evolution of primary-key tables is not supported yet).
      replica.logColumns = replica.kv === undefined ? replica.columns : changelogColumns(replica.columns);
      replica.log.setRetention(this.#logConfig(table));
    }
  }

  /** A replica the assignment no longer lists: closed and no longer served, its data kept. */
  async #closeUnassigned(replica: Replica): Promise<void> {
    await replica.kv?.close();
    await replica.log.close();
    this.#logger.warn({ bucket: tableBucketText(replica, replica.table), dir: this.bucketDir(replica) }, 'replica no longer assigned here: closed, data kept');
  }

  /** Warns (once each) about replica directories this server holds but does not serve. */
  async #reportUnplacedData(): Promise<void> {
    for (const tableName of await listDirIfExists(tablesDir(this.#dataDir))) {
      for (const name of await listDirIfExists(join(tablesDir(this.#dataDir), tableName))) {
        const parsed = parseBucketDirName(name);
        if (!parsed || parsed.kv || !/^\d+$/.test(tableName)) continue;
        const tb = { tableId: Number(tableName), partitionId: parsed.partitionId, bucket: parsed.bucket };
        const dir = this.bucketDir(tb);
        if (this.#replicas.has(tableBucketKey(tb)) || this.#reportedUnplaced.has(dir)) continue;
        this.#reportedUnplaced.add(dir);
        this.#logger.warn({ dir }, 'replica data kept but not served: no table of the coordinator assigns it to this server');
      }
    }
  }

  /** With remote storage: how an empty replica's log is restored from it (see #restore). */
  setRemoteRestore(restore: RemoteRestore): void {
    this.#remoteRestore = restore;
  }

  /** With remote storage: what local retention may delete of a replica's log (remote-log-manager.ts). */
  setTieredRetention(limit: (replica: Replica) => RetentionOptions | undefined): void {
    this.#tieredRetention = limit;
  }

  async enforceRetention(): Promise<void> {
    for (const replica of await this.all()) {
      // A primary-key table's changelog after its snapshots is what KV recovery replays: kept.
      const kvKeepFrom = replica.kv === undefined ? undefined : (replica.kv.changelogNeededFrom ?? replica.log.logStartOffset);
      const tiered = this.#tieredRetention?.(replica);
      const keepFrom = [kvKeepFrom, tiered?.keepFromOffset].filter((offset) => offset !== undefined);
      const { deletedSegments } = await replica.log.enforceRetention({
        ...(keepFrom.length > 0 && { keepFromOffset: Math.min(...keepFrom) }),
        ...(tiered?.keepSegments !== undefined && { keepSegments: tiered.keepSegments }),
      });
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
    await Promise.allSettled(
      replicas.map(async (r) => {
        await r.kv?.close();
        await r.log.close();
      }),
    );
  }
}
