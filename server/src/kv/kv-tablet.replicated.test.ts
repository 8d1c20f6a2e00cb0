import { afterAll, describe, expect, it } from 'vitest';
import { KvError } from './errors.ts';
import type { KvWriteBatch } from './kv-tablet.ts';
import { openFixture, readChangelog, removeDir, testTable, type Fixture } from './test-support.ts';

// A KV tablet on a replicated log (its high watermark moves only by setHighWatermark, as the
// replication layer moves it): RocksDB, and so lookups, hold the changelog up to the high
// watermark only; what is above it waits in the pre-write buffer.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function replicated(): Promise<Fixture> {
  const fixture = await openFixture(testTable(), undefined, {}, { replicated: true });
  dirs.push(fixture.dir);
  return fixture;
}

const row = (id: number, v: string): Record<string, unknown> => ({ region: 'eu', id, v, n: null, d: null, ver: null });
const keys = (...ids: number[]) => ids.map((id) => ({ region: 'eu', id }));
function upserts(rows: Record<string, unknown>[], options: { writerId?: number; batchSequence?: number; leaderEpoch?: number } = {}): KvWriteBatch {
  return {
    rows,
    ops: rows.map(() => 'upsert'),
    writerId: options.writerId ?? -1,
    batchSequence: options.batchSequence ?? 0,
    leaderEpoch: options.leaderEpoch ?? 0,
  };
}
async function changelogOf(fx: Fixture): Promise<string[]> {
  return (await readChangelog(fx.log)).map(({ type, row }) => `${type} ${String(row.id)} ${String(row.v)}`);
}
async function commit(fx: Fixture, offset: number): Promise<void> {
  fx.log.setHighWatermark(offset);
  await fx.kv.waitApplied(offset);
}

describe('KvTablet on a replicated log', () => {
  it('applies a write only once the high watermark passes it: lookups, prefix lookups and snapshots see nothing above it', async () => {
    const fx = await replicated();
    expect(await fx.kv.write(upserts([row(1, 'a'), row(2, 'a')]))).toEqual({ baseOffset: 0, changeCount: 2, duplicate: false });
    expect(await fx.kv.write(upserts([row(1, 'b')]))).toEqual({ baseOffset: 2, changeCount: 2, duplicate: false });
    expect([fx.kv.appliedOffset, fx.kv.bufferedBatches]).toEqual([0, 2]);
    expect(await fx.kv.lookup(keys(1, 2))).toEqual([undefined, undefined]);
    expect(await fx.kv.prefixLookup([{ region: 'eu' }])).toEqual([[]]);
    // The second write's update_before is the first write's row, which is only in the buffer.
    expect(await changelogOf(fx)).toEqual(['+I 1 a', '+I 2 a', '-U 1 a', '+U 1 b']);

    await commit(fx, 2);
    expect([fx.kv.appliedOffset, fx.kv.bufferedBatches]).toEqual([2, 1]);
    expect(await fx.kv.lookup(keys(1, 2))).toEqual([row(1, 'a'), row(2, 'a')]);
    expect((await fx.kv.snapshot())?.logOffset).toBe(2);

    await commit(fx, 4);
    expect([fx.kv.appliedOffset, fx.kv.bufferedBatches]).toEqual([4, 0]);
    expect(await fx.kv.lookup(keys(1, 2))).toEqual([row(1, 'b'), row(2, 'a')]);
    expect((await fx.kv.prefixLookup([{ region: 'eu' }]))[0]).toEqual([row(1, 'b'), row(2, 'a')]);
    await fx.close();
  });

  it('a truncation drops the buffer beyond it: the next write merges against what the log kept', async () => {
    const fx = await replicated();
    await fx.kv.write(upserts([row(1, 'a'), row(2, 'a')]));
    await fx.kv.write(upserts([row(1, 'b')]));
    await fx.kv.write(upserts([row(3, 'c')]));
    await commit(fx, 2);
    // This replica lost its term: its log is cut where it diverges from the new leader's.
    await fx.log.truncateTo(2);
    expect([fx.kv.appliedOffset, fx.kv.bufferedBatches]).toEqual([2, 0]);

    // Leading again, at a new epoch: key 1 was "a" (b is gone), key 3 is new (c is gone).
    expect(await fx.kv.write(upserts([row(1, 'd'), row(3, 'd')], { leaderEpoch: 1 }))).toMatchObject({ baseOffset: 2, changeCount: 3 });
    expect(await changelogOf(fx)).toEqual(['+I 1 a', '+I 2 a', '-U 1 a', '+U 1 d', '+I 3 d']);
    await commit(fx, 5);
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1, 'd'), row(2, 'a'), row(3, 'd')]);
    await fx.close();
  });

  it('a follower applies the changelog it copies up to the high watermark it learns, and as leader merges against the rest', async () => {
    const leader = await replicated();
    const follower = await replicated();
    await leader.kv.write(upserts([row(1, 'a'), row(2, 'a')], { writerId: 7, batchSequence: 0 }));
    await leader.kv.write(upserts([row(1, 'b')], { writerId: 7, batchSequence: 1 }));
    const third = await leader.kv.write(upserts([row(3, 'c')], { writerId: 7, batchSequence: 2 }));
    const copied = await leader.log.readRaw(0, 1 << 20);
    await follower.log.appendAsFollower(copied.batches, { durable: true });
    expect(await follower.kv.lookup(keys(1, 2, 3))).toEqual([undefined, undefined, undefined]);

    await commit(follower, 4);
    expect(await follower.kv.lookup(keys(1, 2, 3))).toEqual([row(1, 'b'), row(2, 'a'), undefined]);
    expect(follower.kv.appliedOffset).toBe(4);

    // It becomes leader (epoch 1): the writer's retry of its last batch is known (writer state came
    // with the batches), and a new write merges against key 3's row, which is above the high watermark.
    expect(await follower.kv.write(upserts([row(3, 'c')], { writerId: 7, batchSequence: 2, leaderEpoch: 1 }))).toEqual({ ...third, duplicate: true });
    expect(await follower.kv.write(upserts([row(3, 'e')], { writerId: 7, batchSequence: 3, leaderEpoch: 1 }))).toMatchObject({ baseOffset: 5, changeCount: 2 });
    expect((await changelogOf(follower)).slice(4)).toEqual(['+I 3 c', '-U 3 c', '+U 3 e']);
    await commit(follower, 7);
    expect(await follower.kv.lookup(keys(1, 2, 3))).toEqual([row(1, 'b'), row(2, 'a'), row(3, 'e')]);
    await leader.close();
    await follower.close();
  });

  it('on restart RocksDB is rebuilt up to the checkpointed high watermark; the rest is applied once it passes', async () => {
    const fx = await replicated();
    await fx.kv.write(upserts([row(1, 'a'), row(2, 'a')]));
    await fx.kv.write(upserts([row(1, 'b')]));
    await fx.kv.write(upserts([row(3, 'c')]));
    fx.log.setHighWatermark(2);
    await fx.reopen();
    expect(fx.kv.recovery).toMatchObject({ snapshotOffset: undefined, appliedOffset: 2 });
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1, 'a'), row(2, 'a'), undefined]);
    await commit(fx, 5);
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1, 'b'), row(2, 'a'), row(3, 'c')]);
    await fx.close();
  });

  it('a truncation below what RocksDB applied fails the tablet; a reopen rebuilds it from the log', async () => {
    const fx = await replicated();
    await fx.kv.write(upserts([row(1, 'a'), row(2, 'a')]));
    await fx.kv.write(upserts([row(1, 'b')]));
    await commit(fx, 4);
    await fx.log.truncateTo(2);
    const failed = await fx.kv.lookup(keys(1)).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(KvError);
    expect((failed as KvError).message).toMatch(/must be reopened/);
    expect(((failed as KvError).cause as Error).message).toMatch(/truncated to 2, below its high watermark 4/);
    await fx.reopen();
    expect(await fx.kv.lookup(keys(1, 2))).toEqual([row(1, 'a'), row(2, 'a')]);
    await fx.close();
  });

  it('waitApplied rejects when the tablet closes first', async () => {
    const fx = await replicated();
    await fx.kv.write(upserts([row(1, 'a')]));
    const waiting = fx.kv.waitApplied(1).catch((error: unknown) => error);
    await fx.kv.close();
    expect(await waiting).toMatchObject({ code: 'CLOSED' });
    await fx.log.close();
  });
});
