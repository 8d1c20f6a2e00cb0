// Fluss type ⇄ Arrow type. One mapping used by the encoder (schema it writes), the server's
// validator (types it accepts) and the decoder (types it reads back).
import {
  Binary,
  Bool,
  type DataType as ArrowType,
  DateDay,
  DateUnit,
  Decimal,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Precision,
  Time,
  Timestamp,
  TimeUnit,
  Type,
  Utf8,
} from 'apache-arrow';
import type { DataType } from './data-types.ts';

const LTZ_TIMEZONE = 'UTC';

/** The Arrow time unit that stores a TIME/TIMESTAMP of this precision without loss. */
export function timeUnitForPrecision(precision: number): TimeUnit {
  if (precision <= 3) return TimeUnit.MILLISECOND;
  return precision <= 6 ? TimeUnit.MICROSECOND : TimeUnit.NANOSECOND;
}

/** Stored units per second for an Arrow time unit. */
export function unitsPerSecond(unit: TimeUnit): number {
  switch (unit) {
    case TimeUnit.SECOND:
      return 1;
    case TimeUnit.MILLISECOND:
      return 1_000;
    case TimeUnit.MICROSECOND:
      return 1_000_000;
    case TimeUnit.NANOSECOND:
      return 1_000_000_000;
  }
}

export function toArrowType(type: DataType): ArrowType {
  switch (type.kind) {
    case 'boolean':
      return new Bool();
    case 'tinyint':
      return new Int8();
    case 'smallint':
      return new Int16();
    case 'int':
      return new Int32();
    case 'bigint':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'decimal':
      return new Decimal(type.scale, type.precision, 128);
    case 'string':
      return new Utf8();
    case 'bytes':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'time': {
      // TIME(0..3) fits int32 milliseconds; finer precisions need int64.
      const unit = timeUnitForPrecision(type.precision);
      return new Time(unit, unit === TimeUnit.MILLISECOND ? 32 : 64);
    }
    case 'timestamp':
      return new Timestamp(timeUnitForPrecision(type.precision), null);
    case 'timestamp_ltz':
      return new Timestamp(timeUnitForPrecision(type.precision), LTZ_TIMEZONE);
  }
}

// Parameters an Arrow type may carry; read through one view because the reader builds base
// classes (Int_, Date_, Time_) rather than the Int32/DateDay/... subclasses we construct.
export interface ArrowTypeParams {
  readonly typeId: Type;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly precision?: number;
  readonly scale?: number;
  readonly unit?: number;
  readonly timezone?: string | null;
}

const SIGNED_INT_KINDS: ReadonlyMap<number, DataType> = new Map<number, DataType>([
  [8, { kind: 'tinyint' }],
  [16, { kind: 'smallint' }],
  [32, { kind: 'int' }],
  [64, { kind: 'bigint' }],
]);

/**
 * The Fluss type for an Arrow type that did not come with a `fluss.data_type` annotation
 * (e.g. written by another Arrow library). Precision is the unit's: ms → 3, us → 6, ns → 9.
 * Returns undefined for Arrow types Fluss does not have.
 */
export function fromArrowType(type: ArrowType): DataType | undefined {
  const t: ArrowTypeParams = type;
  switch (t.typeId) {
    case Type.Bool:
      return { kind: 'boolean' };
    case Type.Utf8:
      return { kind: 'string' };
    case Type.Binary:
      return { kind: 'bytes' };
    case Type.Int:
      return t.isSigned === true ? SIGNED_INT_KINDS.get(t.bitWidth ?? 0) : undefined;
    case Type.Float:
      if (t.precision === Precision.SINGLE) return { kind: 'float' };
      return t.precision === Precision.DOUBLE ? { kind: 'double' } : undefined;
    case Type.Decimal:
      return t.bitWidth === 128 ? { kind: 'decimal', precision: t.precision ?? 0, scale: t.scale ?? 0 } : undefined;
    case Type.Date:
      return t.unit === DateUnit.DAY ? { kind: 'date' } : undefined;
    case Type.Time: {
      const precision = precisionOfUnit(t.unit);
      return precision === undefined ? undefined : { kind: 'time', precision };
    }
    case Type.Timestamp: {
      const precision = precisionOfUnit(t.unit);
      if (precision === undefined) return undefined;
      if (t.timezone === null || t.timezone === undefined) return { kind: 'timestamp', precision };
      return t.timezone === LTZ_TIMEZONE ? { kind: 'timestamp_ltz', precision } : undefined;
    }
    default:
      return undefined;
  }
}

function precisionOfUnit(unit: number | undefined): number | undefined {
  switch (unit) {
    case TimeUnit.MILLISECOND:
      return 3;
    case TimeUnit.MICROSECOND:
      return 6;
    case TimeUnit.NANOSECOND:
      return 9;
    default:
      return undefined; // seconds-unit Arrow data is not produced by Fluss
  }
}

/**
 * A precise, human-readable name of an Arrow type including every parameter that matters for
 * compatibility (apache-arrow's own toString omits e.g. the decimal bit width). Two types are
 * the same for Fluss iff their descriptions are equal, so out-of-range enum values (as found in
 * corrupted metadata) get names of their own rather than falling back to a valid one.
 */
export function describeArrowType(t: ArrowTypeParams): string {
  switch (t.typeId) {
    case Type.Int:
      return `${t.isSigned === true ? 'Int' : 'UInt'}${t.bitWidth}`;
    case Type.Float:
      return `Float${FLOAT_BITS.get(t.precision ?? -1) ?? `<precision ${t.precision}>`}`;
    case Type.Decimal:
      return `Decimal${t.bitWidth ?? 128}(${t.precision}, ${t.scale})`;
    case Type.Date:
      return t.unit === DateUnit.DAY ? 'Date32<DAY>' : t.unit === DateUnit.MILLISECOND ? 'Date64<MILLISECOND>' : `Date<unit ${t.unit}>`;
    case Type.Time:
      return `Time${t.bitWidth}<${unitName(t.unit)}>`;
    case Type.Timestamp: {
      const zone = t.timezone === null || t.timezone === undefined ? '' : `, ${JSON.stringify(t.timezone)}`;
      return `Timestamp<${unitName(t.unit)}${zone}>`;
    }
    default:
      return Type[t.typeId] ?? `type #${t.typeId}`;
  }
}

const FLOAT_BITS: ReadonlyMap<number, number> = new Map([
  [Precision.HALF, 16],
  [Precision.SINGLE, 32],
  [Precision.DOUBLE, 64],
]);

function unitName(unit: number | undefined): string {
  return (unit === undefined ? undefined : TimeUnit[unit]) ?? `unit ${unit}`;
}

/** How a column's values sit in Arrow buffers: fixed `bitWidth` per value, or int32 offsets + bytes. */
export type BufferLayout = { readonly varWidth: false; readonly bitWidth: number } | { readonly varWidth: true };

export function bufferLayout(type: DataType): BufferLayout {
  switch (type.kind) {
    case 'string':
    case 'bytes':
      return { varWidth: true };
    case 'boolean':
      return { varWidth: false, bitWidth: 1 };
    case 'tinyint':
      return { varWidth: false, bitWidth: 8 };
    case 'smallint':
      return { varWidth: false, bitWidth: 16 };
    case 'int':
    case 'float':
    case 'date':
      return { varWidth: false, bitWidth: 32 };
    case 'bigint':
    case 'double':
    case 'timestamp':
    case 'timestamp_ltz':
      return { varWidth: false, bitWidth: 64 };
    case 'time':
      return { varWidth: false, bitWidth: timeUnitForPrecision(type.precision) === TimeUnit.MILLISECOND ? 32 : 64 };
    case 'decimal':
      return { varWidth: false, bitWidth: 128 };
  }
}
