// Column values as the KV tablet holds them: the decoded form of docs/data-types.md (what
// decodeRows returns and RowBatchEncoder accepts back). Comparison and arithmetic on that form.
import type { DataType } from '../arrow/index.ts';
import { formatDecimal } from '../arrow/decimal.ts';

/** A row by column name; null is SQL NULL. */
export type Row = Record<string, unknown>;

/** A failure caused by the data written (an overflowing sum, a NULL in a NOT NULL column). */
export class MergeError extends Error {
  override name = 'MergeError';
}

/**
 * Orders two non-null values of one column type. Decimals compare by value; DATE, TIME and
 * TIMESTAMP compare by their canonical text, which sorts by time (fixed width per precision).
 */
export function compareValues(type: DataType, a: unknown, b: unknown): number {
  switch (type.kind) {
    case 'decimal':
      return compareBigInts(unscaled(a), unscaled(b));
    case 'bigint':
      return compareBigInts(a as bigint, b as bigint);
    case 'bytes':
      return Buffer.compare(a as Uint8Array, b as Uint8Array);
    case 'boolean':
      return Number(a) - Number(b);
    case 'string':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamp_ltz':
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    default: {
      const x = a as number;
      const y = b as number;
      return x === y ? 0 : x < y ? -1 : 1;
    }
  }
}

function compareBigInts(a: bigint, b: bigint): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** A decoded DECIMAL has exactly `scale` fraction digits, so dropping the point gives the unscaled value. */
function unscaled(value: unknown): bigint {
  return BigInt((value as string).replace('.', ''));
}

const INT_BITS = { tinyint: 8, smallint: 16, int: 32 } as const;

/** a + b or a × b in the column's type; overflow is an error, never a wrap-around. */
export function arithmetic(type: DataType, op: 'sum' | 'product', a: unknown, b: unknown): unknown {
  const apply = (x: number, y: number): number => (op === 'sum' ? x + y : x * y);
  const applyBig = (x: bigint, y: bigint): bigint => (op === 'sum' ? x + y : x * y);
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const result = apply(a as number, b as number);
      const max = 2 ** (INT_BITS[type.kind] - 1);
      if (result < -max || result >= max) throw new MergeError(`${op} overflows ${type.kind.toUpperCase()}: ${a} and ${b}`);
      return result;
    }
    case 'bigint': {
      const result = applyBig(a as bigint, b as bigint);
      if (BigInt.asIntN(64, result) !== result) throw new MergeError(`${op} overflows BIGINT: ${a} and ${b}`);
      return result;
    }
    case 'float':
      return Math.fround(apply(a as number, b as number));
    case 'double':
      return apply(a as number, b as number);
    case 'decimal': {
      // Products carry scale twice: rescale back down, refusing to drop non-zero digits.
      let result = applyBig(unscaled(a), unscaled(b));
      if (op === 'product') {
        const factor = 10n ** BigInt(type.scale);
        if (result % factor !== 0n) throw new MergeError(`product of ${a} and ${b} needs more than ${type.scale} fraction digits`);
        result /= factor;
      }
      if ((result < 0n ? -result : result) >= 10n ** BigInt(type.precision)) {
        throw new MergeError(`${op} of ${a} and ${b} does not fit DECIMAL(${type.precision},${type.scale})`);
      }
      return formatDecimal(result, type.scale);
    }
    default:
      throw new TypeError(`${op} of ${type.kind} values`);
  }
}
