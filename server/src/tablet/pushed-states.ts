import { FlussError } from '../rpc/errors.ts';
import type { UpdateBucketStatesRequest__Output } from '../rpc/generated/fluss/v1/UpdateBucketStatesRequest.ts';
import { bucketFromWire } from '../rpc/table-wire.ts';
import type { CoordinatorLink } from './coordinator-link.ts';
import type { ReplicaFetcher } from './replica-fetcher.ts';
import type { ReplicaManager } from './replica-manager.ts';

/**
 * Takes in bucket states the coordinator pushed (UpdateBucketStates): refused from a coordinator
 * older than one heard from, applied to the replicas hosted here when newer than theirs, then the
 * fetcher follows any new leader. The push's replication throttle is taken first, so a replica it
 * adds fetches under the throttle from the start (not at full speed until the next heartbeat).
 * Returns how many were applied. `link` undefined: not registered yet, so nothing to apply to.
 */
export function pushedStatesApplier(
  deps: () =>
    | {
        link: Pick<CoordinatorLink, 'acceptsCoordinatorEpoch'>;
        replicas: Pick<ReplicaManager, 'applyBucketStates'>;
        fetcher: Pick<ReplicaFetcher, 'update' | 'throttle'>;
      }
    | undefined,
): (request: UpdateBucketStatesRequest__Output) => Promise<number> {
  return async (request) => {
    const running = deps();
    if (running === undefined) return 0;
    if (!running.link.acceptsCoordinatorEpoch(request.coordinatorEpoch)) {
      throw new FlussError('FAILED_PRECONDITION', `Bucket states of coordinator epoch ${request.coordinatorEpoch} ignored: a newer coordinator was heard from`);
    }
    running.fetcher.throttle.setRate(Number(request.replicationThrottleBytesPerSec));
    const applied = await running.replicas.applyBucketStates(request.buckets.map(bucketFromWire));
    await running.fetcher.update();
    return applied;
  };
}
