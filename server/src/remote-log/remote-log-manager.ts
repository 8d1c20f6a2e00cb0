import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServerMetrics } from '../common/metrics.ts';
import type { Timers } from '../common/timers.ts';
import type { LogTablet, RetentionOptions, SegmentReader, StoredBatch } from '../log/index.ts';
import { listAll, type ObjectStore } from '../remote/object-store.ts';
import { isObjectStoreError } from '../remote/object-store-error.ts';
import { FlussError } from '../rpc/errors.ts';
import type { ReplicaDeletion__Output } from '../rpc/generated/fluss/v1/ReplicaDeletion.ts';
import { tableBucketKey, tableBucketText, type TableBucket } from '../table/table-bucket.ts';
import { parseTableOptions } from '../table/table-properties.ts';
import type { TableInfo } from '../table/table-info.ts';
import type { Replica } from '../tablet/replica.ts';
import { catchUpFromRemote, restoreLogFromRemote, type LogRestore } from './log-restore.ts';
import { RemoteKvSnapshots } from './remote-kv-snapshots.ts';
import {
  decodeManifest,
  emptyManifest,
  encodeManifest,
  nextManifest,
  remoteStartOffset,
  segmentHolding,
  type RemoteLogManifest,
  type RemoteSegment,
} from './manifest.ts';
import type { RemoteLogCoordinator } from './remote-log-coordinator.ts';
import { bucketRemotePrefix, manifestKey, partitionRemotePrefix, tableRemotePrefix } from './remote-log-keys.ts';
import type { RemoteSegmentCache } from './remote-segment-cache.ts';
import { uploadSegment } from './segment-upload.ts';
import { expiredRemoteSegments, planUploads, tieredLocalRetention } from './upload-planner.ts';

export interface RemoteLogOptions {
  store: ObjectStore;
  cache: RemoteSegmentCache;
  coordinator: RemoteLogCoordinator;
  serverId: number;
  timers: Timers;
  logger: Logger;
  metrics: ServerMetrics;
  /** Buckets uploaded at the same time (`remote.log.upload-concurrency`). */
  uploadConcurrency: number;
}

/** A led bucket's committed remote log, as this leader knows it (valid for one leader epoch). */
interface BucketRemoteLog {
  leaderEpoch: number;
  tableIncarnation: string;
  manifest: RemoteLogManifest;
  /** The committed manifest object; undefined before the first commit. */
  manifestKey: string | undefined;
}

/** A bucket whose upkeep failed: tried again after a backoff. */
interface Backoff {
  failures: number;
  retryAtMs: number;
}

/** Segments uploaded (and committed) per bucket per round: the others wait for the next round. */
const SEGMENTS_PER_ROUND = 16;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
const DELETE_BATCH = 1_000;

/**
 * The remote log of one tablet server (docs/remote-storage.md, "Remote log"). Each round (every
 * `remote.log.task-interval`), for every bucket this server leads, a pool of
 * `remote.log.upload-concurrency` workers:
 *  1. learns the committed manifest from the coordinator (once per leader epoch);
 *  2. uploads the closed segments below the high watermark past the remote end (upload-planner.ts),
 *     and after each one writes the next manifest version under a fresh key (put-if-absent) and
 *     commits it through the coordinator, fenced by the leader epoch and the version it follows;
 *  3. drops the remote segments past `table.log.ttl` the same way (a new version without them);
 *  4. deletes what the committed version made obsolete (expired segments, the previous manifest).
 * A failure (the store unreachable, credentials refused, a refused commit) ends the bucket's round,
 * forgets what it knew when the outcome is unknown, and backs off exponentially; writes never wait
 * for any of this, and local retention keeps every segment the committed manifest does not cover.
 *
 * Reads below the local log start (fetch, ListOffsets) are answered from the same manifest.
 */
export class RemoteLogManager {
  readonly #options: RemoteLogOptions;
  readonly #logs = new Map<string, BucketRemoteLog>();
  readonly #loading = new Map<string, Promise<BucketRemoteLog>>();
  readonly #backoff = new Map<string, Backoff>();
  /** Closed segments below the high watermark not yet committed, per led bucket (the lag metric). */
  readonly #pending = new Map<string, number>();
  readonly #deletedDrops = new Set<number>();
  #deletions: Promise<void> = Promise.resolve();
  readonly #uploadedSegments;
  readonly #uploadedBytes;
  readonly #failures;
  readonly #remoteReadBytes;
  readonly #kvSnapshots: RemoteKvSnapshots;

  constructor(options: RemoteLogOptions) {
    this.#options = options;
    const { metrics } = options;
    const pending = this.#pending;
    metrics.gauge('fluss_tablet_remote_log_lag_segments', 'Closed segments below the high watermark of led buckets not yet in remote storage', [], function () {
      this.set([...pending.values()].reduce((sum, count) => sum + count, 0));
    });
    this.#uploadedSegments = metrics.counter('fluss_tablet_remote_log_uploaded_segments_total', 'Log segments uploaded to remote storage and committed');
    this.#uploadedBytes = metrics.counter('fluss_tablet_remote_log_uploaded_bytes_total', 'Bytes of log segments uploaded to remote storage and committed');
    this.#failures = metrics.counter('fluss_tablet_remote_log_failures_total', 'Remote log rounds of a bucket that failed (retried with backoff)');
    this.#kvSnapshots = new RemoteKvSnapshots({ store: options.store, coordinator: options.coordinator, serverId: options.serverId, logger: options.logger });
    this.#remoteReadBytes = metrics.counter('fluss_tablet_remote_log_read_bytes_total', 'Batch bytes read from remote segments for fetches');
  }

  /** One round over the buckets this server leads. */
  async runRound(replicas: readonly Replica[]): Promise<void> {
    const leaders = replicas.filter((replica) => replica.role === 'leader');
    const led = new Set(leaders.map((replica) => tableBucketKey(replica)));
    for (const map of [this.#logs, this.#backoff, this.#pending]) for (const key of map.keys()) if (!led.has(key)) map.delete(key);
    this.#kvSnapshots.retain(led);
    const queue = [...leaders];
    const worker = async (): Promise<void> => {
      for (let replica = queue.shift(); replica !== undefined; replica = queue.shift()) await this.#tierBucket(replica);
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.uploadConcurrency, queue.length) }, worker));
  }

  /**
   * What local retention may delete of `replica`'s log: for a leader, only segments the committed
   * manifest covers, beyond `table.log.tiered.local-segments` (upload-planner.ts); undefined for a
   * follower, whose retention is the TTL as without remote storage.
   */
  localRetention(replica: Replica): RetentionOptions | undefined {
    if (replica.role !== 'leader') return undefined;
    const log = this.#current(replica);
    const localSegments = parseTableOptions(replica.table.properties, replica.table.partitionKeys).tieredLocalSegments;
    return tieredLocalRetention(log?.manifest.endOffset, replica.log.logStartOffset, localSegments);
  }

  /**
   * Rebuilds an empty replica's log from the bucket's remote log (log-restore.ts). A log table's
   * from the start of the newest remote segment, which brings back the recent leader epochs and
   * writer state; older offsets stay remote and are read from there. A primary-key table's from its
   * recorded remote KV snapshot (put into `kvDir`) or, without one, from offset 0 when the remote
   * log still starts there: the KV state is the snapshot plus the changelog after it. Undefined when
   * the bucket has no remote log, or a primary-key bucket's state cannot be rebuilt from it.
   */
  async restoreLog(tb: TableBucket, table: TableInfo, log: LogTablet, kvDir: string): Promise<LogRestore | undefined> {
    const { manifest } = await this.committedManifest(tb, table.incarnation);
    if (table.primaryKey.length === 0) {
      return restoreLogFromRemote(log, manifest, this.#options.cache, manifest.segments.at(-1)?.startOffset ?? manifest.endOffset ?? 0);
    }
    const fromOffset = await this.#kvRestorePoint(tb, table, manifest, kvDir);
    return fromOffset === undefined ? undefined : restoreLogFromRemote(log, manifest, this.#options.cache, fromOffset);
  }

  /**
   * A follower whose log ends below its leader's log start (the leader shed, by tiered local
   * retention, what the follower lacks): copies the bucket's committed remote log from the
   * follower's log end on (log-restore.ts), so it can fetch the rest from the leader. Undefined
   * when the remote log does not hold that offset.
   */
  async catchUpFollower(replica: Replica): Promise<LogRestore | undefined> {
    const { manifest } = await this.committedManifest(replica, replica.table.incarnation);
    return catchUpFromRemote(replica.log, manifest, this.#options.cache);
  }

  /** Where a primary-key replica's changelog restore starts (the KV snapshot, if any, put into `kvDir`). */
  async #kvRestorePoint(tb: TableBucket, table: TableInfo, manifest: RemoteLogManifest, kvDir: string): Promise<number | undefined> {
    const end = manifest.endOffset;
    const start = remoteStartOffset(manifest) ?? end;
    if (end === undefined || start === undefined) return undefined;
    const snapshot = await this.#kvSnapshots.recorded(tb, table.incarnation);
    if (snapshot !== undefined && snapshot.logOffset >= start && snapshot.logOffset <= end) return this.#kvSnapshots.download(snapshot, kvDir);
    return start === 0 ? 0 : undefined;
  }

  /** The first offset a consumer can read: the remote start when remote storage holds older data. */
  async logStartOffset(replica: Replica): Promise<number> {
    const remoteStart = remoteStartOffset((await this.#remoteLog(replica)).manifest);
    return Math.min(remoteStart ?? Number.MAX_SAFE_INTEGER, replica.log.logStartOffset);
  }

  /** As logStartOffset, from what is known now (no call to the coordinator or the store). */
  knownLogStartOffset(replica: Replica): number {
    const log = this.#current(replica);
    const remoteStart = log === undefined ? undefined : remoteStartOffset(log.manifest);
    return Math.min(remoteStart ?? Number.MAX_SAFE_INTEGER, replica.log.logStartOffset);
  }

  /**
   * Batches from the remote segment holding `offset` (at least one when `atLeastOneBatch`, else
   * within `maxBytes`), or undefined when no remote segment holds it (expired, or never uploaded).
   * UNAVAILABLE when the store cannot be read (retriable); CORRUPT_RECORD for a remote segment that
   * is missing or fails its checksum: never served.
   */
  async read(replica: Replica, offset: number, maxBytes: number, atLeastOneBatch: boolean): Promise<StoredBatch[] | undefined> {
    return this.#readingRemote(replica, async (log) => {
      const segment = segmentHolding(log.manifest, offset);
      if (segment === undefined) return undefined;
      const batches = await this.#fromSegment(replica, segment, (reader) => reader.read(offset, maxBytes, atLeastOneBatch));
      this.#remoteReadBytes.inc(batches?.reduce((sum, batch) => sum + batch.payload.byteLength, 0) ?? 0);
      return batches;
    });
  }

  /** The first remote offset committed at or after `timestampMs`, or undefined when remote holds none. */
  async offsetForTimestamp(replica: Replica, timestampMs: number): Promise<number | undefined> {
    return this.#readingRemote(replica, async (log) => {
      const segment = log.manifest.segments.find((candidate) => candidate.maxTimestampMs >= timestampMs);
      if (segment === undefined) return undefined;
      const found = await this.#fromSegment(replica, segment, (reader) => reader.offsetForTimestamp(timestampMs));
      return found === undefined || found === null ? undefined : Math.max(found, segment.startOffset);
    });
  }

  /**
   * Deletes the remote objects of dropped tables and partitions: everything under the dropped
   * table incarnation's prefix (remote-log-keys.ts), so never another table's. In the background,
   * one deletion after the other; idempotent (a later heartbeat repeats what failed).
   */
  deleteDropped(deletions: readonly ReplicaDeletion__Output[]): void {
    for (const deletion of deletions) {
      if (this.#deletedDrops.has(deletion.seq)) continue;
      this.#deletedDrops.add(deletion.seq);
      this.#deletions = this.#deletions.then(async () => {
        const prefix =
          deletion.partitionId === -1
            ? tableRemotePrefix(deletion.tableId, deletion.tableIncarnation)
            : partitionRemotePrefix(deletion.tableId, deletion.tableIncarnation, deletion.partitionId);
        try {
          const deleted = await this.#deleteUnder(prefix);
          if (deleted > 0) this.#options.logger.info({ prefix, objects: deleted }, 'remote log objects of a dropped table or partition deleted');
        } catch (error) {
          this.#deletedDrops.delete(deletion.seq);
          this.#options.logger.warn({ err: error, prefix }, 'could not delete the remote log objects of a dropped table; retried later');
        }
      });
    }
  }

  /** Waits for the deletions started so far (tests, shutdown). */
  async deletionsSettled(): Promise<void> {
    await this.#deletions;
  }

  async #tierBucket(replica: Replica): Promise<void> {
    const key = tableBucketKey(replica);
    const now = this.#options.timers.now();
    if ((this.#backoff.get(key)?.retryAtMs ?? 0) > now) return;
    try {
      const log = await this.#remoteLog(replica);
      await this.#upload(replica, log);
      const ttlMs = parseTableOptions(replica.table.properties, replica.table.partitionKeys).logTtlMs;
      const expired = expiredRemoteSegments(log.manifest, ttlMs, this.#options.timers.now());
      if (expired > 0) await this.#commit(replica, log, { added: [], expired });
      await this.#kvSnapshots.upload(replica, log.manifest.endOffset);
      this.#backoff.delete(key);
    } catch (error) {
      this.#failures.inc();
      const failures = (this.#backoff.get(key)?.failures ?? 0) + 1;
      const delayMs = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      this.#backoff.set(key, { failures, retryAtMs: this.#options.timers.now() + delayMs });
      if (!this.#pending.has(key)) this.#pending.set(key, planUploads(replica.log.closedSegments(), replica.log.highWatermark, undefined, 0).pending);
      this.#options.logger.warn(
        { err: error, bucket: tableBucketText(replica, replica.table), failures, retryInMs: delayMs },
        'remote log upkeep failed; retried later',
      );
    }
  }

  async #upload(replica: Replica, log: BucketRemoteLog): Promise<void> {
    const key = tableBucketKey(replica);
    const plan = planUploads(replica.log.closedSegments(), replica.log.highWatermark, log.manifest.endOffset, SEGMENTS_PER_ROUND);
    this.#pending.set(key, plan.pending);
    const prefix = bucketRemotePrefix(replica, log.tableIncarnation);
    for (const planned of plan.upload) {
      const segment = await uploadSegment(this.#options.store, replica.log, prefix, planned, log.leaderEpoch);
      if (segment === undefined) return; // retention or a truncation took it: plan again next round
      await this.#commit(replica, log, { added: [segment], expired: 0 });
      this.#pending.set(key, (this.#pending.get(key) ?? 1) - 1);
      this.#uploadedSegments.inc();
      this.#uploadedBytes.inc(segment.sizeBytes);
      this.#options.logger.debug({ bucket: tableBucketText(replica, replica.table), segment: segment.keys.log }, 'remote segment committed');
    }
  }

  /**
   * Writes the next manifest version and commits it. A refusal (deposed, or a version already taken)
   * or an unknown outcome forgets the bucket's remote log, so the next round starts from what the
   * coordinator says is committed.
   */
  async #commit(replica: Replica, log: BucketRemoteLog, change: { added: RemoteSegment[]; expired: number }): Promise<void> {
    const key = tableBucketKey(replica);
    const next = nextManifest(log.manifest, { ...change, leaderEpoch: log.leaderEpoch, previousKey: log.manifestKey });
    const objectKey = manifestKey(bucketRemotePrefix(replica, log.tableIncarnation), next.version, randomUUID());
    await this.#options.store.put(objectKey, encodeManifest(next), { ifAbsent: true });
    const endOffset = next.endOffset ?? 0;
    let response: Awaited<ReturnType<RemoteLogCoordinator['commitManifest']>>;
    try {
      response = await this.#options.coordinator.commitManifest({
        serverId: this.#options.serverId,
        leaderEpoch: log.leaderEpoch,
        tableIncarnation: log.tableIncarnation,
        manifest: {
          tableId: replica.tableId,
          partitionId: replica.partitionId,
          bucket: replica.bucket,
          version: next.version,
          manifestKey: objectKey,
          remoteLogStartOffset: remoteStartOffset(next) ?? endOffset,
          remoteLogEndOffset: endOffset,
          leaderEpoch: log.leaderEpoch,
          sizeBytes: next.segments.reduce((sum, segment) => sum + segment.sizeBytes, 0),
          segmentCount: next.segments.length,
        },
      });
    } catch (error) {
      this.#logs.delete(key); // committed or not: the coordinator knows
      throw error;
    }
    if (response.errorCode !== 0) {
      this.#logs.delete(key);
      // Refused for certain: no committed version names the object just written.
      await this.#options.store.delete(objectKey).catch(() => undefined);
      throw new FlussError('FAILED_PRECONDITION', `Remote log manifest commit refused (${response.error}): ${response.errorMessage}`);
    }
    log.manifest = next;
    log.manifestKey = objectKey;
    await this.#deleteObsolete(replica, next);
  }

  /** What a committed version no longer names; a failure leaves them for whoever loads the version next. */
  async #deleteObsolete(replica: Replica, manifest: RemoteLogManifest): Promise<void> {
    if (manifest.obsoleteKeys.length === 0) return;
    await this.#options.store.deleteMany(manifest.obsoleteKeys).catch((error: unknown) => {
      this.#options.logger.warn(
        { err: error, bucket: tableBucketText(replica, replica.table) },
        'could not delete obsolete remote log objects; retried by the next leader',
      );
    });
  }

  async #deleteUnder(prefix: string): Promise<number> {
    let deleted = 0;
    let batch: string[] = [];
    for await (const entry of listAll(this.#options.store, prefix)) {
      batch.push(entry.key);
      if (batch.length >= DELETE_BATCH) {
        await this.#options.store.deleteMany(batch);
        deleted += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await this.#options.store.deleteMany(batch);
    return deleted + batch.length;
  }

  /** The bucket's remote log as known for the replica's current leader epoch, if loaded. */
  #current(replica: Replica): BucketRemoteLog | undefined {
    const log = this.#logs.get(tableBucketKey(replica));
    return log !== undefined && log.leaderEpoch === replica.leaderEpoch && log.tableIncarnation === replica.table.incarnation ? log : undefined;
  }

  /** The bucket's committed remote log, asked of the coordinator (and read from the store) when not known. */
  async #remoteLog(replica: Replica): Promise<BucketRemoteLog> {
    const current = this.#current(replica);
    if (current !== undefined) return current;
    const key = tableBucketKey(replica);
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = this.#load(replica).finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #load(replica: Replica): Promise<BucketRemoteLog> {
    const { leaderEpoch } = replica;
    const committed = await this.committedManifest(replica, replica.table.incarnation);
    await this.#deleteObsolete(replica, committed.manifest);
    const log: BucketRemoteLog = { leaderEpoch, tableIncarnation: replica.table.incarnation, ...committed };
    if (replica.leaderEpoch === leaderEpoch) this.#logs.set(tableBucketKey(replica), log);
    return log;
  }

  /**
   * The bucket's committed manifest, as the coordinator names it and the store holds it (the empty
   * manifest before the first commit); CORRUPT_RECORD when the object does not decode as that version.
   */
  async committedManifest(tb: TableBucket, tableIncarnation: string): Promise<{ manifest: RemoteLogManifest; manifestKey: string | undefined }> {
    const bucket = { tableId: tb.tableId, partitionId: tb.partitionId, bucket: tb.bucket };
    const response = await this.#options.coordinator.getManifests({ buckets: [bucket] });
    const ref = response.manifests[0];
    if (ref === undefined || ref.version <= 0) return { manifest: emptyManifest(bucket, tableIncarnation), manifestKey: undefined };
    const bytes = await this.#options.store.get(ref.manifestKey);
    try {
      return { manifest: decodeManifest(bytes, { ...bucket, tableIncarnation, version: ref.version }), manifestKey: ref.manifestKey };
    } catch (error) {
      throw new FlussError('CORRUPT_RECORD', `Remote log manifest ${ref.manifestKey} of ${tableBucketText(bucket)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Runs a remote read, with the store's failures as the errors a client sees. */
  async #readingRemote<T>(replica: Replica, read: (log: BucketRemoteLog) => Promise<T>): Promise<T> {
    const where = tableBucketText(replica, replica.table);
    try {
      return await read(await this.#remoteLog(replica));
    } catch (error) {
      if (isObjectStoreError(error, 'corrupt') || isObjectStoreError(error, 'not-found')) {
        throw new FlussError('CORRUPT_RECORD', `${where}: remote log object damaged or missing, not served: ${error.message}`, { cause: error });
      }
      if (isObjectStoreError(error))
        throw new FlussError('UNAVAILABLE', `${where}: remote storage cannot be read (${error.code}): ${error.message}`, { cause: error });
      throw error;
    }
  }

  /**
   * Works on a remote segment's cached copy. A segment whose object is gone because remote retention
   * removed it meanwhile (a newer manifest no longer lists it) reads as undefined: expired, not damaged.
   */
  async #fromSegment<T>(replica: Replica, segment: RemoteSegment, work: (reader: SegmentReader) => Promise<T>): Promise<T | undefined> {
    try {
      return await this.#options.cache.withSegment(segment, work);
    } catch (error) {
      const listed = this.#current(replica)?.manifest.segments.some((candidate) => candidate.id === segment.id) ?? true;
      if (isObjectStoreError(error, 'not-found') && !listed) return undefined;
      throw error;
    }
  }
}
