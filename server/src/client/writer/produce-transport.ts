import type { ProduceRequest } from '../../rpc/generated/fluss/v1/ProduceRequest.ts';
import type { ProduceResponse__Output } from '../../rpc/generated/fluss/v1/ProduceResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import type { SealedBatch } from './accumulator.ts';
import { batchRequestFields, type BatchTransport } from './batch-transport.ts';
import type { WriterSequence } from './bucket-sequences.ts';
import type { ResolvedWriterOptions } from './options.ts';

/** What the append writer needs from the cluster; the Table wires the real one, tests a fake. */
export interface WriterBackend {
  readonly table: TableInfo__Output;
  /** The wire id of a partition by name (-1 for none), creating the partition when missing. */
  partitionId(partition: string | undefined): Promise<number>;
  /**
   * Sends one Produce to the bucket's leader. `attempt` > 0 means a retry: refresh metadata first,
   * since the leader may have moved.
   */
  produce(request: ProduceRequest, attempt: number, timeoutMs: number): Promise<ProduceResponse__Output>;
}

/** Sends an append writer's batches (Arrow rows) to a log table as Produce requests. */
export class ProduceTransport implements BatchTransport<ProduceRequest, ProduceResponse__Output> {
  readonly #backend: WriterBackend;
  readonly #options: Pick<ResolvedWriterOptions, 'acks' | 'idempotence'>;

  constructor(backend: WriterBackend, options: Pick<ResolvedWriterOptions, 'acks' | 'idempotence'>) {
    this.#backend = backend;
    this.#options = options;
  }

  partitionId(partition: string | undefined): Promise<number> {
    return this.#backend.partitionId(partition);
  }

  request(batch: SealedBatch, partitionId: number, sequence: WriterSequence): ProduceRequest {
    const { idempotence } = this.#options;
    return {
      ...batchRequestFields(this.#backend.table, batch, partitionId),
      acks: this.#options.acks,
      // Without idempotence the server takes every attempt as a new batch.
      writerId: idempotence ? sequence.writerId : -1,
      batchSequence: idempotence ? sequence.sequence : 0,
    };
  }

  send(request: ProduceRequest, attempt: number, timeoutMs: number): Promise<ProduceResponse__Output> {
    return this.#backend.produce(request, attempt, timeoutMs);
  }
}
