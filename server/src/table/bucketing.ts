import { murmur3_32 } from './murmur3.ts';

/**
 * Which bucket a row goes to, for tables with a bucket key. The contract (docs/tables.md):
 *
 *   bucket = murmur3_32(utf8(k1 + "\u0000" + k2 + ...), seed 0) mod buckets
 *
 * where each key value is written in canonical text: integers (number, bigint or integer string)
 * in plain decimal, booleans as true/false, strings as they are, other values as JSON, and null
 * as "\u0001". Being text-based, every client language can compute it the same way.
 */
export function bucketForKey(keyValues: readonly unknown[], buckets: number): number {
  const text = keyValues.map(canonicalKeyText).join('\u0000');
  return murmur3_32(ENCODER.encode(text)) % buckets;
}

const ENCODER = new TextEncoder();

function canonicalKeyText(value: unknown): string {
  if (value === null || value === undefined) return '\u0001';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'string') return /^-?\d+$/.test(value) ? BigInt(value).toString() : value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * For tables without a bucket key: stick to one bucket until a batch is full, then move on, so
 * batches stay large (Kafka's sticky partitioner). Deterministic given its start.
 */
export class StickyBucketChooser {
  #current: number;
  readonly #buckets: number;
  constructor(buckets: number, start = 0) {
    this.#buckets = buckets;
    this.#current = start % buckets;
  }
  get current(): number {
    return this.#current;
  }
  /** Called when the current bucket's batch was sent: the next rows go to the next bucket. */
  advance(): void {
    this.#current = (this.#current + 1) % this.#buckets;
  }
}
