import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../rpc/generated/fluss/v1/PutKvResponse.ts';
import type { SealedBatch } from '../writer/accumulator.ts';
import { batchRequestFields, type BatchTransport } from '../writer/batch-transport.ts';
import type { WriterSequence } from '../writer/bucket-sequences.ts';
import type { Acks } from '../writer/options.ts';
import type { KvBackend } from './cluster-kv-backend.ts';

/**
 * Sends an upsert writer's batches (Arrow rows of the PutKv wire columns, an op code per row) to
 * a primary-key table as PutKv requests. A partial update names its target columns in each one.
 */
export class PutKvTransport implements BatchTransport<PutKvRequest, PutKvResponse__Output> {
  readonly #backend: KvBackend;
  readonly #targetColumnIds: number[];
  readonly #acks: Acks;
  #changesAcked = 0;

  /** `targetColumnIds` empty: every column is written. */
  constructor(backend: KvBackend, targetColumnIds: number[], acks: Acks) {
    this.#backend = backend;
    this.#targetColumnIds = targetColumnIds;
    this.#acks = acks;
  }

  /** Changelog records the server reported for acknowledged batches. */
  get changesAcked(): number {
    return this.#changesAcked;
  }

  async partitionId(partition: string | undefined): Promise<number> {
    // Writes create a missing partition, so there always is an id.
    return (await this.#backend.partitionId(partition, true))!;
  }

  request(batch: SealedBatch, partitionId: number, sequence: WriterSequence): PutKvRequest {
    if (batch.ops === undefined) throw new Error(`PutKv batch ${batch.id} has no op codes`);
    return {
      ...batchRequestFields(this.#backend.table, batch, partitionId),
      ops: batch.ops,
      targetColumnIds: this.#targetColumnIds,
      writerId: sequence.writerId,
      batchSequence: sequence.sequence,
      acks: this.#acks,
    };
  }

  send(request: PutKvRequest, attempt: number, timeoutMs: number): Promise<PutKvResponse__Output> {
    return this.#backend.putKv(request, attempt, timeoutMs);
  }

  acknowledged(response: PutKvResponse__Output): void {
    this.#changesAcked += response.changeCount;
  }
}
