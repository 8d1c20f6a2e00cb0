import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fileHandlePrototype, noSpaceLeft } from '../log/test-support.ts';
import { openFixture, removeDir, testTable, type Fixture } from './test-support.ts';
import type { KvWriteBatch } from './kv-tablet.ts';

/** A full disk refusing the KV tablet's file writes (injected at node's FileHandle; RocksDB is native and unaffected). */

const dirs: string[] = [];
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function fixture(): Promise<Fixture> {
  const fx = await openFixture(testTable());
  dirs.push(fx.dir);
  return fx;
}

const row = (id: number, v = `v${id}`): Record<string, unknown> => ({ region: 'eu', id, v, n: null, d: null, ver: null });
const keys = (...ids: number[]) => ids.map((id) => ({ region: 'eu', id }));
const upserts = (rows: Record<string, unknown>[], batchSequence: number): KvWriteBatch => ({ rows, ops: rows.map(() => 'upsert'), writerId: 5, batchSequence });

describe('KvTablet on a full disk', () => {
  it('a changelog append refused for lack of space fails the write whole; the tablet keeps serving and takes the retry', async () => {
    const fx = await fixture();
    await fx.kv.write(upserts([row(1), row(2)], 0));
    vi.spyOn(await fileHandlePrototype(), 'writev').mockRejectedValueOnce(noSpaceLeft('write'));
    const batch = upserts([row(2, 'changed'), row(3)], 1);
    await expect(fx.kv.write(batch)).rejects.toMatchObject({ code: 'NO_SPACE', message: expect.stringContaining('no space left') });
    // Neither the changelog nor RocksDB has any of it.
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1), row(2), undefined]);
    const end = fx.log.logEndOffset;

    expect(await fx.kv.write(batch)).toMatchObject({ baseOffset: end, changeCount: 3, duplicate: false });
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1), row(2, 'changed'), row(3)]);
    await fx.reopen();
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1), row(2, 'changed'), row(3)]);
    expect(fx.log.logEndOffset).toBe(end + 3);
    await fx.close();
  });

  it('a snapshot refused for lack of space leaves no partial file and does not stop the tablet', async () => {
    const fx = await fixture();
    await fx.kv.write(upserts([row(1), row(2)], 0));
    vi.spyOn(await fileHandlePrototype(), 'write').mockRejectedValueOnce(noSpaceLeft('write'));
    await expect(fx.kv.snapshot()).rejects.toThrow('no space left');
    expect(await readdir(join(fx.dir, 'kv', 'snapshots'))).toEqual([]);
    expect(fx.kv.snapshotOffset).toBeUndefined();

    await fx.kv.write(upserts([row(3)], 1));
    const snapshot = await fx.kv.snapshot();
    expect(snapshot?.logOffset).toBe(fx.log.logEndOffset);
    await fx.reopen();
    expect(fx.kv.recovery).toMatchObject({ snapshotOffset: snapshot?.logOffset });
    expect(await fx.kv.lookup(keys(1, 2, 3))).toEqual([row(1), row(2), row(3)]);
    await fx.close();
  });
});
