import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A fake file whose fsyncs the test releases by hand. */
function fakeLog() {
  const state = { writtenEnd: 0, syncs: 0, pending: [] as (() => void)[], failNext: false };
  const commit = new GroupCommit(0, () => ({
    endOffset: state.writtenEnd,
    sync: () => {
      state.syncs++;
      if (state.failNext) return Promise.reject(new Error('EIO'));
      return new Promise<void>((resolve) => state.pending.push(resolve));
    },
  }));
  const releaseAll = async (): Promise<void> => {
    while (state.pending.length > 0) {
      state.pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { state, commit, releaseAll };
}

describe('GroupCommit', () => {
  it('shares one fsync among appends written before it starts', async () => {
    const { state, commit, releaseAll } = fakeLog();
    state.writtenEnd = 3;
    const waits = [commit.syncTo(1), commit.syncTo(2), commit.syncTo(3)];
    await releaseAll();
    await Promise.all(waits);
    expect(state.syncs).toBe(1);
    expect(commit.durableOffset).toBe(3);
  });

  it('makes writes that finish during an fsync wait for the next one, and batches them too', async () => {
    const { state, commit, releaseAll } = fakeLog();
    state.writtenEnd = 1;
    const first = commit.syncTo(1);
    state.writtenEnd = 4; // three more appends finish while the first fsync runs
    const later = [commit.syncTo(2), commit.syncTo(3), commit.syncTo(4)];
    await releaseAll();
    await Promise.all([first, ...later]);
    expect(state.syncs).toBe(2);
    expect(commit.durableOffset).toBe(4);
  });

  it('returns at once when the offset is already durable', async () => {
    const { state, commit } = fakeLog();
    commit.markDurable(10);
    await commit.syncTo(10);
    expect(state.syncs).toBe(0);
  });

  it('rejects every waiter when the fsync fails', async () => {
    const { state, commit } = fakeLog();
    state.writtenEnd = 2;
    state.failNext = true;
    const results = await Promise.allSettled([commit.syncTo(1), commit.syncTo(2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(commit.durableOffset).toBe(0);
  });

  it('refuses an offset past the written end instead of syncing forever', async () => {
    const { state, commit, releaseAll } = fakeLog();
    state.writtenEnd = 1;
    const wait = commit.syncTo(5);
    const settled = expect(wait).rejects.toThrow(RangeError);
    await releaseAll();
    await releaseAll();
    await settled;
  });

  it('a truncation lowers the durable offset and ends waits for offsets it cut away', async () => {
    const { state, commit, releaseAll } = fakeLog();
    state.writtenEnd = 5;
    const first = commit.syncTo(5);
    await releaseAll();
    await first;
    // A write ending at 8 waits; the log is then cut at 3 (its data was synced before the cut).
    state.writtenEnd = 8;
    const cutAway = commit.syncTo(8);
    commit.truncateTo(3);
    state.writtenEnd = 3;
    await releaseAll();
    await expect(cutAway).resolves.toBeUndefined();
    expect(commit.durableOffset).toBe(3);
  });
});
