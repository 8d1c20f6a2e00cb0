// fast-check generators shared by the Arrow tests: every Fluss type, and for each type values in
// every accepted input form paired with the output decodeRows must produce. Expected outputs are
// computed independently of the code under test (JS Date for calendars, BigInt division for
// decimals) so that a bug cannot hide by being on both sides.
import fc from 'fast-check';
import type { DataType } from './data-types.ts';
import type { ColumnDef } from './schema.ts';

type SimpleKind = 'boolean' | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'float' | 'double' | 'string' | 'bytes' | 'date';
const SIMPLE_KINDS: SimpleKind[] = ['boolean', 'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'string', 'bytes', 'date'];

export const dataTypeArb: fc.Arbitrary<DataType> = fc.oneof(
  fc.constantFrom(...SIMPLE_KINDS).map((kind): DataType => ({ kind })),
  fc
    .integer({ min: 1, max: 38 })
    .chain((precision) => fc.integer({ min: 0, max: precision }).map((scale): DataType => ({ kind: 'decimal', precision, scale }))),
  fc.tuple(fc.constantFrom('time', 'timestamp', 'timestamp_ltz'), fc.integer({ min: 0, max: 9 })).map(([kind, precision]): DataType => ({ kind, precision })),
);

/** A value as handed to the encoder, and what decodeRows must return for it. */
export interface Sample {
  input: unknown;
  expected: unknown;
}

/** One of several input spellings of the same value. */
function forms(expected: unknown, inputs: unknown[]): fc.Arbitrary<Sample> {
  return fc.constantFrom(...inputs).map((input) => ({ input, expected }));
}

const same = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Sample> => arb.map((v) => ({ input: v, expected: v }));

function sampleArb(type: DataType): fc.Arbitrary<Sample> {
  switch (type.kind) {
    case 'boolean':
      return same(fc.boolean());
    case 'tinyint':
      return same(fc.integer({ min: -128, max: 127 }));
    case 'smallint':
      return same(fc.integer({ min: -32768, max: 32767 }));
    case 'int':
      return same(fc.integer());
    case 'bigint':
      return fc
        .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
        .chain((v) => forms(v, Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? [v, String(v), Number(v)] : [v, String(v)]));
    case 'float':
      return fc.float().chain((v) => forms(v, Number.isFinite(v) ? [v] : [v, String(v)]));
    case 'double':
      return fc.double().chain((v) => forms(v, Number.isFinite(v) ? [v] : [v, String(v)]));
    case 'decimal':
      return decimalSample(type.precision, type.scale);
    case 'string':
      return same(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: 'binary' }).filter((s) => s.isWellFormed()),
        ),
      );
    case 'bytes':
      return fc.uint8Array({ maxLength: 40 }).chain((bytes) => forms(bytes, [bytes, Buffer.from(bytes).toString('base64')]));
    case 'date':
      return fc.integer({ min: -100_000_000, max: 100_000_000 }).chain((days) => {
        const text = new Date(days * 86_400_000).toISOString().split('T')[0]!;
        return forms(text, [text, days]);
      });
    case 'time':
      return timeSample(type.precision);
    case 'timestamp':
    case 'timestamp_ltz':
      return timestampSample(type.precision, type.kind === 'timestamp_ltz');
  }
}

function decimalSample(precision: number, scale: number): fc.Arbitrary<Sample> {
  const limit = 10n ** BigInt(precision) - 1n;
  return fc.bigInt({ min: -limit, max: limit }).chain((unscaled) => {
    const magnitude = unscaled < 0n ? -unscaled : unscaled;
    const sign = unscaled < 0n ? '-' : '';
    const divisor = 10n ** BigInt(scale);
    const fraction = (magnitude % divisor).toString().padStart(scale, '0');
    const text = `${sign}${magnitude / divisor}${scale > 0 ? `.${fraction}` : ''}`;
    const inputs: unknown[] = [text, `${unscaled}e-${scale}`, scale > 0 ? `${text}00` : `${text}.0`];
    if (scale === 0 && magnitude <= BigInt(Number.MAX_SAFE_INTEGER)) inputs.push(Number(unscaled));
    return forms(text, inputs);
  });
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function timeSample(precision: number): fc.Arbitrary<Sample> {
  return fc.tuple(fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 0, max: 10 ** precision - 1 })).chain(([seconds, ticks]) => {
    const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    const text = precision === 0 ? clock : `${clock}.${pad(ticks, precision)}`;
    const inputs: unknown[] = [text, precision === 0 ? `${clock}.000` : `${text}0`.slice(0, clock.length + 10)];
    if (precision <= 3) inputs.push(seconds * 1000 + ticks * 10 ** (3 - precision));
    return forms(text, inputs);
  });
}

// JS Date covers ±8.64e15 ms; int64 nanoseconds only ±9.2e18 ns (years 1677..2262).
const DATE_RANGE_MS = 8_640_000_000_000_000;
const NANO_RANGE_MS = 9_200_000_000_000;

function timestampSample(precision: number, ltz: boolean): fc.Arbitrary<Sample> {
  const rangeMs = precision > 6 ? NANO_RANGE_MS : DATE_RANGE_MS;
  const msStep = precision < 3 ? 10 ** (3 - precision) : 1;
  const subDigits = Math.max(0, precision - 3); // digits below the millisecond
  return fc.tuple(fc.integer({ min: -rangeMs / msStep, max: rangeMs / msStep }), fc.integer({ min: 0, max: 10 ** subDigits - 1 })).chain(([steps, sub]) => {
    const ms = steps * msStep;
    const iso = new Date(ms).toISOString(); // …THH:MM:SS.sssZ
    const wallClock = iso.slice(0, -5);
    const fraction = `${iso.slice(-4, -1)}${subDigits > 0 ? pad(sub, subDigits) : ''}`.slice(0, precision);
    const zone = ltz ? 'Z' : '';
    const text = `${wallClock}${precision > 0 ? `.${fraction}` : ''}${zone}`;
    const unitDigits = precision <= 3 ? 3 : precision <= 6 ? 6 : 9;
    const inUnit = BigInt(ms) * 10n ** BigInt(unitDigits - 3) + BigInt(sub) * 10n ** BigInt(unitDigits - precision);
    const inputs: unknown[] = [text, inUnit, text.replace('T', ' ')];
    if (sub === 0) inputs.push(ms, new Date(ms));
    if (ltz && Math.abs(ms) < DATE_RANGE_MS - 86_400_000) inputs.push(withOffset(ms, fraction, precision, -330));
    return forms(text, inputs);
  });
}

/** The same instant written in another zone, e.g. 2024-01-01T05:30:00-05:30. */
function withOffset(ms: number, fraction: string, precision: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -5);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${precision > 0 ? `.${fraction}` : ''}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A table of 1..6 random columns with rows of samples; nullable columns get nulls and omissions. */
export const tableArb: fc.Arbitrary<{ columns: ColumnDef[]; rows: Sample[][] }> = fc
  .array(fc.tuple(dataTypeArb, fc.boolean()), { minLength: 1, maxLength: 6 })
  .chain((specs) => {
    const columns = specs.map(([type, nullable], id): ColumnDef => ({ id: 10 + id, name: `c${id}`, type, nullable }));
    const cell = (c: ColumnDef): fc.Arbitrary<Sample> =>
      c.nullable
        ? fc.oneof(
            { weight: 4, arbitrary: sampleArb(c.type) },
            { weight: 1, arbitrary: fc.constantFrom<Sample>({ input: null, expected: null }, { input: undefined, expected: null }) },
          )
        : sampleArb(c.type);
    return fc.record({ columns: fc.constant(columns), rows: fc.array(fc.tuple(...columns.map(cell)), { maxLength: 12 }) });
  });

export function inputRow(columns: readonly ColumnDef[], samples: readonly Sample[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const input = samples[i]!.input;
    if (input !== undefined) row[c.name] = input;
  });
  return row;
}

export function expectedRow(columns: readonly ColumnDef[], samples: readonly Sample[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c, i) => [c.name, samples[i]!.expected]));
}
