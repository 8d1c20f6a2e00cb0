import type { BucketRef } from '../offsets.ts';
import { partitionBucketKey } from '../../table/table-bucket.ts';

/** A bucket being read: the next offset to fetch, and how far the caller has read. */
export interface Subscription extends BucketRef {
  readonly key: string;
  /** The next offset to fetch (runs ahead of `consumed` by what is fetched and not yet handed out). */
  offset: number;
  /** The offset after the last record handed to the caller. */
  consumed: number;
  /** Bumped on every re-subscribe, so a fetch that was in flight meanwhile is ignored. */
  epoch: number;
}

/**
 * The scanner's positions (pure). A position only moves through `advance`, which accepts a fetch
 * result only if it was fetched for the current epoch at the current offset; results that raced
 * with a re-subscribe or with another result are dropped, so records are never handed out twice.
 */
export class Subscriptions {
  readonly #byKey = new Map<string, Subscription>();
  #nextEpoch = 0;

  assign(ref: BucketRef, offset: number): void {
    const key = partitionBucketKey(ref);
    this.#byKey.set(key, { ...ref, key, offset, consumed: offset, epoch: this.#nextEpoch++ });
  }

  get(partitionId: number, bucket: number): Subscription | undefined {
    return this.#byKey.get(partitionBucketKey({ partitionId, bucket }));
  }

  has(partitionId: number, bucket: number): boolean {
    return this.#byKey.has(partitionBucketKey({ partitionId, bucket }));
  }

  all(): Subscription[] {
    return [...this.#byKey.values()];
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Whether a fetch made at (epoch, offset) still describes the bucket's position. */
  isCurrent(key: string, epoch: number, offset: number): boolean {
    const subscription = this.#byKey.get(key);
    return subscription !== undefined && subscription.epoch === epoch && subscription.offset === offset;
  }

  /** Moves a position forward after its records were handed out; false (and no change) when stale. */
  advance(key: string, epoch: number, fetchOffset: number, nextOffset: number): boolean {
    const subscription = this.#byKey.get(key);
    if (subscription === undefined || !this.isCurrent(key, epoch, fetchOffset)) return false;
    subscription.offset = Math.max(subscription.offset, nextOffset);
    return true;
  }

  isLive(key: string, epoch: number): boolean {
    return this.#byKey.get(key)?.epoch === epoch;
  }

  /** Records before `offset` were handed out (ignored for a stale epoch). */
  markConsumed(key: string, epoch: number, offset: number): void {
    const subscription = this.#byKey.get(key);
    if (subscription !== undefined && subscription.epoch === epoch) subscription.consumed = Math.max(subscription.consumed, offset);
  }

  /** Stops reading the buckets of a partition (e.g. it was dropped). */
  removePartition(partitionId: number): void {
    for (const [key, subscription] of this.#byKey) {
      if (subscription.partitionId === partitionId) this.#byKey.delete(key);
    }
  }

  partitionIds(): Set<number> {
    return new Set([...this.#byKey.values()].map((subscription) => subscription.partitionId));
  }
}
