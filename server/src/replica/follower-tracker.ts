/**
 * What a bucket's leader knows of its followers, and the replication rules that follow from it
 * (pure: time comes in as numbers). A follower's fetch at offset O says it has everything below O:
 * O is its log end. A follower is caught up when a fetch reaches the leader's log end as it was
 * at that fetch or at the one before (a busy leader keeps growing its log, so "equal right now" would
 * rarely hold); one that has not been caught up for `maxLagMs` leaves the ISR.
 *
 *   high watermark = the smallest log end among the ISR (the leader's own included): every ISR
 *                    member has every record below it, so it is safe to show consumers and to
 *                    acknowledge acks=all writes; it never goes back.
 *   shrink         = ISR followers not caught up for maxLagMs
 *   expand         = followers outside the ISR whose log end has reached the high watermark and
 *                    the start of the leader's epoch (so nothing the leader wrote as leader is
 *                    missing from them)
 */
interface FollowerState {
  logEndOffset: number;
  /** Fetches made at an older bucket epoch than this are from before the follower was (re)added: ignored. */
  sinceBucketEpoch: number;
  lastCaughtUpMs: number;
  /** The leader's log end at this follower's previous fetch (infinite before the first). */
  leaderEndAtLastFetch: number;
}

export class FollowerTracker {
  readonly #followers = new Map<number, FollowerState>();
  #highWatermark: number;

  /** `highWatermark`: where this leader's log's high watermark stands when it becomes leader. */
  constructor(followers: readonly number[], highWatermark: number, nowMs: number) {
    this.#highWatermark = highWatermark;
    // A new leader gives every follower the full lag allowance before judging it.
    for (const id of followers) this.#followers.set(id, freshState(nowMs, 0));
  }

  /**
   * The bucket's followers changed without a new leadership (a rebalance adds or removes replicas):
   * new ones start with the full lag allowance, as at a new leadership; removed ones are forgotten.
   * `added` (at bucket epoch `bucketEpoch`) start afresh even when known: a replica a rebalance
   * moved away and back may be a new, empty one, while what this leader knew is of the old one.
   */
  setFollowers(followers: readonly number[], nowMs: number, added: { ids: readonly number[]; bucketEpoch: number } = { ids: [], bucketEpoch: 0 }): void {
    for (const id of this.#followers.keys()) if (!followers.includes(id)) this.#followers.delete(id);
    for (const id of followers) {
      if (!this.#followers.has(id)) this.#followers.set(id, freshState(nowMs, 0));
      if (added.ids.includes(id)) this.#followers.set(id, freshState(nowMs, added.bucketEpoch));
    }
  }

  get highWatermark(): number {
    return this.#highWatermark;
  }

  logEndOf(follower: number): number | undefined {
    return this.#followers.get(follower)?.logEndOffset;
  }

  /**
   * Records a follower's fetch at `fetchOffset` while the leader's log ends at `leaderEnd`; made by
   * the follower's replica at `bucketEpoch` (omitted: any).
   */
  onFetch(follower: number, fetchOffset: number, leaderEnd: number, nowMs: number, bucketEpoch = Number.POSITIVE_INFINITY): void {
    const state = this.#followers.get(follower);
    if (state === undefined) return; // not a replica (any more): ignored
    if (bucketEpoch < state.sinceBucketEpoch) return; // from a replica older than the one added
    state.logEndOffset = fetchOffset;
    if (fetchOffset >= leaderEnd || fetchOffset >= state.leaderEndAtLastFetch) state.lastCaughtUpMs = Math.max(state.lastCaughtUpMs, nowMs);
    state.leaderEndAtLastFetch = leaderEnd;
  }

  /**
   * Moves the high watermark to the smallest log end in the ISR; returns whether it moved. It
   * never goes back (an ISR that shrinks can only let it move forward).
   */
  advanceHighWatermark(isr: readonly number[], leaderId: number, leaderEnd: number): boolean {
    let lowest = leaderEnd;
    for (const id of isr) {
      if (id === leaderId) continue;
      lowest = Math.min(lowest, this.#followers.get(id)?.logEndOffset ?? -1);
    }
    if (lowest <= this.#highWatermark) return false;
    this.#highWatermark = lowest;
    return true;
  }

  /** ISR followers that have not been caught up for `maxLagMs`. */
  laggingInIsr(isr: readonly number[], leaderId: number, nowMs: number, maxLagMs: number): number[] {
    return isr.filter((id) => {
      if (id === leaderId) return false;
      const state = this.#followers.get(id);
      return state === undefined || nowMs - state.lastCaughtUpMs > maxLagMs;
    });
  }

  /** Followers outside the ISR that have everything it needs: see the rules above. */
  readyToJoin(isr: readonly number[], leaderEpochStartOffset: number): number[] {
    const ready: number[] = [];
    for (const [id, state] of this.#followers) {
      if (isr.includes(id)) continue;
      if (state.logEndOffset >= this.#highWatermark && state.logEndOffset >= leaderEpochStartOffset) ready.push(id);
    }
    return ready;
  }
}

function freshState(nowMs: number, sinceBucketEpoch: number): FollowerState {
  return { logEndOffset: -1, sinceBucketEpoch, lastCaughtUpMs: nowMs, leaderEndAtLastFetch: Number.POSITIVE_INFINITY };
}
