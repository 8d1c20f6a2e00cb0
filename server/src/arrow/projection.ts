// Column projection served from column buffers: read the stored IPC zero-copy (apache-arrow's
// reader only wraps the body in typed-array views) and write a new stream holding just the chosen
// columns' buffers. No value is ever decoded, so the cost is the bytes of the projected columns.
import { makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, type Table } from 'apache-arrow';
import { InvalidBatchError } from './errors.ts';
import { readIpcTable } from './ipc-read.ts';
import type { ColumnDef } from './schema.ts';

/**
 * An IPC stream with only the columns `projectedIds` (column ids, in that order), one output
 * batch per input batch. `columns` is the schema `ipc` was validated against (inspectIpc).
 * Throws RangeError for an unknown or repeated id, InvalidBatchError if `ipc` does not match.
 */
export function projectIpc(ipc: Uint8Array, columns: readonly ColumnDef[], projectedIds: readonly number[]): Uint8Array {
  const indexes = projectedIndexes(columns, projectedIds);
  const table = readTable(ipc);
  const fields = table.schema.fields;
  if (fields.length !== columns.length || columns.some((c, i) => fields[i]!.name !== c.name)) {
    throw new InvalidBatchError(`stored batch has columns (${fields.map((f) => f.name).join(', ')}), expected (${columns.map((c) => c.name).join(', ')})`);
  }
  const projectedFields = indexes.map((i) => fields[i]!);
  const schema = new Schema(projectedFields, table.schema.metadata);
  const type = new Struct(projectedFields);
  const batches = table.batches.map((batch) => {
    const children = indexes.map((i) => batch.data.children[i]!);
    return new RecordBatch(schema, makeData({ type, length: batch.numRows, nullCount: 0, children }));
  });
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema); // writes the schema even when there are no batches
  for (const batch of batches) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

/** Indexes into `columns` of the projected column ids; RangeError for an empty projection, an unknown or repeated id. */
export function projectedIndexes(columns: readonly ColumnDef[], projectedIds: readonly number[]): number[] {
  if (projectedIds.length === 0) throw new RangeError('a projection needs at least one column id');
  const seen = new Set<number>();
  return projectedIds.map((id) => {
    const index = columns.findIndex((c) => c.id === id);
    if (index < 0) {
      throw new RangeError(`unknown column id ${id} in projection; the table has ${columns.map((c) => `${c.id} (${c.name})`).join(', ')}`);
    }
    if (seen.has(id)) throw new RangeError(`column id ${id} (${columns[index]!.name}) appears twice in the projection`);
    seen.add(id);
    return index;
  });
}

function readTable(ipc: Uint8Array): Table {
  try {
    return readIpcTable(ipc);
  } catch (error) {
    throw new InvalidBatchError(`stored batch is not a readable Arrow IPC stream: ${error instanceof Error ? error.message : String(error)}`);
  }
}
