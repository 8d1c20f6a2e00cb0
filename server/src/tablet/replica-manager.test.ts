import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testTableInfo } from '../table/test-support.ts';
import type { ReplicaManager } from './replica-manager.ts';
import { openTestReplicas } from './test-support.ts';

const table = (tableId: number, incarnation: string) => testTableInfo({ tableId, incarnation, path: { database: 'db', table: `t${tableId}` }, buckets: 2 });

const location = (tableId: number, bucket: number) => ({
  tableId,
  partitionId: -1,
  bucket,
  leader: 0,
  replicas: [0],
  isr: [0],
  leaderEpoch: 1,
  bucketEpoch: 1,
});

describe('ReplicaManager', () => {
  let dir: string;
  let replicas: ReplicaManager;
  let close: () => Promise<void>;
  beforeEach(() => {
    ({ dir, replicas, close } = openTestReplicas());
  });
  afterEach(() => close());

  it('opens assigned replicas on marked directories; one the assignment drops is closed and its data kept', async () => {
    const t1 = table(1, 'inc-1');
    await replicas.applyAssignment([location(1, 0), location(1, 1)], [t1]);
    expect(replicas.size).toBe(2);
    const log = (await replicas.get({ tableId: 1, partitionId: -1, bucket: 0 }))!.log;
    await log.append({ payload: new Uint8Array([1, 2, 3]), recordCount: 1, schemaId: 1, writerId: -1, batchSequence: -1 }, { durable: true });

    await replicas.applyAssignment([location(1, 1)], [t1]);
    expect(replicas.get({ tableId: 1, partitionId: -1, bucket: 0 })).toBeUndefined();
    const files = readdirSync(join(dir, 'tables', '1', 'b0'));
    expect(files).toContain('replica.json');
    expect(files.some((name) => name.endsWith('.log'))).toBe(true);
  });

  it('deletes data only for a deletion naming the incarnation its directory records', async () => {
    await replicas.applyAssignment([location(1, 0), location(2, 0)], [table(1, 'inc-1'), table(2, 'inc-2')]);
    await replicas.applyAssignment([], []);
    await replicas.applyDeletions([
      { seq: 1, tableId: 1, tableIncarnation: 'inc-1', partitionId: -1 },
      { seq: 2, tableId: 2, tableIncarnation: 'some-earlier-table-2', partitionId: -1 },
    ]);
    expect(existsSync(join(dir, 'tables', '1'))).toBe(false);
    expect(existsSync(join(dir, 'tables', '2', 'b0', 'replica.json'))).toBe(true);
  });

  it('deletes a replica a rebalance moved off it only while the bucket is not assigned here, and only of the incarnation recorded', async () => {
    const t1 = table(1, 'inc-1');
    await replicas.applyAssignment([location(1, 0), location(1, 1)], [t1]);
    const removal = (bucket: number, tableIncarnation = 'inc-1') => ({ seq: 1, tableId: 1, tableIncarnation, partitionId: -1, bucket });
    // Still (or again) assigned here: kept, and still served.
    await replicas.applyRemovals([removal(0)]);
    expect(replicas.get({ tableId: 1, partitionId: -1, bucket: 0 })).toBeDefined();
    await replicas.applyAssignment([], [t1]);
    await replicas.applyRemovals([removal(0), removal(1, 'another-table')]);
    expect(existsSync(join(dir, 'tables', '1', 'b0'))).toBe(false);
    expect(existsSync(join(dir, 'tables', '1', 'b1', 'replica.json'))).toBe(true);
  });

  it('a bucket of one replica that a rebalance gives a second starts replicating, and its leader tracks the new follower', async () => {
    const t1 = table(1, 'inc-1');
    await replicas.applyAssignment([location(1, 0)], [t1]);
    const tb = { tableId: 1, partitionId: -1, bucket: 0 };
    const replica = (await replicas.get(tb))!;
    await replica.log.append({ payload: new Uint8Array([1, 2, 3]), recordCount: 1, schemaId: 1, writerId: -1, batchSequence: -1 }, { durable: true });
    expect(replica.log.replicated).toBe(false);
    const moving = { ...location(1, 0), replicas: [0, 7], addingReplicas: [7], removingReplicas: [], bucketEpoch: 2 };
    expect(await replicas.applyBucketStates([moving])).toBe(1);
    expect(replica.log.replicated).toBe(true);
    expect(replica.log.highWatermark).toBe(1);
    expect(replica.addingReplicas).toEqual([7]);
    expect(replica.leadership?.followers.readyToJoin([0], 0)).toEqual([]);
    replica.leadership!.followers.onFetch(7, 1, 1, 0);
    expect(replica.leadership!.followers.readyToJoin([0], 0)).toEqual([7]);
    // A later change of replicas without a new term: the tracker follows it.
    await replicas.applyBucketStates([{ ...moving, replicas: [0, 7, 8], addingReplicas: [7, 8], bucketEpoch: 3 }]);
    replica.leadership!.followers.onFetch(8, 1, 1, 0);
    expect(replica.leadership!.followers.readyToJoin([0], 0)).toEqual([7, 8]);
  });

  it('does not open a directory holding another incarnation, says why to requests, and keeps it', async () => {
    await replicas.applyAssignment([location(1, 0)], [table(1, 'old')]);
    await replicas.applyAssignment([], []);
    // The same table id, another table (metadata rebuilt without moving its ids on).
    await replicas.applyAssignment([location(1, 0)], [table(1, 'new')]);
    const tb = { tableId: 1, partitionId: -1, bucket: 0 };
    expect(replicas.get(tb)).toBeUndefined();
    expect(replicas.whyUnopenable(tb)?.message).toMatch(/not opened, data kept and not served: .* tableIncarnation old \(expected new\)/);
    expect(existsSync(join(dir, 'tables', '1', 'b0', 'replica.json'))).toBe(true);
    // Dropping the table it was assigned as forgets the refusal.
    await replicas.applyAssignment([], []);
    expect(replicas.whyUnopenable(tb)).toBeUndefined();
  });

  it('applies pushed bucket states that are newer than its own, to replicas it hosts; ignores the rest', async () => {
    await replicas.applyAssignment([location(1, 0)], [table(1, 'inc-1')]);
    const tb = { tableId: 1, partitionId: -1, bucket: 0 };
    const newer = { ...location(1, 0), leader: 3, leaderEpoch: 2, bucketEpoch: 2 };
    const older = { ...location(1, 0), leader: 5, leaderEpoch: 0, bucketEpoch: 0 };
    const elsewhere = { ...location(1, 1), leader: 3, leaderEpoch: 2, bucketEpoch: 2 };
    expect(await replicas.applyBucketStates([newer, older, elsewhere])).toBe(1);
    expect(await replicas.get(tb)).toMatchObject({ role: 'follower', leader: 3, leaderEpoch: 2, bucketEpoch: 2 });
    // The same state again (a push, then the heartbeat): nothing to apply.
    expect(await replicas.applyBucketStates([newer])).toBe(0);
  });

  it('opens a replica whose directory holds only the temp file of an interrupted first replica.json (a power loss during its fsync)', async () => {
    const bucketDir = join(dir, 'tables', '1', 'b0');
    mkdirSync(bucketDir, { recursive: true });
    writeFileSync(join(bucketDir, 'replica.json.tmp'), '');
    await replicas.applyAssignment([location(1, 0)], [table(1, 'inc-1')]);
    expect(replicas.whyUnopenable({ tableId: 1, partitionId: -1, bucket: 0 })).toBeUndefined();
    expect(await replicas.get({ tableId: 1, partitionId: -1, bucket: 0 })).toBeDefined();
    expect(readdirSync(bucketDir)).toContain('replica.json');
  });
});
