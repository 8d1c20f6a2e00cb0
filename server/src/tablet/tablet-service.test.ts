import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../../test/support/invoke-handler.ts';
import { testTableInfo } from '../table/test-support.ts';
import type { ReplicaManager } from './replica-manager.ts';
import { openTestReplicas, testTabletHandlers } from './test-support.ts';

const TABLE = testTableInfo({ buckets: 2, replicationFactor: 2 });

const location = (bucket: number, leader: number, leaderEpoch: number) => ({
  tableId: 1,
  partitionId: -1,
  bucket,
  leader,
  replicas: [0, 1],
  isr: [0, 1],
  leaderEpoch,
  bucketEpoch: leaderEpoch,
});

describe('tablet service: replica roles', () => {
  let replicas: ReplicaManager;
  let close: () => Promise<void>;
  beforeEach(() => {
    ({ replicas, close } = openTestReplicas(0));
  });
  afterEach(() => close());

  it('serves the buckets it leads and sends clients to the leader for the others, until it leads them', async () => {
    await replicas.applyAssignment([location(0, 1, 3), location(1, 0, 2)], [TABLE]);
    const handlers = testTabletHandlers(replicas);
    const listOffsets = async () =>
      (await invokeHandler(handlers.ListOffsets, { tableId: 1, partitionId: -1, buckets: [0, 1], spec: 'OFFSET_SPEC_LATEST', timestampMs: 0 })).offsets ?? [];
    const [follower, leader] = await listOffsets();
    expect(follower).toMatchObject({ bucket: 0, offset: -1, error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(follower!.errorMessage).toBe('This server does not lead db.events bucket 0: its leader is server 1 (leader epoch 3)');
    expect(leader).toMatchObject({ bucket: 1, offset: 0, errorCode: 0 });

    // The coordinator moves bucket 0's leadership here (server 1 went away).
    await replicas.applyAssignment([location(0, 0, 4), location(1, 0, 2)], [TABLE]);
    expect((await listOffsets()).map((o) => o.errorCode)).toEqual([0, 0]);
    // And away again: no leader at all.
    await replicas.applyAssignment([location(0, -1, 4), location(1, 0, 2)], [TABLE]);
    expect((await listOffsets())[0]!.errorMessage).toContain('it has no leader right now');
  });
});
