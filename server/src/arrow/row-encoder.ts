// Rows (plain JS objects) → one Arrow IPC stream (schema + one record batch). The client's hot
// path: values go straight into typed column buffers, validated on the way in.
import { makeData, RecordBatch, RecordBatchStreamWriter, Struct, type Schema } from 'apache-arrow';
import { makeColumnWriter, type ColumnWriter } from './column-writers.ts';
import { describeValue, RowError, ValueError } from './errors.ts';
import { toArrowSchema, type ColumnDef } from './schema.ts';

const INITIAL_CAPACITY = 1024;

export class RowBatchEncoder {
  private readonly schema: Schema;
  private readonly names: readonly string[];
  private readonly nullable: readonly boolean[];
  /** Columns whose name is also an Object.prototype member ("constructor"): read as own properties only. */
  private readonly inherited: readonly boolean[];
  private readonly known: ReadonlySet<string>;
  private readonly writers: readonly ColumnWriter[];
  /** IPC bytes of an empty batch (schema and batch headers): the fixed part of every finish(). */
  private readonly framingBytes: number;
  private rows = 0;
  private capacity = 0;

  constructor(columns: readonly ColumnDef[]) {
    if (columns.length === 0) throw new TypeError('a batch needs at least one column');
    const known = new Set(columns.map((c) => c.name));
    if (known.size !== columns.length) throw new TypeError('column names must be unique');
    this.schema = toArrowSchema(columns);
    this.names = columns.map((c) => c.name);
    this.nullable = columns.map((c) => c.nullable);
    this.inherited = columns.map((c) => c.name in Object.prototype);
    this.known = known;
    this.writers = columns.map((c) => makeColumnWriter(c.type, c.nullable));
    this.framingBytes = this.finish().byteLength;
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * The size in bytes of what finish() would return, give or take buffer padding (≤ 7 bytes per
   * buffer) and validity bitmaps of nullable columns that hold no null (counted, not written):
   * the figure to cap batch sizes with. Cheap enough to call after every append.
   */
  get byteSize(): number {
    let size = this.framingBytes;
    for (const writer of this.writers) size += writer.byteSize(this.rows);
    return size;
  }

  /** Adds one row, or throws RowError and leaves the batch as it was. Missing nullable columns are null. */
  append(row: Record<string, unknown>): void {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new RowError(undefined, `a row must be an object: got ${describeValue(row)}`);
    }
    if (this.rows === this.capacity) this.grow();
    const r = this.rows;
    const { names, writers } = this;
    let present = 0; // columns found in the row, to notice keys that are not columns
    let column = 0;
    try {
      for (; column < writers.length; column++) {
        const name = names[column]!;
        const value = this.inherited[column] === true && !Object.hasOwn(row, name) ? undefined : row[name];
        if (value === undefined || value === null) {
          if (this.nullable[column] !== true) {
            throw new ValueError(`is not nullable: got ${value === null ? 'null' : 'no value'}`);
          }
          writers[column]!.writeNull(r);
          if (value === null) present++;
        } else {
          writers[column]!.write(r, value);
          present++;
        }
      }
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const name = names[column]!;
      throw new RowError(name, `column ${JSON.stringify(name)} ${error.message}`);
    }
    if (Object.keys(row).length > present) this.rejectUnknownKeys(row);
    this.rows = r + 1;
  }

  /** The batch as Arrow IPC stream bytes (schema message + one record batch); the encoder starts over empty. */
  finish(): Uint8Array {
    const rows = this.rows;
    const children = this.writers.map((writer) => writer.toData(rows));
    const data = makeData({ type: new Struct(this.schema.fields), length: rows, nullCount: 0, children });
    // The writer copies the column buffers into fresh output bytes, so ours can be reused.
    const ipc = RecordBatchStreamWriter.writeAll([new RecordBatch(this.schema, data)]).toUint8Array(true);
    this.rows = 0;
    return ipc;
  }

  private grow(): void {
    this.capacity = Math.max(INITIAL_CAPACITY, this.capacity * 2);
    for (const writer of this.writers) writer.grow(this.capacity);
  }

  private rejectUnknownKeys(row: Record<string, unknown>): void {
    // Keys holding undefined count as absent, like missing keys.
    const unknown = Object.keys(row).filter((key) => !this.known.has(key) && row[key] !== undefined);
    if (unknown.length > 0) {
      throw new RowError(unknown[0], `unknown column ${unknown.map((k) => JSON.stringify(k)).join(', ')}; columns are ${[...this.known].join(', ')}`);
    }
  }
}
