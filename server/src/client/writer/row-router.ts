import { RowError } from '../../arrow/index.ts';
import { bucketForKey, StickyBucketChooser } from '../../table/bucketing.ts';
import { partitionName } from '../../table/partitions.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';

/** Where a row goes: its partition's name (undefined for non-partitioned tables) and bucket. */
export interface BucketTarget {
  partition: string | undefined;
  bucket: number;
}

export function targetKey(target: BucketTarget): string {
  return `${target.partition ?? ''}#${target.bucket}`;
}

export type RoutingTable = Pick<TableInfo__Output, 'bucketKey' | 'buckets' | 'partitionKeys'>;

/**
 * Routes rows to (partition, bucket). With a bucket key the bucket is the key's hash (the same
 * row always lands in the same bucket); without one, rows stick to a bucket per partition until
 * its batch is sealed, so batches stay large. `route` has no side effects: a row that fails later
 * (encoding) leaves the router as it was.
 */
export class RowRouter {
  readonly #table: RoutingTable;
  readonly #sticky = new Map<string, StickyBucketChooser>();
  readonly #stickyStart: () => number;

  /** `stickyStart` picks each partition's first sticky bucket (random, so writers spread out). */
  constructor(table: RoutingTable, stickyStart: () => number) {
    this.#table = table;
    this.#stickyStart = stickyStart;
  }

  route(row: Record<string, unknown>): BucketTarget {
    const partition = this.#partitionOf(row);
    if (this.#table.bucketKey.length > 0) {
      const keyValues = this.#table.bucketKey.map((column) => row[column]);
      return { partition, bucket: bucketForKey(keyValues, this.#table.buckets) };
    }
    return { partition, bucket: this.#chooser(partition).current };
  }

  /** A batch of `target` was sealed: sticky routing moves that partition to its next bucket. */
  onBatchSealed(target: BucketTarget): void {
    if (this.#table.bucketKey.length > 0) return;
    const chooser = this.#chooser(target.partition);
    if (chooser.current === target.bucket) chooser.advance();
  }

  #chooser(partition: string | undefined): StickyBucketChooser {
    const key = partition ?? '';
    let chooser = this.#sticky.get(key);
    if (chooser === undefined) {
      chooser = new StickyBucketChooser(this.#table.buckets, this.#stickyStart());
      this.#sticky.set(key, chooser);
    }
    return chooser;
  }

  #partitionOf(row: Record<string, unknown>): string | undefined {
    const keys = this.#table.partitionKeys;
    if (keys.length === 0) return undefined;
    const spec: Record<string, string> = {};
    for (const key of keys) {
      const value = row[key];
      if (typeof value !== 'string') {
        const got = value === undefined || value === null ? 'no value' : `a ${typeof value}`;
        throw new RowError(key, `Partition key column "${key}" needs a string value: got ${got}`);
      }
      spec[key] = value;
    }
    try {
      return partitionName(keys, spec);
    } catch (error) {
      if (error instanceof TypeError) throw new RowError(undefined, error.message);
      throw error;
    }
  }
}
