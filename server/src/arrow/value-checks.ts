// Value checks on the column buffers of a record batch the server stores without decoding rows
// (inspectIpc has located and bounds-checked the buffers): STRING is valid UTF-8, DECIMAL(p,s)
// has at most p digits, TIME lies within a day. Everything else any bit pattern is a valid value of.
import { isUtf8 } from 'node:buffer';
import { timeUnitForPrecision, unitsPerSecond } from './arrow-types.ts';
import { formatDecimal } from './decimal.ts';
import type { ColumnDef } from './schema.ts';

/** [offset, offset + length) of one buffer in the record batch body. */
export interface BufferRange {
  readonly offset: number;
  readonly length: number;
}

/** One column's buffers in a record batch body, already checked to lie within it and fit `rows`. */
export interface ColumnBuffers {
  readonly rows: number;
  readonly nullCount: number;
  readonly validity: BufferRange;
  /** Fixed-width values; for STRING/BYTES the int32 offsets. */
  readonly values: BufferRange;
  /** STRING/BYTES only: the value bytes the offsets point into. */
  readonly data?: BufferRange | undefined;
}

/** The first bad value of a column: its row within the batch and why. */
export interface BadValue {
  readonly row: number;
  readonly why: string;
}

const DAY_SECONDS = 86_400;
const TWO_POW_32 = 0x1_0000_0000;

/** Checks the values of `column` in `body`; returns the first bad one, or undefined. */
export function checkColumnValues(column: ColumnDef, body: Uint8Array, view: DataView, buffers: ColumnBuffers): BadValue | undefined {
  const { type } = column;
  switch (type.kind) {
    case 'string':
      return buffers.data === undefined ? undefined : checkUtf8(body, view, buffers.values, buffers.data, buffers.rows);
    case 'decimal':
      return checkDecimals(body, view, buffers, type.precision, type.scale);
    case 'time':
      return checkTimes(body, view, buffers, type.precision);
    default:
      return undefined;
  }
}

function isNull(body: Uint8Array, buffers: ColumnBuffers, row: number): boolean {
  return buffers.nullCount > 0 && (body[buffers.validity.offset + (row >> 3)]! & (1 << (row & 7))) === 0;
}

/**
 * The whole value range is checked in one call (simdutf through buffer.isUtf8); then each value
 * must start on a character, or a character straddles two values. Only on failure are the values
 * checked one by one, to name the row.
 */
function checkUtf8(body: Uint8Array, view: DataView, offsets: BufferRange, data: BufferRange, rows: number): BadValue | undefined {
  if (rows === 0) return undefined;
  const offsetAt = (row: number): number => view.getInt32(offsets.offset + 4 * row, true);
  const end = offsetAt(rows);
  if (isUtf8(body.subarray(data.offset + offsetAt(0), data.offset + end))) {
    for (let row = 1; row < rows; row++) {
      const start = offsetAt(row);
      // 10xxxxxx is a continuation byte: the previous value ends inside a character.
      if (start < end && (body[data.offset + start]! & 0xc0) === 0x80)
        return { row: row - 1, why: 'STRING value is not valid UTF-8 (ends inside a character)' };
    }
    return undefined;
  }
  for (let row = 0; row < rows; row++) {
    if (!isUtf8(body.subarray(data.offset + offsetAt(row), data.offset + offsetAt(row + 1)))) {
      return { row, why: 'STRING value is not valid UTF-8' };
    }
  }
  return { row: 0, why: 'STRING values are not valid UTF-8' }; // not reached: valid values concatenate to valid UTF-8
}

/** DECIMAL(p,s) is a 128-bit little-endian two's complement unscaled value: |v| < 10^p. */
function checkDecimals(body: Uint8Array, view: DataView, buffers: ColumnBuffers, precision: number, scale: number): BadValue | undefined {
  const bound = 10n ** BigInt(precision);
  const { offset } = buffers.values;
  for (let row = 0; row < buffers.rows; row++) {
    if (isNull(body, buffers, row)) continue;
    const at = offset + 16 * row;
    const value = (view.getBigInt64(at + 8, true) << 64n) | view.getBigUint64(at, true);
    if (value >= bound || value <= -bound) {
      return { row, why: `DECIMAL(${precision},${scale}) value ${formatDecimal(value, scale)} has more than ${precision} digits` };
    }
  }
  return undefined;
}

/** TIME(p) counts units since midnight: 0 ≤ t < one day in its unit (int32 ms, or int64 µs/ns). */
function checkTimes(body: Uint8Array, view: DataView, buffers: ColumnBuffers, precision: number): BadValue | undefined {
  const perSecond = unitsPerSecond(timeUnitForPrecision(precision));
  const limit = DAY_SECONDS * perSecond;
  const wide = perSecond > 1_000;
  const { offset } = buffers.values;
  for (let row = 0; row < buffers.rows; row++) {
    if (isNull(body, buffers, row)) continue;
    // An int64 as high × 2^32 + low: exact below 2^53, and far past the limit above it.
    const value = wide
      ? view.getInt32(offset + 8 * row + 4, true) * TWO_POW_32 + view.getUint32(offset + 8 * row, true)
      : view.getInt32(offset + 4 * row, true);
    if (value < 0 || value >= limit) {
      return { row, why: `TIME(${precision}) value ${value} is outside a day: it must be in [0, ${limit}) units of 1/${perSecond} s` };
    }
  }
  return undefined;
}
