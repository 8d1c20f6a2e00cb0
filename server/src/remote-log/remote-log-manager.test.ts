import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { parseDuration } from '../common/duration.ts';
import { ServerMetrics } from '../common/metrics.ts';
import { LogTablet, type StoredBatch } from '../log/index.ts';
import { appendInput, flipByte, ManualTimers, payloadOf, readAll, testConfig } from '../log/test-support.ts';
import { LocalObjectStore } from '../remote/local-object-store.ts';
import { listAll, type ObjectStore } from '../remote/object-store.ts';
import { ObjectStoreError } from '../remote/object-store-error.ts';
import { RemoteLogManager } from './remote-log-manager.ts';
import { RemoteSegmentCache } from './remote-segment-cache.ts';
import { InMemoryRemoteLogCoordinator, leaderReplica } from './test-support.ts';
import { testTableInfo } from '../table/test-support.ts';

/** A store whose every call fails as an unreachable one does, while `down`. */
function failingWhenDown(store: ObjectStore, state: { down: boolean }): ObjectStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (state.down ? Promise.reject(new ObjectStoreError('unavailable', 'connection refused')) : value.apply(target, args));
    },
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The remote log of one leader against a real log and a real local-directory store (test-support.ts's coordinator judges commits). */
async function setUp(options: { ttl?: string } = {}) {
  const dir = tempDir('remote-log-manager');
  const timers = new ManualTimers();
  const ttlMs = options.ttl === undefined ? -1 : parseDuration(options.ttl);
  const log = await LogTablet.open(join(dir.path, 'log'), testConfig({ segmentBytes: 600, retentionMs: ttlMs }), timers);
  const root = join(dir.path, 'remote');
  const local = await LocalObjectStore.open(root);
  const outage = { down: false };
  const store = failingWhenDown(local, outage);
  const cache = await RemoteSegmentCache.open(store, join(dir.path, 'cache'), { maxBytes: 1_000, indexIntervalBytes: 256 });
  const coordinator = new InMemoryRemoteLogCoordinator();
  const metrics = new ServerMetrics('test', false);
  const manager = new RemoteLogManager({ store, cache, coordinator, serverId: 0, timers, logger: pino({ level: 'silent' }), metrics, uploadConcurrency: 2 });
  const table = testTableInfo({
    properties: { 'table.log.tiered.local-segments': '2', ...(options.ttl === undefined ? {} : { 'table.log.ttl': options.ttl }) },
  });
  coordinator.table = table;
  const replica = leaderReplica(table, log);
  cleanups.push(async () => {
    await cache.close();
    await log.close();
    dir.remove();
  });
  const append = async (count: number) => {
    for (let i = 0; i < count; i++) await log.append(appendInput(payloadOf(log.logEndOffset, 100), { recordCount: 1 }), { durable: true, leaderEpoch: 1 });
  };
  const retention = async () => log.enforceRetention(manager.localRetention(replica) ?? {});
  const lag = async () => (await metrics.registry.getSingleMetric('fluss_tablet_remote_log_lag_segments')!.get()).values[0]!.value;
  /** Every batch from the earliest offset, remote then local, as a fetch would read them. */
  const readEverything = async (): Promise<StoredBatch[]> => {
    const batches: StoredBatch[] = [];
    for (let offset = await manager.logStartOffset(replica); offset < log.logEndOffset; ) {
      const read = offset < log.logStartOffset ? await manager.read(replica, offset, 300, true) : (await log.read(offset, 300)).batches;
      if (read === undefined || read.length === 0) throw new Error(`nothing at ${offset}`);
      batches.push(...read);
      offset = read.at(-1)!.baseOffset + read.at(-1)!.recordCount;
    }
    return batches;
  };
  return { dir, root, local, outage, timers, log, coordinator, manager, replica, append, retention, lag, readEverything };
}

describe('remote log manager', () => {
  it('uploads closed segments, commits each manifest version, and local retention then keeps the newest segments; everything reads back from earliest', async () => {
    const { log, coordinator, manager, replica, append, retention, readEverything, local } = await setUp();
    await append(30);
    const closed = log.closedSegments();
    expect(closed.length).toBeGreaterThan(4);
    await manager.runRound([replica]);
    expect(coordinator.records.get('b')).toMatchObject({ version: closed.length, startOffset: 0, endOffset: closed.at(-1)!.nextOffset });
    // Only the committed manifest is left of all the versions written.
    const keys: string[] = [];
    for await (const entry of listAll(local, 'log/')) keys.push(entry.key);
    expect(keys.filter((key) => key.includes('/manifests/'))).toEqual([coordinator.records.get('b')!.manifestKey]);
    expect(keys.filter((key) => key.endsWith('.log'))).toHaveLength(closed.length);
    // The committed record says how much the remote log holds: the .log objects, one per segment.
    let logBytes = 0;
    for await (const entry of listAll(local, 'log/')) if (entry.key.endsWith('.log')) logBytes += entry.size;
    expect(logBytes).toBeGreaterThan(0);
    expect(coordinator.records.get('b')).toMatchObject({ segments: closed.length, sizeBytes: logBytes });

    await retention();
    expect(log.closedSegments()).toHaveLength(1); // two segments in all: the active one counts
    expect(log.logStartOffset).toBeGreaterThan(0);
    const batches = await readEverything();
    expect(batches.map((batch) => batch.baseOffset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    batches.forEach((batch) => expect(Buffer.from(batch.payload)).toEqual(Buffer.from(payloadOf(batch.baseOffset, 100))));
  });

  it("restores an empty replica's log from the newest remote segment: same offsets, batches, leader epochs and writer state", async () => {
    const { dir, log, manager, replica, append } = await setUp();
    await append(20);
    const writerOffset = log.logEndOffset;
    await log.append(appendInput(payloadOf(writerOffset, 100), { writerId: 7, batchSequence: 0 }), { durable: true, leaderEpoch: 1 });
    // Until the writer's batch is in a closed segment: the newest one uploaded.
    while ((log.closedSegments().at(-1)?.nextOffset ?? 0) <= writerOffset) await append(1);
    await manager.runRound([replica]);
    const remoteEnd = log.closedSegments().at(-1)!.nextOffset;
    const newestRemote = log.closedSegments().at(-1)!.baseOffset;

    const fresh = await LogTablet.open(join(dir.path, 'fresh'), testConfig({ segmentBytes: 600 }), new ManualTimers());
    cleanups.push(() => fresh.close());
    const restored = await manager.restoreLog(replica, replica.table, fresh, join(dir.path, 'fresh-kv'));
    expect(restored).toMatchObject({ fromOffset: newestRemote, toOffset: remoteEnd });
    expect([fresh.logStartOffset, fresh.logEndOffset]).toEqual([newestRemote, remoteEnd]);
    expect((await readAll(fresh)).map((batch) => Buffer.from(batch.payload))).toEqual(
      (await readAll(log, newestRemote)).filter((b) => b.baseOffset < remoteEnd).map((b) => Buffer.from(b.payload)),
    );
    expect(fresh.epochHistory).toEqual([{ epoch: 1, startOffset: newestRemote }]);
    // The writer's batch is known: its retry is a duplicate, its next batch in sequence.
    expect(fresh.checkSequence(7, 0)).toEqual(log.checkSequence(7, 0));
    expect(fresh.checkSequence(7, 1)).toEqual(log.checkSequence(7, 1));
    expect(fresh.checkSequence(7, 0).kind).not.toBe(fresh.checkSequence(8, 0).kind);
  });

  it('restores nothing for a bucket without a remote log, and refuses a log that holds data', async () => {
    const { dir, log, manager, replica, append } = await setUp();
    const fresh = await LogTablet.open(join(dir.path, 'fresh'), testConfig({ segmentBytes: 600 }), new ManualTimers());
    cleanups.push(() => fresh.close());
    expect(await manager.restoreLog(replica, replica.table, fresh, join(dir.path, 'fresh-kv'))).toBeUndefined();
    await append(10);
    await manager.runRound([replica]);
    await expect(manager.restoreLog(replica, replica.table, log, join(dir.path, 'fresh-kv'))).rejects.toThrow('Cannot restore into a log that holds');
  });

  it("copies what a follower behind its leader's log start lacks from the remote log, from its own log end; nothing when remote retention removed that offset", async () => {
    const { dir, log, timers, manager, replica, append } = await setUp({ ttl: '1h' });
    await append(20);
    await manager.runRound([replica]);
    const remoteEnd = log.closedSegments().at(-1)!.nextOffset;
    /** A follower of `replica` holding the leader's batches below `upTo`. */
    const follower = async (name: string, upTo: number) => {
      const copy = await LogTablet.open(join(dir.path, name), testConfig({ segmentBytes: 600 }), new ManualTimers(), undefined, { replicated: true });
      cleanups.push(() => copy.close());
      await copy.appendAsFollower((await log.readRaw(0, 1_000_000, upTo)).batches, { durable: true });
      return { ...replica, role: 'follower' as const, leader: 1, log: copy };
    };
    const behind = await follower('behind', 5);
    expect(behind.log.logEndOffset).toBe(5);
    expect(await manager.catchUpFollower(behind)).toMatchObject({ fromOffset: 5, toOffset: remoteEnd });
    expect(behind.log.highWatermark).toBe(remoteEnd);
    expect((await readAll(behind.log)).map((batch) => Buffer.from(batch.payload))).toEqual(
      (await readAll(log)).filter((batch) => batch.baseOffset < remoteEnd).map((batch) => Buffer.from(batch.payload)),
    );
    // At the remote end there is nothing to copy.
    expect(await manager.catchUpFollower(behind)).toBeUndefined();

    // Remote retention removes the segments holding offset 5: a follower ending there cannot catch up.
    timers.advance(2 * 3_600_000);
    await append(5);
    await manager.runRound([replica]);
    const stranded = await follower('stranded', 5);
    expect(await manager.catchUpFollower(stranded)).toBeUndefined();
    expect(stranded.log.logEndOffset).toBe(5);
  });

  it('with the store down: appends go on, nothing is deleted locally past the TTL, the lag shows; after the outage uploads resume with backoff', async () => {
    const { log, outage, timers, manager, replica, append, retention, lag, coordinator } = await setUp({ ttl: '1s' });
    outage.down = true;
    await append(30);
    await manager.runRound([replica]);
    const closed = log.closedSegments().length;
    expect(await lag()).toBe(closed);
    outage.down = false;
    await manager.runRound([replica]);
    expect(coordinator.records.get('b')).toBeUndefined(); // backing off
    timers.advance(10_000);
    await retention(); // the TTL has passed, but nothing is uploaded
    expect(log.logStartOffset).toBe(0);
    await manager.runRound([replica]);
    expect(await lag()).toBe(0);
    expect(coordinator.records.get('b')?.endOffset).toBe(log.closedSegments().at(-1)!.nextOffset);
    await retention();
    expect(log.closedSegments()).toHaveLength(0);
  });

  it('a deposed leader commits nothing and leaves no manifest behind; the new leader resumes from the committed manifest', async () => {
    const { log, timers, coordinator, manager, replica, append, local } = await setUp();
    await append(10);
    await manager.runRound([replica]);
    const committed = coordinator.records.get('b')!;
    expect(committed.version).toBeGreaterThan(0);
    await append(20);
    coordinator.bucket = { ...coordinator.bucket, leaderEpoch: 2 }; // a new leader was elected
    await manager.runRound([replica]);
    expect(coordinator.records.get('b')).toEqual(committed);
    const manifests: string[] = [];
    for await (const entry of listAll(local, 'log/1/incarnation-1/b0/manifests/')) manifests.push(entry.key);
    expect(manifests).toEqual([committed.manifestKey]);
    // This server leads again at the new epoch: it reads the committed manifest and goes on from its end.
    replica.leaderEpoch = 2;
    timers.advance(60_000); // past the backoff of the refused commit
    await manager.runRound([replica]);
    expect(coordinator.records.get('b')).toMatchObject({ leaderEpoch: 2, startOffset: 0, endOffset: log.closedSegments().at(-1)!.nextOffset });
  });

  it('remote retention removes expired segments from the manifest, then deletes their objects', async () => {
    const { timers, coordinator, manager, replica, append, local, log } = await setUp({ ttl: '1h' });
    await append(20);
    await manager.runRound([replica]);
    const before: string[] = [];
    for await (const entry of listAll(local, 'log/')) before.push(entry.key);
    timers.advance(2 * 3_600_000);
    await append(5); // newer segments, not expired
    await manager.runRound([replica]);
    const record = coordinator.records.get('b')!;
    const oldEnd = before.filter((key) => key.endsWith('.log')).length;
    expect(record.startOffset).toBeGreaterThanOrEqual(20 - 1);
    expect(record.endOffset).toBe(log.closedSegments().at(-1)!.nextOffset);
    expect(record.segments).toBeLessThan(oldEnd); // the expired ones no longer count
    const after: string[] = [];
    for await (const entry of listAll(local, 'log/')) after.push(entry.key);
    expect(after.filter((key) => before.includes(key))).toEqual([]);
    expect(oldEnd).toBeGreaterThan(0);
    expect(await manager.logStartOffset(replica)).toBe(Math.min(record.startOffset, log.logStartOffset));
  });

  it('a torn, replaced or missing remote segment is never served (CORRUPT_RECORD)', async () => {
    const { root, log, manager, replica, append, retention, local } = await setUp();
    await append(30);
    const bases = log.closedSegments().map((segment) => segment.baseOffset);
    await manager.runRound([replica]);
    await retention();
    const logs: string[] = [];
    for await (const entry of listAll(local, 'log/')) if (entry.key.endsWith('.log')) logs.push(entry.key);
    const notServed = { code: 'CORRUPT_RECORD', message: expect.stringMatching(/damaged or missing, not served/) };
    await flipByte(join(root, logs[0]!), 70);
    await expect(manager.read(replica, bases[0]!, 300, true)).rejects.toMatchObject(notServed);
    // Another valid object under the key: the store's checksum passes, the manifest's does not.
    await local.put(logs[1]!, await local.get(logs[2]!));
    await expect(manager.read(replica, bases[1]!, 300, true)).rejects.toMatchObject(notServed);
    await rm(join(root, logs[2]!));
    await expect(manager.read(replica, bases[2]!, 300, true)).rejects.toMatchObject(notServed);
    // The undamaged segments still serve.
    expect((await manager.read(replica, bases[3]!, 300, true))?.[0]?.baseOffset).toBe(bases[3]);
  });

  it('deletes a dropped table incarnation’s objects, and only those', async () => {
    const { manager, replica, append, local } = await setUp();
    await append(10);
    await manager.runRound([replica]);
    await local.put('log/1/incarnation-0/b0/segments/x.log', Buffer.from('an older table of the same id'));
    await local.put('log/2/incarnation-1/b0/segments/x.log', Buffer.from('another table'));
    manager.deleteDropped([{ seq: 1, tableId: 1, tableIncarnation: 'incarnation-1', partitionId: -1 }]);
    await manager.deletionsSettled();
    const keys: string[] = [];
    for await (const entry of listAll(local, '')) keys.push(entry.key);
    expect(keys).toEqual(['log/1/incarnation-0/b0/segments/x.log', 'log/2/incarnation-1/b0/segments/x.log']);
  });
});
