import { afterEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { testTableInfo } from '../table/test-support.ts';
import { FollowerTracker } from '../replica/follower-tracker.ts';
import type { Replica } from './replica.ts';
import { advanceHighWatermark, awaitReplication, checkStillLeading, fetchLogHandler } from './replication.ts';
import { openTestReplicas } from './test-support.ts';

const tb = { tableId: 1, partitionId: -1, bucket: 0 };
const table = testTableInfo({ replicationFactor: 3 });
const assignment = (leaderEpoch: number) => ({ ...tb, leader: 0, replicas: [0, 1, 2], isr: [0, 1, 2], leaderEpoch, bucketEpoch: leaderEpoch });
const batch = (records: number) => ({ payload: new Uint8Array(8).fill(records), recordCount: records, schemaId: 1, writerId: -1, batchSequence: -1 });

describe('fetchLogHandler (the leader side of a follower fetch)', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const replicas of opened.splice(0)) await replicas.close();
  });

  it('answers a follower past its log end, whose last batch is of an older epoch, with where that epoch ends here', async () => {
    // Found by the simulation (seed 100): the leader answered with its own log end, which lay
    // inside the follower's last batch, and the follower could never truncate there.
    const leader = openTestReplicas(0);
    opened.push(leader);
    await leader.replicas.applyAssignment([assignment(3)], [table]);
    const log = (await leader.replicas.get(tb))!.log;
    await log.append(batch(1), { durable: true, leaderEpoch: 2 }); // [0, 1) of epoch 2, which the follower has too
    await log.append(batch(1), { durable: true, leaderEpoch: 3 }); // [1, 2) of epoch 3: the leader's log ends at 2
    const handler = fetchLogHandler({ replicas: leader.replicas, timers: new ManualTimers(), serverId: 0 });

    // The follower also holds [1, 3) of epoch 2, written by the epoch-2 leader and never replicated.
    const asked = { ...tb, fetchOffset: 3, lastFetchedEpoch: 2, currentLeaderEpoch: 3, bucketEpoch: 0 };
    const { buckets } = await handler({ replicaId: 1, buckets: [asked], maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(buckets[0]).toMatchObject({ errorCode: 0, divergingEpoch: 2, divergingEndOffset: 1 });

    // A follower of the latest epoch past the log end still diverges at the log end.
    const ahead = { ...tb, fetchOffset: 3, lastFetchedEpoch: 3, currentLeaderEpoch: 3, bucketEpoch: 0 };
    const answer = await handler({ replicaId: 1, buckets: [ahead], maxBytes: 1 << 20, maxWaitMs: 0 });
    expect(answer.buckets[0]).toMatchObject({ errorCode: 0, divergingEpoch: 3, divergingEndOffset: 2 });
  });
});

describe('advanceHighWatermark', () => {
  it("counts the leader's durable end, not its log end: what its followers copied before its fsync finished stays hidden", () => {
    // Found by the simulation (seed 29): a consumer saw a batch the leader then lost in a power loss.
    const set: number[] = [];
    const log = { logEndOffset: 10, durableEndOffset: 6, setHighWatermark: (offset: number) => set.push(offset) };
    const followers = new FollowerTracker([1, 2], 0, 0);
    followers.onFetch(1, 10, 10, 0);
    followers.onFetch(2, 10, 10, 0);
    const replica = { isr: [0, 1, 2], leadership: { followers, epochStartOffset: 0, joining: [], ended: new AbortController() }, log } as unknown as Replica;
    advanceHighWatermark(replica, 0);
    expect(set).toEqual([6]);
    log.durableEndOffset = 10;
    advanceHighWatermark(replica, 0);
    expect(set).toEqual([6, 10]);
  });
});

describe('awaitReplication (acks=all) while leadership moves', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const replicas of opened.splice(0)) await replicas.close();
  });

  async function leaderWithOneWrite() {
    const leader = openTestReplicas(0);
    opened.push(leader);
    await leader.replicas.applyAssignment([assignment(3)], [table]);
    const replica = (await leader.replicas.get(tb))!;
    const term = replica.leadership;
    const appended = await replica.log.append(batch(2), { durable: true, leaderEpoch: 3 });
    advanceHighWatermark(replica, 0);
    return { replicas: leader.replicas, replica, term, lastOffset: appended.baseOffset + appended.recordCount - 1 };
  }

  it('a write still waiting for the ISR when leadership moves fails at once with a retriable NOT_LEADER_OR_FOLLOWER', async () => {
    const { replicas, replica, term, lastOffset } = await leaderWithOneWrite();
    const waiting = awaitReplication(replica, lastOffset, 60_000, term).catch((error: unknown) => error);
    // The coordinator moves leadership to server 1 (a controlled shutdown of this server).
    await replicas.applyAssignment([{ ...assignment(4), leader: 1, isr: [1, 2], bucketEpoch: 4 }], [table]);
    const failure = await waiting;
    expect(failure).toMatchObject({ code: 'NOT_LEADER_OR_FOLLOWER', retriable: true });
    expect((failure as Error).message).toContain('its leader is now server 1 (leader epoch 4); retry there');
    // Even if this log's high watermark later passes the write (as a follower), the write is not acknowledged here.
    replica.log.setHighWatermark(replica.log.logEndOffset);
    await expect(awaitReplication(replica, lastOffset, 60_000, term)).rejects.toMatchObject({ code: 'NOT_LEADER_OR_FOLLOWER' });
    expect(() => checkStillLeading(replica, term, lastOffset)).toThrow('moved before the write up to offset 1 was replicated');
  });

  it('a write the ISR has before leadership moves is acknowledged; an ISR change alone keeps the term', async () => {
    const { replicas, replica, term, lastOffset } = await leaderWithOneWrite();
    const waiting = awaitReplication(replica, lastOffset, 60_000, term);
    // Server 2 leaves the ISR (same leader, same epoch): the same term.
    await replicas.applyAssignment([{ ...assignment(3), isr: [0, 1], bucketEpoch: 4 }], [table]);
    expect(replica.leadership).toBe(term);
    replica.leadership!.followers.onFetch(1, lastOffset + 1, replica.log.logEndOffset, 0);
    advanceHighWatermark(replica, 0);
    await expect(waiting).resolves.toBeUndefined();
    expect(() => checkStillLeading(replica, term, lastOffset)).not.toThrow();
  });
});
