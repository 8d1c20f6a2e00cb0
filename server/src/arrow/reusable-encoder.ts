import type { ColumnDef } from './schema.ts';
import { RowBatchEncoder } from './row-encoder.ts';

/**
 * One RowBatchEncoder kept across batches of the same columns. Building an encoder costs an Arrow
 * schema and a trial IPC write (to learn its framing size): a server answering many small requests
 * should pay that once per table, not once per request. Each batch is encoded whole and
 * synchronously, so one instance serves every caller on the thread; a row that fails leaves the
 * encoder half-filled, so it is dropped and the next batch builds a fresh one.
 */
export class ReusableEncoder {
  readonly #columns: readonly ColumnDef[];
  #encoder: RowBatchEncoder | undefined;

  constructor(columns: readonly ColumnDef[]) {
    this.#columns = columns;
  }

  /** The rows as one Arrow IPC stream; throws what RowBatchEncoder.append throws for a bad row. */
  encode(rows: Iterable<Record<string, unknown>>): Uint8Array {
    const encoder = this.#encoder ?? new RowBatchEncoder(this.#columns);
    this.#encoder = undefined;
    for (const row of rows) encoder.append(row);
    const ipc = encoder.finish();
    this.#encoder = encoder;
    return ipc;
  }
}
