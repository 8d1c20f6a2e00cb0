import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import type { SealedBatch } from './accumulator.ts';
import type { WriterSequence } from './bucket-sequences.ts';

/** What every answer to a sent batch says: whether the server already held it (a retry after a lost answer). */
export interface BatchAcknowledgement {
  readonly duplicate: boolean;
}

/**
 * How the write pipeline sends a sealed batch to its bucket's leader: Produce for a log table
 * (produce-transport.ts), PutKv for a primary-key table (kv/put-kv-transport.ts). The pipeline
 * owns batching, ordering, retries and sequences; a transport only knows its request.
 */
export interface BatchTransport<Request, Response extends BatchAcknowledgement> {
  /** The wire id of a partition by name (-1 for none), creating the partition when missing. */
  partitionId(partition: string | undefined): Promise<number>;
  /**
   * The request of a batch, built once: every retry sends this same request (same bytes, same
   * writer id and sequence), so the server can recognise a batch it already applied.
   */
  request(batch: SealedBatch, partitionId: number, sequence: WriterSequence): Request;
  /** One attempt. `attempt` > 0 means a retry: refresh metadata first, since the leader may have moved. */
  send(request: Request, attempt: number, timeoutMs: number): Promise<Response>;
  /** Called once for each acknowledged batch, with the answer (e.g. to count what it reports). */
  acknowledged?(response: Response): void;
}

/** What both write requests (Produce, PutKv) say first: where the batch goes, its schema and its rows. */
export interface BatchRequestFields {
  tableId: number;
  partitionId: number;
  bucket: number;
  schemaId: number;
  arrowIpc: Uint8Array;
}

export function batchRequestFields(table: TableInfo__Output, batch: SealedBatch, partitionId: number): BatchRequestFields {
  return {
    tableId: table.tableId,
    partitionId,
    bucket: batch.target.bucket,
    schemaId: table.schema?.schemaId ?? 0,
    arrowIpc: batch.bytes,
  };
}
