// The Arrow module's public surface: Fluss data types, the client's row ⇄ IPC codec, and the
// server's row-free validation and projection of IPC bytes.
export {
  formatDataType,
  parseDataType,
  type DataType,
  type DataTypeKind,
} from './data-types.ts';
export type { ColumnDef } from './schema.ts';
export { InvalidBatchError, RowError } from './errors.ts';
export { RowBatchEncoder } from './row-encoder.ts';
export { ReusableEncoder } from './reusable-encoder.ts';
export { decodeRows, toJsonValue } from './row-decoder.ts';
export { inspectIpc, type InspectOptions, type IpcSummary } from './ipc-inspect.ts';
export { projectIpc, projectedIndexes } from './projection.ts';
