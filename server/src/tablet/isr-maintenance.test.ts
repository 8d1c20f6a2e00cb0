import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlterIsrRequest } from '../rpc/generated/fluss/v1/AlterIsrRequest.ts';
import type { AlterIsrResponse__Output } from '../rpc/generated/fluss/v1/AlterIsrResponse.ts';
import { testTableInfo } from '../table/test-support.ts';
import type { CoordinatorTransport } from './coordinator-rpc.ts';
import { maintainIsr } from './isr-maintenance.ts';
import { advanceHighWatermark } from './replication.ts';
import { openTestReplicas } from './test-support.ts';

const tb = { tableId: 1, partitionId: -1, bucket: 0 };
const table = testTableInfo({ replicationFactor: 3 });
const batch = { payload: new Uint8Array(8), recordCount: 10, schemaId: 1, writerId: -1, batchSequence: -1 };

/** A coordinator whose AlterIsr answers only when the test says. */
function slowCoordinator() {
  const asked: AlterIsrRequest[] = [];
  let answer: ((response: AlterIsrResponse__Output) => void) | undefined;
  const coordinator = {
    alterIsr: (request: AlterIsrRequest) => {
      asked.push(request);
      return new Promise<AlterIsrResponse__Output>((resolve) => {
        answer = resolve;
      });
    },
  } as unknown as CoordinatorTransport;
  return { coordinator, asked, answer: (response: AlterIsrResponse__Output) => answer!(response) };
}

describe('maintainIsr: a follower asked to join the ISR', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const replicas of opened.splice(0)) await replicas.close();
  });

  it('counts for the high watermark from the moment it is proposed, before the coordinator answers', async () => {
    // Without this the coordinator could accept server 2, elect it (a preferred-leader election),
    // and lose writes this leader acknowledged meanwhile without server 2 having them.
    const leader = openTestReplicas(0);
    opened.push(leader);
    await leader.replicas.applyAssignment([{ ...tb, leader: 0, replicas: [0, 1, 2], isr: [0, 1], leaderEpoch: 1, bucketEpoch: 1 }], [table]);
    const replica = (await leader.replicas.get(tb))!;
    const followers = replica.leadership!.followers;
    followers.onFetch(2, 0, 0, 0); // caught up with the empty log: ready to join
    await replica.log.append(batch, { durable: true, leaderEpoch: 1 });
    const { coordinator, asked, answer } = slowCoordinator();
    const upkeep = maintainIsr({ serverId: 0, replicas: leader.replicas, coordinator, logger: pino({ level: 'silent' }), nowMs: 0, maxLagMs: 30_000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked[0]?.changes?.[0]?.isr).toEqual([0, 1, 2]);

    // Server 1 (in the ISR) has all 10 records; server 2 (joining) has none: nothing is committed yet.
    followers.onFetch(1, 10, 10, 0);
    advanceHighWatermark(replica, 0);
    expect(replica.log.highWatermark).toBe(0);
    followers.onFetch(2, 10, 10, 0);
    advanceHighWatermark(replica, 0);
    expect(replica.log.highWatermark).toBe(10);

    const location = { ...tb, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch: 1, bucketEpoch: 2, addingReplicas: [], removingReplicas: [] };
    answer({ results: [{ ...tb, errorCode: 0, error: '', errorMessage: '', location }] });
    await upkeep;
    expect(replica.isr).toEqual([0, 1, 2]);
    expect(replica.leadership!.joining).toEqual([]);
  });
});
