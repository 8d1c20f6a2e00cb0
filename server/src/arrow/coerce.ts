// JS value → what a column's Arrow buffer stores (number, bigint, string, bytes). Each coercion
// accepts the input forms documented in docs/data-types.md (which include everything toJsonValue
// prints, so JSON output can be fed back) and throws ValueError with the reason otherwise. Nothing
// is truncated, wrapped or clamped: a value that does not fit the type exactly is rejected (FLOAT
// and DOUBLE round to the nearest representable value, as IEEE 754 does).
import { timeUnitForPrecision, unitsPerSecond } from './arrow-types.ts';
import { formatDataType, type DataType } from './data-types.ts';
import { parseDecimal } from './decimal.ts';
import { describeValue, ValueError } from './errors.ts';
import { NANOS_PER_DAY, NANOS_PER_SECOND, parseDate, parseTimeOfDay, parseTimestamp } from './temporal.ts';

export type NumberCoercion = (value: unknown) => number;
export type BigIntCoercion = (value: unknown) => bigint;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const MS_PER_DAY = NANOS_PER_DAY / 1_000_000;

function mismatch(type: DataType, value: unknown, why?: string): ValueError {
  return new ValueError(`expects ${formatDataType(type)}: got ${describeValue(value)}${why === undefined ? '' : ` (${why})`}`);
}

export function booleanCoercion(type: DataType): (value: unknown) => boolean {
  return (value) => {
    if (typeof value !== 'boolean') throw mismatch(type, value);
    return value;
  };
}

/** TINYINT/SMALLINT/INT: integral JS numbers within the type's range. */
export function intCoercion(type: DataType, bits: 8 | 16 | 32): NumberCoercion {
  const max = 2 ** (bits - 1) - 1;
  const min = -max - 1;
  return (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(type, value);
    if (value < min || value > max) throw mismatch(type, value, `out of range ${min}..${max}`);
    return value;
  };
}

/** BIGINT: bigint, safe-integer number, or decimal integer text. */
export function bigintCoercion(type: DataType): BigIntCoercion {
  return (value) => {
    let result: bigint;
    if (typeof value === 'bigint') {
      result = value;
    } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
      result = BigInt(value);
    } else if (typeof value === 'string' && /^[+-]?\d{1,20}$/.test(value)) {
      result = BigInt(value);
    } else {
      const why = typeof value === 'number' && Number.isInteger(value) ? 'not a safe integer; pass a bigint or a string' : undefined;
      throw mismatch(type, value, why);
    }
    if (result < INT64_MIN || result > INT64_MAX) throw mismatch(type, value, 'out of 64-bit range');
    return result;
  };
}

// What toJsonValue prints for non-finite floats (JSON has no NaN/Infinity).
const NON_FINITE: ReadonlyMap<unknown, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

/** FLOAT/DOUBLE: numbers, or "NaN"/"Infinity"/"-Infinity". FLOAT rejects finite overflow. */
export function floatCoercion(type: DataType, single: boolean): NumberCoercion {
  return (value) => {
    if (typeof value !== 'number') {
      const special = NON_FINITE.get(value);
      if (special === undefined) throw mismatch(type, value);
      return special;
    }
    if (single && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
      throw mismatch(type, value, 'out of FLOAT range');
    }
    return value;
  };
}

/** DECIMAL(p,s): decimal text (exponent allowed) or a finite number, taken by its shortest spelling. */
export function decimalCoercion(type: DataType & { kind: 'decimal' }): BigIntCoercion {
  return (value) => {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw mismatch(type, value);
    }
    try {
      return parseDecimal(String(value), type.precision, type.scale);
    } catch (error) {
      if (error instanceof ValueError) throw mismatch(type, value, error.message);
      throw error;
    }
  };
}

/** DATE: 'YYYY-MM-DD' or days since 1970-01-01 (int32). */
export function dateCoercion(type: DataType): NumberCoercion {
  return (value) => {
    if (typeof value === 'string') {
      const days = parseDate(value);
      if (days === undefined || days < INT32_MIN || days > INT32_MAX) throw mismatch(type, value, 'expected YYYY-MM-DD');
      return days;
    }
    if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
    throw mismatch(type, value);
  };
}

/** A TIME/TIMESTAMP column's storage: units per second and the step its precision allows. */
interface TemporalStorage {
  readonly perSecond: number;
  /** Stored values must be multiples of this (e.g. TIMESTAMP(4) in microseconds: 100). */
  readonly step: number;
}

function temporalStorage(precision: number): TemporalStorage {
  const perSecond = unitsPerSecond(timeUnitForPrecision(precision));
  return { perSecond, step: perSecond / 10 ** precision };
}

/** TIME(p): 'HH:MM:SS[.f…]' or milliseconds since midnight; as the column's unit (number). */
export function timeCoercion(type: DataType & { kind: 'time' }): NumberCoercion {
  const { perSecond, step } = temporalStorage(type.precision);
  const nanosPerUnit = NANOS_PER_SECOND / perSecond;
  return (value) => {
    let units: number;
    if (typeof value === 'string') {
      const nanos = parseTimeOfDay(value);
      if (nanos === undefined) throw mismatch(type, value, 'expected HH:MM:SS[.fff]');
      units = nanos / nanosPerUnit;
    } else if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MS_PER_DAY) {
      units = value * (perSecond / 1000);
    } else {
      throw mismatch(type, value, typeof value === 'number' ? 'expected milliseconds of the day' : undefined);
    }
    if (!Number.isInteger(units) || units % step !== 0) throw mismatch(type, value, `finer than precision ${type.precision}`);
    return units;
  };
}

/**
 * TIMESTAMP(p) / TIMESTAMP_LTZ(p): ISO-8601 text (a zone is required for LTZ and rejected for
 * TIMESTAMP, whose values are zone-less wall-clock times), epoch milliseconds, a Date, or a
 * bigint already in the column's unit (ms for p ≤ 3, µs for p ≤ 6, ns otherwise).
 */
export function timestampCoercion(type: DataType & { kind: 'timestamp' | 'timestamp_ltz' }): BigIntCoercion {
  const { perSecond, step } = temporalStorage(type.precision);
  const ltz = type.kind === 'timestamp_ltz';
  const nanosPerUnit = BigInt(NANOS_PER_SECOND / perSecond);
  const unitsPerMs = BigInt(perSecond / 1000);
  const bigStep = BigInt(step);
  return (value) => {
    let units: bigint;
    if (typeof value === 'string') {
      const parsed = parseTimestamp(value);
      if (parsed === undefined) throw mismatch(type, value, `expected ISO-8601 YYYY-MM-DDTHH:MM:SS[.f…]${ltz ? 'Z' : ''}`);
      if (parsed.hasZone !== ltz) {
        throw mismatch(type, value, ltz ? 'a zone (Z or ±HH:MM) is required' : 'TIMESTAMP has no time zone; use TIMESTAMP_LTZ');
      }
      if (parsed.epochNanos % nanosPerUnit !== 0n) throw mismatch(type, value, `finer than precision ${type.precision}`);
      units = parsed.epochNanos / nanosPerUnit;
    } else if (typeof value === 'bigint') {
      units = value;
    } else {
      units = BigInt(epochMillis(type, value)) * unitsPerMs;
    }
    if (units < INT64_MIN || units > INT64_MAX) throw mismatch(type, value, 'out of range');
    if (units % bigStep !== 0n) throw mismatch(type, value, `finer than precision ${type.precision}`);
    return units;
  };
}

function epochMillis(type: DataType, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
  throw mismatch(type, value);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** BYTES: a Uint8Array (Buffer included) or standard padded base64 text. */
export function bytesCoercion(type: DataType): (value: unknown) => Uint8Array {
  return (value) => {
    if (value instanceof Uint8Array) return value;
    if (typeof value === 'string' && BASE64_RE.test(value)) return Buffer.from(value, 'base64');
    throw mismatch(type, value, typeof value === 'string' ? 'not base64' : undefined);
  };
}

/** STRING: JS strings that are valid Unicode (no unpaired surrogates, which UTF-8 cannot carry). */
export function stringCoercion(type: DataType): (value: unknown) => string {
  return (value) => {
    if (typeof value !== 'string') throw mismatch(type, value);
    return value;
  };
}

/** The rejection of an ill-formed string, raised by the writer that notices it while encoding. */
export function illFormedString(type: DataType, value: string): ValueError {
  return mismatch(type, value, 'contains an unpaired surrogate');
}
