import { decodeRows, RowBatchEncoder, type ColumnDef } from '../../server/src/arrow/index.ts';
import type { Timers } from '../../server/src/common/timers.ts';
import type { FetchResponse__Output } from '../../server/src/rpc/generated/fluss/v1/FetchResponse.ts';
import type { GetMetadataResponse__Output } from '../../server/src/rpc/generated/fluss/v1/GetMetadataResponse.ts';
import type { ProduceResponse__Output } from '../../server/src/rpc/generated/fluss/v1/ProduceResponse.ts';
import type { ReplicatedSimCluster } from './replicated-cluster.ts';

/**
 * The simulation's clients, one process on the network (`client`): per bucket a writer that
 * appends small batches of unique ids (mostly acks=all, some acks=1) and a consumer that tails the
 * bucket from offset 0. Both find the leader with GetMetadata and look again after any error, as
 * the real client does. They record what the invariants need: every acknowledged record at its
 * offset, and every record a consumer saw at its offset.
 */
export const CLIENT = 'client';

const COLUMNS: ColumnDef[] = [{ id: 0, name: 'id', type: { kind: 'bigint' }, nullable: false }];
const PRODUCE_TIMEOUT_MS = 5_000;
const FETCH_TIMEOUT_MS = 5_000;
const RETRY_MS = 100;

export interface ClientRecords {
  /** Per bucket: offset → id of every record acknowledged with acks=all. */
  acked: Map<number, number>[];
  /** Per bucket: offset → id of every record a consumer saw. */
  seen: Map<number, number>[];
  /** acks=1 writes acknowledged (not promised to survive; counted for the report). */
  ackedOne: number;
  /** Where a consumer found records that do not continue what it read (its position, what came). */
  gaps: string[];
}

export class SimClients {
  readonly records: ClientRecords;
  readonly #cluster: ReplicatedSimCluster;
  #tableId = -1;
  readonly #buckets: number;
  readonly #random: () => number;
  readonly #timers: Timers;
  /** Leader per bucket as last looked up (-1: unknown). */
  readonly #leaders: number[];
  #nextId = 1;
  #writing = true;
  #inFlightWrites = 0;

  constructor(cluster: ReplicatedSimCluster, buckets: number, random: () => number) {
    this.#cluster = cluster;
    this.#buckets = buckets;
    this.#random = random;
    this.#timers = cluster.clock.timersFor(cluster.network.start(CLIENT));
    this.#leaders = Array.from({ length: buckets }, () => -1);
    this.records = {
      acked: Array.from({ length: buckets }, () => new Map()),
      seen: Array.from({ length: buckets }, () => new Map()),
      ackedOne: 0,
      gaps: [],
    };
  }

  /** Creates the table (RF = `replicationFactor`), retrying until the coordinator has it, then starts writing and reading. */
  async start(replicationFactor: number, minInsyncReplicas: number): Promise<void> {
    for (;;) {
      try {
        const created = await this.#cluster.createTable(CLIENT, 'events', this.#buckets, replicationFactor, minInsyncReplicas);
        this.#tableId = created.table.tableId;
        break;
      } catch {
        await this.#timers.sleep(RETRY_MS);
      }
    }
    for (let bucket = 0; bucket < this.#buckets; bucket++) {
      void this.#write(bucket);
      void this.#consume(bucket);
    }
  }

  /** Starts writing again after stopWriting (the cluster healed: writes must get through now). */
  resumeWriting(): void {
    if (this.#writing) return;
    this.#writing = true;
    for (let bucket = 0; bucket < this.#buckets; bucket++) void this.#write(bucket);
  }

  /** Stops starting writes; true once none is in flight any more. */
  stopWriting(): boolean {
    this.#writing = false;
    return this.#inFlightWrites === 0;
  }

  async #leaderOf(bucket: number): Promise<number> {
    if (this.#leaders[bucket]! >= 0) return this.#leaders[bucket]!;
    const response = await this.#cluster.callCoordinator<GetMetadataResponse__Output>(CLIENT, 'GetMetadata', {
      tables: [{ database: 'sim', table: 'events' }],
    });
    for (const location of response.tables[0]?.buckets ?? []) this.#leaders[location.bucket] = location.leader;
    return this.#leaders[bucket]!;
  }

  async #write(bucket: number): Promise<void> {
    const encoder = new RowBatchEncoder(COLUMNS);
    while (this.#writing) {
      const rows = 1 + Math.floor(this.#random() * 4);
      const ids = Array.from({ length: rows }, () => this.#nextId++);
      for (const id of ids) encoder.append({ id: BigInt(id) });
      const acks = this.#random() < 0.85 ? -1 : 1;
      const arrowIpc = encoder.finish();
      this.#inFlightWrites++;
      try {
        const leader = await this.#leaderOf(bucket);
        if (leader < 0) throw new Error('no leader');
        const request = { tableId: this.#tableId, partitionId: -1, bucket, schemaId: 1, acks, arrowIpc, writerId: -1, batchSequence: -1 };
        const answer = await this.#cluster.callTablet<ProduceResponse__Output>(CLIENT, leader, 'Produce', request, PRODUCE_TIMEOUT_MS);
        if (acks === -1) ids.forEach((id, i) => this.records.acked[bucket]!.set(answer.baseOffset + i, id));
        else this.records.ackedOne += rows;
        await this.#timers.sleep(20 + Math.floor(this.#random() * 80));
      } catch {
        this.#leaders[bucket] = -1;
        await this.#timers.sleep(RETRY_MS);
      } finally {
        this.#inFlightWrites--;
      }
    }
  }

  async #consume(bucket: number): Promise<void> {
    let position = 0;
    for (;;) {
      try {
        const leader = await this.#leaderOf(bucket);
        if (leader < 0) throw new Error('no leader');
        const request = {
          buckets: [{ tableId: this.#tableId, partitionId: -1, bucket, fetchOffset: position, maxBytes: 0 }],
          projectedColumnIds: [],
          maxBytes: 0,
          minBytes: 0,
          maxWaitMs: 200,
        };
        const answer = await this.#cluster.callTablet<FetchResponse__Output>(CLIENT, leader, 'Fetch', request, FETCH_TIMEOUT_MS);
        const fetched = answer.buckets[0];
        if (fetched === undefined || fetched.errorCode !== 0) throw new Error(fetched?.errorMessage ?? 'no bucket in the answer');
        for (const batch of fetched.batches) {
          if (batch.baseOffset !== position) this.records.gaps.push(`bucket ${bucket}: at ${position}, a batch from ${batch.baseOffset}`);
          decodeRows(batch.arrowIpc).forEach((row, i) => this.records.seen[bucket]!.set(batch.baseOffset + i, Number(row['id'])));
          position = batch.baseOffset + batch.recordCount;
        }
      } catch {
        this.#leaders[bucket] = -1;
        await this.#timers.sleep(RETRY_MS);
      }
    }
  }
}
