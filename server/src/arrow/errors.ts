// The errors this module throws across its API, plus the internal reason carrier for values.

/** A row handed to RowBatchEncoder.append was rejected; the batch is left unchanged. */
export class RowError extends Error {
  override name = 'RowError';
  /** The offending column, or undefined when the row as a whole is wrong (e.g. not an object). */
  readonly column: string | undefined;

  constructor(column: string | undefined, message: string) {
    super(message);
    this.column = column;
  }
}

/** IPC bytes are not an Arrow stream Fluss accepts for this table (garbage, truncated, wrong schema). */
export class InvalidBatchError extends Error {
  override name = 'InvalidBatchError';
}

/**
 * Why one value cannot be stored in its column ("expects INT: got 3.5"). Thrown by the value
 * coercions, which do not know the column; the encoder adds the column and rethrows a RowError.
 */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** A short, unambiguous rendering of an offending JS value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
