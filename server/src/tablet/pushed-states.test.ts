import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { FlussError } from '../rpc/errors.ts';
import { ByteRateThrottle } from '../replica/byte-rate-throttle.ts';
import { pushedStatesApplier } from './pushed-states.ts';

/** An applier over stand-ins that record what the push did, and in which order. */
function applier(acceptedEpoch = 1) {
  const events: string[] = [];
  const throttle = new ByteRateThrottle(new ManualTimers(0));
  const apply = pushedStatesApplier(() => ({
    link: { acceptsCoordinatorEpoch: (epoch: number) => epoch >= acceptedEpoch },
    replicas: {
      applyBucketStates: async (buckets) => {
        events.push(`applied ${buckets.length}`);
        return buckets.length;
      },
    },
    fetcher: {
      throttle,
      update: async () => {
        events.push(`fetcher updated at ${throttle.bytesPerSec} B/s`);
      },
    },
  }));
  return { apply, events, throttle };
}

const location = {
  tableId: 1,
  partitionId: -1,
  bucket: 0,
  leader: 0,
  replicas: [0, 1, 3],
  leaderEpoch: 1,
  isr: [0, 1],
  bucketEpoch: 2,
  addingReplicas: [3],
  removingReplicas: [],
};

describe('pushed bucket states', () => {
  it("take the push's replication throttle before the fetcher starts fetching for the replicas it adds", async () => {
    const { apply, events, throttle } = applier();
    expect(await apply({ coordinatorEpoch: 1, buckets: [location], replicationThrottleBytesPerSec: 2_000_000 })).toBe(1);
    expect(events).toEqual(['applied 1', 'fetcher updated at 2000000 B/s']);
    // A push after the rebalance (throttle 0) lifts it.
    await apply({ coordinatorEpoch: 1, buckets: [], replicationThrottleBytesPerSec: 0 });
    expect(throttle.bytesPerSec).toBe(0);
  });

  it('from an older coordinator are refused and change neither the buckets nor the throttle', async () => {
    const { apply, events, throttle } = applier(2);
    throttle.setRate(5_000_000);
    await expect(apply({ coordinatorEpoch: 1, buckets: [location], replicationThrottleBytesPerSec: 0 })).rejects.toThrow(FlussError);
    expect(events).toEqual([]);
    expect(throttle.bytesPerSec).toBe(5_000_000);
  });
});
