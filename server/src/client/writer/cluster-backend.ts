import { call } from '../../rpc/client.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { ProduceRequest } from '../../rpc/generated/fluss/v1/ProduceRequest.ts';
import type { ProduceResponse__Output } from '../../rpc/generated/fluss/v1/ProduceResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { partitionSpecFromName } from '../../table/partitions.ts';
import type { FlussConnection } from '../connection.ts';
import { NO_PARTITION, type TableSnapshot } from '../metadata.ts';
import { noLeaderError } from '../retry.ts';
import { formatTablePath, type TablePath } from '../table-path.ts';
import type { WriterBackend } from './produce-transport.ts';

/** The writer's view of a live cluster: leaders from the metadata cache, partitions made on demand. */
export class ClusterWriterBackend implements WriterBackend {
  readonly table: TableInfo__Output;
  readonly #connection: FlussConnection;
  readonly #path: TablePath;
  /** Partition creations under way, by name, so concurrent batches create a partition once. */
  readonly #creating = new Map<string, Promise<number>>();

  constructor(connection: FlussConnection, path: TablePath, snapshot: TableSnapshot) {
    this.#connection = connection;
    this.#path = path;
    this.table = snapshot.info;
  }

  async partitionId(partition: string | undefined): Promise<number> {
    if (partition === undefined) return NO_PARTITION;
    const known = (await this.#connection.metadata.table(this.#path)).partitionByName(partition);
    if (known !== undefined) return known.partitionId;
    let creating = this.#creating.get(partition);
    if (creating === undefined) {
      creating = this.#create(partition).finally(() => this.#creating.delete(partition));
      this.#creating.set(partition, creating);
    }
    return creating;
  }

  async produce(request: ProduceRequest, attempt: number, timeoutMs: number): Promise<ProduceResponse__Output> {
    const metadata = this.#connection.metadata;
    const snapshot = attempt > 0 ? await metadata.refresh(this.#path) : await metadata.table(this.#path);
    const partitionId = Number(request.partitionId);
    const bucket = request.bucket ?? 0;
    if (partitionId !== NO_PARTITION && snapshot.partitionById(partitionId) === undefined) {
      throw new FlussError('UNKNOWN_PARTITION', `Partition ${partitionId} of ${formatTablePath(this.#path)} was dropped`);
    }
    const leader = snapshot.leader(partitionId, bucket);
    if (leader === undefined) throw noLeaderError(`bucket ${bucket} of ${this.#describe(partitionId, snapshot)}`);
    const client = this.#connection.tabletClient(leader);
    return call(client, client.produce, request, { timeoutMs });
  }

  async #create(partition: string): Promise<number> {
    // Another writer may have made it since our metadata was fetched: look again before creating.
    const fresh = await this.#connection.metadata.refresh(this.#path);
    const existing = fresh.partitionByName(partition);
    if (existing !== undefined) return existing.partitionId;
    const spec = partitionSpecFromName(this.table.partitionKeys, partition);
    await this.#connection.admin().createPartition(this.#path, spec, { ignoreIfExists: true });
    const after = (await this.#connection.metadata.refresh(this.#path)).partitionByName(partition);
    if (after === undefined) throw new FlussError('UNAVAILABLE', `Partition ${partition} of ${formatTablePath(this.#path)} is not visible yet`);
    return after.partitionId;
  }

  #describe(partitionId: number, snapshot: TableSnapshot): string {
    const table = formatTablePath(this.#path);
    if (partitionId === NO_PARTITION) return table;
    return `partition ${snapshot.partitionById(partitionId)?.name ?? partitionId} of ${table}`;
  }
}
