import { call } from '../../rpc/client.ts';
import type { LookupRequest } from '../../rpc/generated/fluss/v1/LookupRequest.ts';
import type { LookupResponse__Output } from '../../rpc/generated/fluss/v1/LookupResponse.ts';
import type { PrefixLookupRequest } from '../../rpc/generated/fluss/v1/PrefixLookupRequest.ts';
import type { PrefixLookupResponse__Output } from '../../rpc/generated/fluss/v1/PrefixLookupResponse.ts';
import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../rpc/generated/fluss/v1/PutKvResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import type { TabletServiceClient } from '../../rpc/generated/fluss/v1/TabletService.ts';
import type { FlussConnection } from '../connection.ts';
import { NO_PARTITION, type TableSnapshot } from '../metadata.ts';
import { noLeaderError } from '../retry.ts';
import { formatTablePath, type TablePath } from '../table-path.ts';
import { ClusterWriterBackend } from '../writer/cluster-backend.ts';

/** Where a request goes: a bucket of a partition (by wire id; NO_PARTITION when not partitioned). */
export interface BucketAddress {
  partitionId: number;
  bucket: number;
}

/** What the upsert writer and the lookupers need from the cluster; tests may pass a fake. */
export interface KvBackend {
  readonly table: TableInfo__Output;
  /** A partition's wire id by name (undefined name: NO_PARTITION). `create` makes a missing one; else undefined. */
  partitionId(partition: string | undefined, create: boolean): Promise<number | undefined>;
  putKv(request: PutKvRequest, attempt: number, timeoutMs: number): Promise<PutKvResponse__Output>;
  lookup(request: LookupRequest, attempt: number, timeoutMs: number): Promise<LookupResponse__Output>;
  prefixLookup(request: PrefixLookupRequest, attempt: number, timeoutMs: number): Promise<PrefixLookupResponse__Output>;
}

/** The KV clients' view of a live cluster: leaders from the metadata cache (refreshed on retries). */
export class ClusterKvBackend implements KvBackend {
  readonly table: TableInfo__Output;
  readonly #connection: FlussConnection;
  readonly #path: TablePath;
  /** Partition lookup and on-demand creation, shared with the append writer. */
  readonly #partitions: ClusterWriterBackend;

  constructor(connection: FlussConnection, path: TablePath, snapshot: TableSnapshot) {
    this.#connection = connection;
    this.#path = path;
    this.table = snapshot.info;
    this.#partitions = new ClusterWriterBackend(connection, path, snapshot);
  }

  async partitionId(partition: string | undefined, create: boolean): Promise<number | undefined> {
    if (create || partition === undefined) return this.#partitions.partitionId(partition);
    return (await this.#connection.metadata.table(this.#path)).partitionByName(partition)?.partitionId;
  }

  async putKv(request: PutKvRequest, attempt: number, timeoutMs: number): Promise<PutKvResponse__Output> {
    const client = await this.#leader(Number(request.partitionId), request.bucket ?? 0, attempt);
    return call(client, client.putKv, request, { timeoutMs });
  }

  async lookup(request: LookupRequest, attempt: number, timeoutMs: number): Promise<LookupResponse__Output> {
    const client = await this.#leader(Number(request.partitionId), request.bucket ?? 0, attempt);
    return call(client, client.lookup, request, { timeoutMs });
  }

  async prefixLookup(request: PrefixLookupRequest, attempt: number, timeoutMs: number): Promise<PrefixLookupResponse__Output> {
    const client = await this.#leader(Number(request.partitionId), request.bucket ?? 0, attempt);
    return call(client, client.prefixLookup, request, { timeoutMs });
  }

  async #leader(partitionId: number, bucket: number, attempt: number): Promise<TabletServiceClient> {
    const metadata = this.#connection.metadata;
    const snapshot = attempt > 0 ? await metadata.refresh(this.#path) : await metadata.table(this.#path);
    const leader = snapshot.leader(partitionId, bucket);
    if (leader === undefined) {
      const where = partitionId === NO_PARTITION ? '' : ` partition ${partitionId}`;
      throw noLeaderError(`bucket ${bucket} of ${formatTablePath(this.#path)}${where}`);
    }
    return this.#connection.tabletClient(leader);
  }
}
