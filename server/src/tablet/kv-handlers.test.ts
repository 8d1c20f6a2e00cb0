import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeHandler } from '../../../test/support/invoke-handler.ts';
import { decodeRows, RowBatchEncoder } from '../arrow/index.ts';
import type { TabletServiceHandlers } from '../rpc/generated/fluss/v1/TabletService.ts';
import { KV_OP_CODES, kvWireColumns } from '../table/kv-wire.ts';
import { columnDefs } from '../table/table-spec.ts';
import { testTableInfo } from '../table/test-support.ts';
import type { ReplicaManager } from './replica-manager.ts';
import { openTestReplicas, testTabletHandlers } from './test-support.ts';

// PutKv and Lookup on the leader of a replicated primary-key bucket (server 0 of 0, 1, 2), its
// followers' fetches played by FetchLog calls: the KV state holds only what the ISR has.

const TABLE = testTableInfo({
  schema: {
    schemaId: 1,
    columns: [
      { id: 0, name: 'id', type: 'INT', nullable: false, comment: '' },
      { id: 1, name: 'v', type: 'STRING', nullable: true, comment: '' },
    ],
  },
  primaryKey: ['id'],
  bucketKey: ['id'],
  replicationFactor: 3,
  properties: { 'table.min-insync-replicas': '2' },
});
const tb = { tableId: 1, partitionId: -1, bucket: 0 };
const location = (leaderEpoch: number, isr = [0, 1, 2]) => ({
  ...tb,
  leader: 0,
  replicas: [0, 1, 2],
  isr,
  leaderEpoch,
  bucketEpoch: leaderEpoch * 10 + isr.length,
});
const COLUMNS = columnDefs(TABLE);

describe('PutKv and Lookup of a replicated primary-key bucket', () => {
  let replicas: ReplicaManager;
  let close: () => Promise<void>;
  let handlers: TabletServiceHandlers;
  beforeEach(() => {
    ({ replicas, close } = openTestReplicas(0));
    handlers = testTabletHandlers(replicas);
  });
  afterEach(() => close());

  const put = (id: number, v: string, acks: number) => {
    const encoder = new RowBatchEncoder(kvWireColumns(COLUMNS, TABLE.primaryKey));
    encoder.append({ id, v });
    return invokeHandler(handlers.PutKv, {
      ...tb,
      schemaId: 1,
      arrowIpc: Buffer.from(encoder.finish()),
      ops: Buffer.of(KV_OP_CODES.upsert),
      targetColumnIds: [],
      writerId: -1,
      batchSequence: 0,
      acks,
    });
  };
  const lookup = async (id: number): Promise<string | undefined> => {
    const encoder = new RowBatchEncoder(COLUMNS.filter((c) => c.name === 'id'));
    encoder.append({ id });
    const answer = await invokeHandler(handlers.Lookup, { ...tb, keysArrowIpc: Buffer.from(encoder.finish()) });
    return answer.found?.[0] ? (decodeRows(answer.rowsArrowIpc as Uint8Array)[0]!['v'] as string) : undefined;
  };
  const log = async () => (await replicas.get(tb))!.log;
  /** Both followers fetch at the leader's log end: they have everything, the high watermark follows. */
  const followersCatchUp = async (epoch: number) => {
    const { logEndOffset: fetchOffset, latestEpoch } = await log();
    for (const replicaId of [1, 2]) {
      const asked = { ...tb, fetchOffset, lastFetchedEpoch: latestEpoch ?? -1, currentLeaderEpoch: epoch, bucketEpoch: 0 };
      await invokeHandler(handlers.FetchLog, { replicaId, buckets: [asked], maxBytes: 1 << 20, maxWaitMs: 0 });
    }
  };
  /** Waits for the leader's log to hold `end` durably (a put's append and fsync are under way). */
  const appended = async (end: number) => {
    while ((await log()).durableEndOffset < end) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const settled = async (promise: Promise<unknown>): Promise<boolean> => {
    let done = false;
    void promise.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('answers an acks=all put once the followers have it, and lookups see it then; acks=1 at once, seen once replicated', async () => {
    await replicas.applyAssignment([location(1)], [TABLE]);
    const all = put(1, 'a', -1);
    await appended(1);
    expect(await settled(all)).toBe(false);
    expect(await lookup(1)).toBeUndefined();
    await followersCatchUp(1);
    expect(await all).toMatchObject({ baseOffset: 0, changeCount: 1 });
    expect(await lookup(1)).toBe('a');

    expect(await put(1, 'b', 1)).toMatchObject({ baseOffset: 1, changeCount: 2 });
    expect(await lookup(1)).toBe('a');
    await followersCatchUp(1);
    await (await replicas.get(tb))!.kv!.waitApplied(3);
    expect(await lookup(1)).toBe('b');
  });

  it('refuses an acks=all put while the ISR is below min ISR, writing nothing', async () => {
    await replicas.applyAssignment([location(1, [0])], [TABLE]);
    await expect(put(1, 'a', -1)).rejects.toMatchObject({ code: 'NOT_ENOUGH_REPLICAS', message: expect.stringContaining('table.min-insync-replicas is 2') });
    expect((await log()).logEndOffset).toBe(0);
  });

  it('a new leader serves lookups only once its KV state holds its log as of its election', async () => {
    await replicas.applyAssignment([location(1)], [TABLE]);
    await put(1, 'a', 1); // in the log, not yet replicated
    // A new term (the coordinator moved leadership away and back): the log it leads from has "a".
    await replicas.applyAssignment([location(2)], [TABLE]);
    await expect(lookup(1)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/new leader \(epoch 2\) not serving lookups yet: its KV state holds the changelog up to 0, its term began at 1/),
    });
    await followersCatchUp(2);
    await (await replicas.get(tb))!.kv!.waitApplied(1);
    expect(await lookup(1)).toBe('a');
  });

  it('a new leader alone in its ISR moves its high watermark itself when asked for a lookup', async () => {
    await replicas.applyAssignment([location(1)], [TABLE]);
    await put(1, 'a', 1);
    await replicas.applyAssignment([location(2, [0])], [TABLE]);
    // The first lookup moves the high watermark (no follower fetches to do it); the KV state follows.
    await expect(lookup(1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await log()).highWatermark).toBe(1);
    await (await replicas.get(tb))!.kv!.waitApplied(1);
    expect(await lookup(1)).toBe('a');
  });
});
