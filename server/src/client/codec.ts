// The client's one door to the Arrow module: encode rows into IPC batches, decode fetched ones.
import { RowBatchEncoder, decodeRows } from '../arrow/index.ts';
import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import { columnDefs } from '../table/table-spec.ts';

/** Rows in, one Arrow IPC stream out. `append` throws RowError and leaves the batch unchanged. */
export interface BatchEncoder {
  append(row: Record<string, unknown>): void;
  readonly rowCount: number;
  /** Estimated size of the IPC stream `finish` would produce. */
  readonly byteSize: number;
  finish(): Uint8Array;
}

export type EncoderFactory = () => BatchEncoder;

/** Encoders for a table's current schema. */
export function encoderFactory(table: Pick<TableInfo__Output, 'schema'>): EncoderFactory {
  const columns = columnDefs(table);
  return () => new RowBatchEncoder(columns);
}

/** The rows of one fetched IPC stream, keyed by column name. */
export function decodeBatch(ipc: Uint8Array): Record<string, unknown>[] {
  return decodeRows(ipc);
}

/**
 * Encoders of one schema kept for reuse. `finish` resets an encoder, while building one costs a
 * schema and a trial IPC write (milliseconds): writers hand back the encoder of each sealed batch.
 */
export class EncoderPool<E extends BatchEncoder = BatchEncoder> {
  readonly #make: () => E;
  readonly #max: number;
  readonly #spare: E[] = [];

  /** Keeps at most `max` spares; beyond a few, many buckets each need their own anyway. */
  constructor(make: () => E, max = 8) {
    this.#make = make;
    this.#max = max;
  }

  take(): E {
    return this.#spare.pop() ?? this.#make();
  }

  /** Call after `finish`: the encoder is empty again. */
  give(encoder: E): void {
    if (this.#spare.length < this.#max) this.#spare.push(encoder);
  }
}
