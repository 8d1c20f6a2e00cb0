import { FlussError, fromBucketError } from '../../rpc/errors.ts';
import type { FetchedBucket__Output } from '../../rpc/generated/fluss/v1/FetchedBucket.ts';
import type { FetchRequest } from '../../rpc/generated/fluss/v1/FetchRequest.ts';
import type { FetchResponse__Output } from '../../rpc/generated/fluss/v1/FetchResponse.ts';
import type { ServerNode__Output } from '../../rpc/generated/fluss/v1/ServerNode.ts';
import type { PartitionSpec } from '../../table/partitions.ts';
import { groupByLeader } from '../leaders.ts';
import { NO_PARTITION, type TableSnapshot } from '../metadata.ts';
import { bucketsOf, type BucketOffset, type BucketRef, type OffsetQuery } from '../offsets.ts';
import { isRetriable } from '../retry.ts';
import { Signal } from '../signal.ts';
import { formatTablePath, type TablePath } from '../table-path.ts';
import type { Timers } from '../timers.ts';
import { ChunkQueue } from './chunk-queue.ts';
import type { ScanRecord } from './records.ts';
import { Subscriptions, type Subscription } from './subscriptions.ts';
import { partitionBucketKey } from '../../table/table-bucket.ts';

export interface LogScannerOptions {
  /** Columns to read, in this order; the server drops the others. @default all columns */
  columns?: string[];
  /** Read only partitions whose values match, e.g. `{ region: 'eu' }` (partition pruning). */
  partitionFilter?: PartitionSpec;
  /** How long one Fetch waits on the server for new data. @default 500 */
  fetchMaxWaitMs?: number;
  /** Byte budget of one Fetch response. @default 16777216 (16 MiB) */
  fetchMaxBytes?: number;
  /** Byte budget per bucket in one Fetch. @default 4194304 (4 MiB) */
  bucketMaxBytes?: number;
  /** After `subscribeAll`, how often to look for new partitions. @default 5000 */
  partitionDiscoveryIntervalMs?: number;
  /** Pause after a failed fetch before trying again (with fresh metadata). @default 100 */
  retryBackoffMs?: number;
  /** Most records one `poll` returns; the rest stay fetched (not decoded) for the next polls. @default unlimited */
  maxPollRecords?: number;
}

const DEFAULTS = {
  fetchMaxWaitMs: 500,
  fetchMaxBytes: 16 * 1024 * 1024,
  bucketMaxBytes: 4 * 1024 * 1024,
  partitionDiscoveryIntervalMs: 5_000,
  retryBackoffMs: 100,
  maxPollRecords: Number.POSITIVE_INFINITY,
} as const;

/** What the scanner needs from the cluster; the Table wires the real one, tests a fake. */
export interface ScannerBackend {
  readonly path: TablePath;
  readonly timers: Timers;
  /** The table's metadata: cached, or fetched anew when `refresh`. */
  metadata(refresh: boolean): Promise<TableSnapshot>;
  /** One Fetch to one tablet server; `timeoutMs` covers the long poll. */
  fetch(server: ServerNode__Output, request: FetchRequest, timeoutMs: number): Promise<FetchResponse__Output>;
  listOffsets(refs: readonly BucketRef[], query: OffsetQuery): Promise<BucketOffset[]>;
  /** Decodes one fetched Arrow IPC stream into rows. */
  decode(ipc: Uint8Array): Record<string, unknown>[];
}

/** How much longer than its long poll a Fetch may take before it is abandoned (and retried). */
const FETCH_TIMEOUT_SLACK_MS = 30_000;

/**
 * Reads a log table: subscribe buckets at offsets, then `poll`. Buckets are grouped by leader and
 * each server gets one long-poll Fetch at a time, carrying the projection as column ids. Fetches
 * run in the background across polls; `poll` hands out what has arrived and advances positions.
 */
export class LogScanner {
  readonly #backend: ScannerBackend;
  readonly #path: TablePath;
  readonly #timers: Timers;
  readonly #options: Required<Omit<LogScannerOptions, 'columns' | 'partitionFilter'>>;
  readonly #filter: PartitionSpec;
  readonly #projectedColumnIds: number[];
  readonly #subscriptions = new Subscriptions();
  /** One fetch per server address at a time. */
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #fetchSettled = new Signal();
  /** Fetches sent per server: each one starts its bucket list one further along (see #fetch). */
  readonly #fetchRounds = new Map<string, number>();
  /** Fetched and not handed out yet; its size bounds how far fetching runs ahead of polling. */
  readonly #ready = new ChunkQueue();
  #error: unknown;
  #snapshot: TableSnapshot;
  #metadataStale = false;
  #retryAfterMs = 0;
  /** Set by subscribeAll: partitions that appear later are read too. */
  #discover = false;
  #lastDiscoveryMs = 0;
  #closed = false;

  constructor(backend: ScannerBackend, snapshot: TableSnapshot, options: LogScannerOptions = {}) {
    this.#backend = backend;
    this.#path = backend.path;
    this.#timers = backend.timers;
    this.#snapshot = snapshot;
    this.#filter = options.partitionFilter ?? {};
    this.#options = {
      fetchMaxWaitMs: options.fetchMaxWaitMs ?? DEFAULTS.fetchMaxWaitMs,
      fetchMaxBytes: options.fetchMaxBytes ?? DEFAULTS.fetchMaxBytes,
      bucketMaxBytes: options.bucketMaxBytes ?? DEFAULTS.bucketMaxBytes,
      partitionDiscoveryIntervalMs: options.partitionDiscoveryIntervalMs ?? DEFAULTS.partitionDiscoveryIntervalMs,
      retryBackoffMs: options.retryBackoffMs ?? DEFAULTS.retryBackoffMs,
      maxPollRecords: options.maxPollRecords ?? DEFAULTS.maxPollRecords,
    };
    if (!(this.#options.maxPollRecords >= 1)) throw new RangeError(`maxPollRecords must be at least 1: ${this.#options.maxPollRecords}`);
    this.#projectedColumnIds = projectionIds(snapshot, options.columns);
    for (const key of Object.keys(this.#filter)) {
      if (!snapshot.info.partitionKeys.includes(key)) {
        throw new TypeError(
          `Partition filter key "${key}" is not a partition key of ${formatTablePath(this.#path)} (partition keys: ${snapshot.info.partitionKeys.join(', ') || 'none'})`,
        );
      }
    }
  }

  /** Reads one bucket from `offset`; `partition` names the partition of a partitioned table. */
  async subscribe(bucket: number, offset: number, partition?: string): Promise<void> {
    const snapshot = await this.#refreshIf(partition !== undefined && this.#snapshot.partitionByName(partition) === undefined);
    if (bucket < 0 || bucket >= snapshot.info.buckets) {
      throw new RangeError(`Bucket ${bucket} out of range: ${formatTablePath(this.#path)} has ${snapshot.info.buckets} buckets`);
    }
    this.#subscriptions.assign(this.#bucketRef(snapshot, bucket, partition), offset);
  }

  /** Reads every bucket of every matching partition from `from`; partitions created later are read from their start. */
  async subscribeAll(from: OffsetQuery): Promise<void> {
    const snapshot = await this.#refreshIf(true);
    this.#discover = snapshot.isPartitioned;
    this.#lastDiscoveryMs = this.#timers.now();
    await this.#assignAt(bucketsOf(snapshot, this.#filter), from);
  }

  /** The buckets read and, for each, the offset after the last record `poll` returned. */
  assignment(): BucketOffset[] {
    return this.#subscriptions.all().map(({ partition, partitionId, bucket, consumed }) => ({ partition, partitionId, bucket, offset: consumed }));
  }

  /**
   * Returns the records that arrived, waiting up to `timeoutMs` for some. An empty array means
   * nothing new. Rejects with a permanent error (e.g. the table was dropped).
   */
  async poll(timeoutMs: number): Promise<ScanRecord[]> {
    this.#checkOpen();
    const timers = this.#timers;
    const deadline = timers.now() + timeoutMs;
    for (;;) {
      this.#throwIfFailed();
      await this.#maintainMetadata();
      this.#startFetches();
      const records = this.#ready.take(this.#options.maxPollRecords, {
        decode: (ipc) => this.#backend.decode(ipc),
        isLive: (key, epoch) => this.#subscriptions.isLive(key, epoch),
        consumed: (key, epoch, offset) => this.#subscriptions.markConsumed(key, epoch, offset),
      });
      if (records.length > 0) return records;
      const remaining = deadline - timers.now();
      if (remaining <= 0) return [];
      const wait = this.#inFlight.size > 0 ? remaining : Math.min(remaining, this.#options.retryBackoffMs);
      await this.#waitForFetch(wait);
    }
  }

  /** Stops fetching; waits for fetches under way (at most fetchMaxWaitMs). The connection stays open. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  async #assignAt(refs: BucketRef[], from: OffsetQuery): Promise<void> {
    if (refs.length === 0) return;
    const offsets = await this.#backend.listOffsets(refs, from);
    for (const { offset, ...ref } of offsets) this.#subscriptions.assign(ref, offset);
  }

  #bucketRef(snapshot: TableSnapshot, bucket: number, partition: string | undefined): BucketRef {
    if (!snapshot.isPartitioned) {
      if (partition !== undefined) throw new TypeError(`${formatTablePath(this.#path)} is not partitioned: got partition "${partition}"`);
      return { partition: undefined, partitionId: NO_PARTITION, bucket };
    }
    if (partition === undefined) throw new TypeError(`${formatTablePath(this.#path)} is partitioned: name the partition to subscribe`);
    const info = snapshot.partitionByName(partition);
    if (info === undefined) throw new FlussError('UNKNOWN_PARTITION', `Partition ${partition} of ${formatTablePath(this.#path)} does not exist`);
    return { partition, partitionId: info.partitionId, bucket };
  }

  async #refreshIf(needed: boolean): Promise<TableSnapshot> {
    if (needed) this.#snapshot = await this.#backend.metadata(true);
    return this.#snapshot;
  }

  /** Refreshes metadata after fetch errors, and periodically picks up new or dropped partitions. */
  async #maintainMetadata(): Promise<void> {
    const now = this.#timers.now();
    const discoveryDue = this.#discover && now - this.#lastDiscoveryMs >= this.#options.partitionDiscoveryIntervalMs;
    if (!(this.#metadataStale && now >= this.#retryAfterMs) && !discoveryDue) return;
    try {
      const snapshot = await this.#refreshIf(true);
      this.#metadataStale = false;
      if (!snapshot.isPartitioned) return;
      const live = new Set(snapshot.partitions.map((p) => p.partitionId));
      for (const partitionId of this.#subscriptions.partitionIds()) {
        if (!live.has(partitionId)) this.#subscriptions.removePartition(partitionId);
      }
      if (discoveryDue) {
        this.#lastDiscoveryMs = now;
        const fresh = bucketsOf(snapshot, this.#filter).filter((ref) => !this.#subscriptions.has(ref.partitionId, ref.bucket));
        await this.#assignAt(fresh, 'earliest');
      }
    } catch (error) {
      // Unlike a fetch error, NOT_FOUND here means the table itself is gone: that is final.
      if (isRetriable(error)) this.#markStale();
      else this.#error ??= error;
    }
  }

  #startFetches(): void {
    if (this.#timers.now() < this.#retryAfterMs) return;
    const idle = this.#subscriptions.all().filter((s) => !this.#inFlight.has(this.#leaderAddress(s) ?? ''));
    const { groups, leaderless } = groupByLeader(idle, (s) => this.#snapshot.leader(s.partitionId, s.bucket));
    if (leaderless.length > 0) this.#markStale();
    for (const group of groups) {
      const address = `${group.server.host}:${group.server.port}`;
      const fetch = this.#fetch(group.server, group.items).finally(() => {
        this.#inFlight.delete(address);
        this.#fetchSettled.notifyAll();
        // Fetch the next chunk while the caller works on this one, unless enough is waiting.
        if (!this.#closed && this.#error === undefined && this.#ready.bytes < this.#options.fetchMaxBytes) this.#startFetches();
      });
      this.#inFlight.set(address, fetch);
    }
  }

  #leaderAddress(subscription: Subscription): string | undefined {
    const leader = this.#snapshot.leader(subscription.partitionId, subscription.bucket);
    return leader === undefined ? undefined : `${leader.host}:${leader.port}`;
  }

  async #fetch(server: ServerNode__Output, inOrder: Subscription[]): Promise<void> {
    // A response's byte budget goes to buckets in request order (only the first with data may pass
    // it), so a fixed order would starve the buckets at the end while the first ones are busy:
    // each fetch to a server starts one bucket further along.
    const address = `${server.host}:${server.port}`;
    const round = this.#fetchRounds.get(address) ?? 0;
    this.#fetchRounds.set(address, round + 1);
    const start = round % Math.max(inOrder.length, 1);
    const subscriptions = [...inOrder.slice(start), ...inOrder.slice(0, start)];
    // Positions as they were when the request left: results only apply if they still hold.
    const sent = new Map(subscriptions.map((s) => [s.key, { epoch: s.epoch, offset: s.offset, partition: s.partition }]));
    const request: FetchRequest = {
      buckets: subscriptions.map((s) => ({
        tableId: this.#snapshot.tableId,
        partitionId: s.partitionId,
        bucket: s.bucket,
        fetchOffset: s.offset,
        maxBytes: this.#options.bucketMaxBytes,
      })),
      projectedColumnIds: this.#projectedColumnIds,
      maxBytes: this.#options.fetchMaxBytes,
      minBytes: 1,
      maxWaitMs: this.#options.fetchMaxWaitMs,
    };
    try {
      const response = await this.#backend.fetch(server, request, this.#options.fetchMaxWaitMs + FETCH_TIMEOUT_SLACK_MS);
      for (const fetched of response.buckets) {
        const key = partitionBucketKey(fetched);
        const position = sent.get(key);
        if (position !== undefined) this.#apply(key, position, fetched);
      }
    } catch (error) {
      if (!this.#closed) this.#recordFailure(error);
    }
  }

  #apply(key: string, sent: { epoch: number; offset: number; partition: string | undefined }, fetched: FetchedBucket__Output): void {
    if (!this.#subscriptions.isCurrent(key, sent.epoch, sent.offset)) return;
    let nextOffset: number;
    if (fetched.errorCode !== 0) {
      const error = fromBucketError(fetched);
      if (error.code !== 'OFFSET_OUT_OF_RANGE' || sent.offset >= fetched.logStartOffset) {
        this.#recordFailure(error);
        return;
      }
      // The rows at our position expired (TTL): continue from the oldest retained one.
      nextOffset = fetched.logStartOffset;
    } else {
      const last = fetched.batches.at(-1);
      nextOffset = last === undefined ? sent.offset : Math.max(sent.offset, last.baseOffset + last.recordCount);
    }
    if (nextOffset === sent.offset || !this.#subscriptions.advance(key, sent.epoch, sent.offset, nextOffset)) return;
    this.#ready.push({
      key,
      epoch: sent.epoch,
      partition: sent.partition,
      bucket: fetched.bucket,
      batches: fetched.batches,
      from: sent.offset,
      nextOffset,
      bytes: fetched.batches.reduce((sum, batch) => sum + batch.arrowIpc.byteLength, 0),
    });
  }

  /**
   * Leader moves, servers restarting and buckets not open yet heal after a metadata refresh; other
   * failures are permanent and surface from the next poll.
   */
  #recordFailure(error: unknown): void {
    if (isRetriable(error)) this.#markStale();
    else this.#error ??= error;
  }

  #markStale(): void {
    this.#metadataStale = true;
    this.#retryAfterMs = this.#timers.now() + this.#options.retryBackoffMs;
  }

  async #waitForFetch(ms: number): Promise<void> {
    let cancel: (() => void) | undefined;
    const timeout = new Promise<void>((resolve) => {
      cancel = this.#timers.schedule(resolve, ms);
    });
    await Promise.race([this.#fetchSettled.wait(), timeout]);
    cancel?.();
  }

  #throwIfFailed(): void {
    const error = this.#error;
    if (error === undefined) return;
    this.#error = undefined;
    throw error;
  }

  #checkOpen(): void {
    if (this.#closed) throw new FlussError('FAILED_PRECONDITION', 'The scanner is closed');
  }
}

/** Column names to the ids the server projects by; unknown names fail before any fetch. */
function projectionIds(snapshot: TableSnapshot, columns: readonly string[] | undefined): number[] {
  if (columns === undefined) return [];
  const schema = snapshot.info.schema?.columns ?? [];
  return columns.map((name) => {
    const column = schema.find((c) => c.name === name);
    if (column === undefined) {
      throw new TypeError(`Unknown column "${name}" in projection (columns: ${schema.map((c) => c.name).join(', ')})`);
    }
    return column.id;
  });
}
