import { CliError } from './errors.ts';

// Node 24's JSON.parse hands revivers the source text of each primitive (TC39 "JSON.parse source
// text access"), so integers beyond 2^53 can become exact bigints instead of rounded doubles.
type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;
const parseJson = JSON.parse as (text: string, reviver: Reviver) => unknown;

function exactIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source)) {
    return BigInt(context.source);
  }
  return value;
}

/** Rows are flat objects, so looking at the top-level values finds every rounded integer. */
function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const field of Object.values(value)) {
    if (typeof field === 'number' && Number.isInteger(field) && !Number.isSafeInteger(field)) return true;
  }
  return false;
}

/** Parses one line of `fluss produce` input into a row; `lineNumber` goes into the error. */
export function parseRowLine(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
    // The reviver costs a call per value: parse again with it only when an integer lost precision.
    if (hasUnsafeInteger(value)) value = parseJson(line, exactIntegers);
  } catch (error) {
    throw new CliError(`Line ${lineNumber}: invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`Line ${lineNumber}: expected a JSON object: got ${Array.isArray(value) ? 'an array' : String(value)}`);
  }
  return value as Record<string, unknown>;
}
