// Fluss column types: the spelling users write in DDL, and its canonical form.
// The Arrow mapping lives in arrow-types.ts; this file knows nothing of Arrow.

export type DataType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'tinyint' }
  | { readonly kind: 'smallint' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'float' }
  | { readonly kind: 'double' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'string' }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly precision: number }
  | { readonly kind: 'timestamp'; readonly precision: number }
  | { readonly kind: 'timestamp_ltz'; readonly precision: number };

export type DataTypeKind = DataType['kind'];

const MAX_DECIMAL_PRECISION = 38;
const MAX_TIME_PRECISION = 9;

// Defaults follow Apache Fluss (and Flink SQL): DECIMAL = DECIMAL(10,0), TIME = TIME(0),
// TIMESTAMP = TIMESTAMP(6), TIMESTAMP_LTZ = TIMESTAMP_LTZ(6).
const DEFAULT_DECIMAL_PRECISION = 10;
const DEFAULT_TIME_PRECISION = 0;
const DEFAULT_TIMESTAMP_PRECISION = 6;

type SimpleKind = Exclude<DataTypeKind, 'decimal' | 'time' | 'timestamp' | 'timestamp_ltz'>;

// Type names without parameters, aliases included (keys are upper case, single-spaced).
const SIMPLE_NAMES: ReadonlyMap<string, SimpleKind> = new Map<string, SimpleKind>([
  ['BOOLEAN', 'boolean'],
  ['BOOL', 'boolean'],
  ['TINYINT', 'tinyint'],
  ['SMALLINT', 'smallint'],
  ['INT', 'int'],
  ['INTEGER', 'int'],
  ['BIGINT', 'bigint'],
  ['FLOAT', 'float'],
  ['DOUBLE', 'double'],
  ['DOUBLE PRECISION', 'double'],
  ['STRING', 'string'],
  ['VARCHAR', 'string'],
  ['BYTES', 'bytes'],
  ['VARBINARY', 'bytes'],
  ['DATE', 'date'],
]);

const DECIMAL_NAMES = new Set(['DECIMAL', 'DEC', 'NUMERIC']);

// NAME, NAME(p) or NAME(p,s), then an optional suffix (WITH[OUT] [LOCAL] TIME ZONE).
const SHAPE = /^([A-Z_]+(?: PRECISION)?)(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?(?: (.+))?$/;

/** Parses a type spelling such as `INT`, `decimal(10, 2)`, `TIMESTAMP_LTZ(3)`. Throws TypeError. */
export function parseDataType(text: string): DataType {
  const normalized = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const match = SHAPE.exec(normalized);
  const fail = (why: string): never => {
    throw new TypeError(`${why}: ${JSON.stringify(text)}`);
  };
  if (match === null) return fail('unknown data type');
  const [, name = '', first, second, suffix] = match;
  const args = [first, second].filter((a) => a !== undefined).map(Number);

  const simple = SIMPLE_NAMES.get(name);
  if (simple !== undefined) {
    if (args.length > 0) fail(`${name} takes no parameters`);
    if (suffix !== undefined) fail('unknown data type');
    return { kind: simple };
  }
  if (DECIMAL_NAMES.has(name)) {
    if (suffix !== undefined) fail('unknown data type');
    const precision = args[0] ?? DEFAULT_DECIMAL_PRECISION;
    const scale = args[1] ?? 0;
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      fail(`decimal precision must be 1..${MAX_DECIMAL_PRECISION}`);
    }
    if (scale > precision) fail('decimal scale must be 0..precision');
    return { kind: 'decimal', precision, scale };
  }
  if (name === 'TIME' || name === 'TIMESTAMP' || name === 'TIMESTAMP_LTZ') {
    if (args.length > 1) fail(`${name} takes one parameter (precision)`);
    const kind = temporalKind(name, suffix) ?? fail('unknown data type');
    const precision = args[0] ?? (kind === 'time' ? DEFAULT_TIME_PRECISION : DEFAULT_TIMESTAMP_PRECISION);
    if (precision > MAX_TIME_PRECISION) fail(`${name.toLowerCase()} precision must be 0..${MAX_TIME_PRECISION}`);
    return { kind, precision };
  }
  return fail('unknown data type');
}

function temporalKind(name: string, suffix: string | undefined): 'time' | 'timestamp' | 'timestamp_ltz' | undefined {
  if (name === 'TIME') {
    return suffix === undefined || suffix === 'WITHOUT TIME ZONE' ? 'time' : undefined;
  }
  if (name === 'TIMESTAMP_LTZ') return suffix === undefined ? 'timestamp_ltz' : undefined;
  if (suffix === undefined || suffix === 'WITHOUT TIME ZONE') return 'timestamp';
  return suffix === 'WITH LOCAL TIME ZONE' ? 'timestamp_ltz' : undefined;
}

/** The canonical spelling: `INT`, `DECIMAL(10,2)`, `TIMESTAMP_LTZ(3)`; parseDataType accepts it back. */
export function formatDataType(type: DataType): string {
  switch (type.kind) {
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'time':
    case 'timestamp':
    case 'timestamp_ltz':
      return `${type.kind.toUpperCase()}(${type.precision})`;
    default:
      return type.kind.toUpperCase();
  }
}
