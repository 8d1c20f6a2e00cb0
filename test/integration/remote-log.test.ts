import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../server/src/client/index.ts';
import { LocalObjectStore } from '../../server/src/remote/local-object-store.ts';
import { listAll } from '../../server/src/remote/object-store.ts';
import { eventually } from '../support/eventually.ts';
import { metricValue } from '../support/metrics.ts';
import { processFixture } from '../support/process-fixture.ts';
import { asConfigArgs, FAST_TIERING, localSegments, remoteKvSnapshots, remoteLogOf } from '../support/remote-log.ts';
import { runFluss } from '../support/processes.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';
import { startVersitygw, VERSITYGW_BUILD_TIMEOUT_MS, type Versitygw } from '../support/versitygw.ts';

// The remote log with separate processes: small segments, uploads and retention every 200 ms, so
// local retention soon leaves each leader with its newest segments only; a consumer reading from
// earliest (with a projection) gets every row exactly once across remote and local segments.
// On a local-directory store with three replicas, the leader is killed (SIGKILL) while it uploads;
// on S3 (versitygw), the only server is restarted with credentials the store refuses.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};

/** Writes rows `from`..`to - 1` in acknowledged batches of 20. */
async function writeRows(table: Table, from: number, to: number): Promise<void> {
  const writer = table.newAppendWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
  for (let id = from; id < to; id += 20) {
    for (let i = id; i < Math.min(id + 20, to); i++) await writer.append({ id: i, payload: `row-${i}-${'x'.repeat(40)}` });
    await writer.flush();
  }
  await writer.close();
}

/** Every row from earliest, projected to `id`, by offset (fails on a row seen twice at one offset). */
async function readFromEarliest(table: Table, until: number): Promise<Map<number, number>> {
  const scanner = table.newLogScanner({ columns: ['id'] });
  await scanner.subscribeAll('earliest');
  const rows = new Map<number, number>();
  try {
    await eventually(
      `${until} rows from earliest`,
      async () => {
        for (const record of await scanner.poll(200)) {
          expect(Object.keys(record.row)).toEqual(['id']);
          if (rows.has(record.offset)) throw new Error(`offset ${record.offset} read twice`);
          rows.set(record.offset, Number(record.row['id']));
        }
        return rows.size >= until;
      },
      60_000,
      10,
    );
  } finally {
    await scanner.close();
  }
  return rows;
}

/** Every acknowledged id in 0..count-1 exactly once (rows past `count`, unacknowledged, at most once). */
function expectEachOnce(rows: Map<number, number>, count: number): void {
  const ids = [...rows.values()].sort((a, b) => a - b);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.slice(0, count)).toEqual(Array.from({ length: count }, (_, i) => i));
}

describe('remote log on a local-directory store, three replicas', () => {
  const fixture = processFixture('remote-log-local');
  const remoteDir = join(fixture.dir.path, 'remote');

  it('tiers old segments, serves them from earliest, and survives the leader killed while it uploads', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: asConfigArgs([...FAST_TIERING, `remote.data.dir=${remoteDir}`]) });
    const { connection, admin } = cluster;
    await admin.createTable(
      { database: 'tiered', name: 'events', schema: SCHEMA, buckets: 1, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
      { createDatabase: true },
    );
    const table = await connection.getTable('tiered.events');
    const first = await cluster.location('tiered.events');
    await writeRows(table, 0, 1_500);
    await eventually('the leader keeping only its newest segments', async () => localSegments(cluster, first.leader, first.tableId).length <= 2, 30_000, 100);
    expect(localSegments(cluster, first.leader, first.tableId)[0]).toBeGreaterThan(0);
    expect((await table.listOffsets('earliest'))[0]!.offset).toBe(0);
    expectEachOnce(await readFromEarliest(table, 1_500), 1_500);
    // `fluss table describe` shows what the committed manifest holds: at least all the leader shed.
    const localStart = localSegments(cluster, first.leader, first.tableId)[0]!; // before: uploads may go on
    const described = JSON.parse((await runFluss(['table', 'describe', 'tiered.events', '--json', '--bootstrap', cluster.bootstrap])).stdout);
    const remoteLog = described.buckets[0].remoteLog;
    expect(remoteLog).toMatchObject({ startOffset: 0, segments: expect.any(Number), sizeBytes: expect.any(Number) });
    expect(remoteLog.segments).toBeGreaterThan(0);
    expect(remoteLog.sizeBytes).toBeGreaterThan(remoteLog.segments * 1024); // 4 KiB segments
    expect(remoteLog.endOffset).toBeGreaterThanOrEqual(localStart);
    const text = (await runFluss(['table', 'describe', 'tiered.events', '--bootstrap', cluster.bootstrap])).stdout;
    expect(text).toMatch(/REMOTE LOG[\s\S]*\[0, \d+\) [\d.]+ [KM]iB in \d+ segments/); // uploads may have gone on meanwhile

    // More rows, and the leader killed while they are uploaded (a round every 200 ms): once the
    // first new segments are committed (its local start moved on), with more on their way.
    const tieredUpTo = localSegments(cluster, first.leader, first.tableId)[0]!;
    const writing = writeRows(table, 1_500, 4_000);
    await eventually('uploads under way', async () => localSegments(cluster, first.leader, first.tableId)[0]! > tieredUpTo, 30_000, 20);
    await cluster.kill(first.leader);
    await writing;
    const second = await eventually(
      'a new leader',
      async () => {
        const location = await cluster.location('tiered.events');
        return location.leader >= 0 && location.leader !== first.leader ? location : undefined;
      },
      30_000,
      100,
    );
    // The new leader kept its whole log as a follower; it can only shed it once its own uploads,
    // from where the committed manifest ends, are committed.
    await eventually(
      'the new leader keeping only its newest segments',
      async () => localSegments(cluster, second.leader, second.tableId).length <= 2,
      60_000,
      100,
    );
    expectEachOnce(await readFromEarliest(table, 4_000), 4_000);
    await cluster.start(first.leader);

    // Nothing half-written is visible: every object in the store reads back whole, checksum verified.
    const store = await LocalObjectStore.open(remoteDir, { owner: 'test-reader' });
    let objects = 0;
    for await (const entry of listAll(store, 'log/')) {
      expect((await store.get(entry.key)).byteLength).toBe(entry.size);
      objects++;
    }
    expect(objects).toBeGreaterThan(0);
  });
});

describe('a lost disk with one replica', () => {
  const fixture = processFixture('remote-log-lost-disk');
  const remoteDir = join(fixture.dir.path, 'remote');

  it('comes back from the remote log: every uploaded row once, new rows after them, nothing reused', async () => {
    const cluster = await startReplicatedCluster(fixture, { servers: 1, config: asConfigArgs([...FAST_TIERING, `remote.data.dir=${remoteDir}`]) });
    const { connection, admin } = cluster;
    await admin.createTable({ database: 'tiered', name: 'lost', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    const table = await connection.getTable('tiered.lost');
    await writeRows(table, 0, 1_500);
    // The newest segment is never uploaded while it is written to: more rows until 0..1499 are remote.
    let next = 1_500;
    await eventually(
      'rows 0..1499 in the remote log',
      async () => {
        await writeRows(table, next, next + 100);
        next += 100;
        return ((await remoteLogOf(cluster, 'tiered.lost'))?.endOffset ?? 0) >= 1_500;
      },
      60_000,
      100,
    );

    await cluster.kill(0);
    const remote = (await remoteLogOf(cluster, 'tiered.lost'))!;
    rmSync(cluster.dataDir(0), { recursive: true, force: true });
    await cluster.start(0);
    await eventually('the bucket led again', async () => (await cluster.location('tiered.lost')).leader === 0, 30_000, 100);

    // What was uploaded is back; what was not (the newest segment's rows) is the documented loss.
    expect((await table.listOffsets('latest'))[0]!.offset).toBe(remote.endOffset);
    const restored = await readFromEarliest(table, remote.endOffset);
    expectEachOnce(restored, 1_500);
    expect(restored.size).toBe(remote.endOffset);
    // New rows continue the offsets: none reused, every one read once after the restored ones.
    await writeRows(table, 100_000, 100_200);
    const all = await readFromEarliest(table, remote.endOffset + 200);
    expect([...all.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: remote.endOffset + 200 }, (_, i) => i));
    expect(
      [...all.entries()]
        .filter(([offset]) => offset >= remote.endOffset)
        .map(([, id]) => id)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 200 }, (_, i) => 100_000 + i));
  });
});

describe('a lost disk with one replica, primary-key table', () => {
  const fixture = processFixture('remote-kv-lost-disk');
  const remoteDir = join(fixture.dir.path, 'remote');
  const KV_SCHEMA = {
    columns: [
      { name: 'id', type: 'INT', nullable: false },
      { name: 'v', type: 'STRING' },
    ],
  };

  /** Upserts `ids` with value `v`, acknowledged. */
  async function upsertAll(table: Table, ids: readonly number[], v: string): Promise<void> {
    const writer = table.newUpsertWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
    for (const id of ids) await writer.upsert({ id, v: `${v}-${'x'.repeat(40)}` });
    await writer.flush();
    await writer.close();
  }

  it('comes back from the remote KV snapshot and changelog: every uploaded value, then new writes', async () => {
    const settings = [...FAST_TIERING, `remote.data.dir=${remoteDir}`, 'kv.snapshot.interval=300ms'];
    const cluster = await startReplicatedCluster(fixture, { servers: 1, config: asConfigArgs(settings) });
    const { connection, admin } = cluster;
    await admin.createTable({ database: 'tiered', name: 'kv', schema: KV_SCHEMA, primaryKey: ['id'], buckets: 1 }, { createDatabase: true });
    const table = await connection.getTable('tiered.kv');
    const keys = Array.from({ length: 200 }, (_, id) => id);
    await upsertAll(table, keys, 'first');
    await upsertAll(table, keys.slice(0, 100), 'second');
    const written = (await table.listOffsets('latest'))[0]!.offset;
    // Other keys until the changelog of those writes is in the remote log and a KV snapshot is recorded.
    let filler = 10_000;
    await eventually(
      'the writes in the remote log, and a remote KV snapshot',
      async () => {
        await upsertAll(
          table,
          Array.from({ length: 50 }, () => filler++),
          'filler',
        );
        return ((await remoteLogOf(cluster, 'tiered.kv'))?.endOffset ?? 0) >= written && (await remoteKvSnapshots(remoteDir)).length > 0;
      },
      60_000,
      200,
    );

    await cluster.kill(0);
    rmSync(cluster.dataDir(0), { recursive: true, force: true });
    await cluster.start(0);
    await eventually('the bucket led again', async () => (await cluster.location('tiered.kv')).leader === 0, 30_000, 100);
    const lookuper = table.newLookuper({ retries: 2_000, retryBackoffMs: 20, retryBackoffMaxMs: 100 });
    const values = (await lookuper.lookupAll(keys.map((id) => ({ id })))) as Array<{ v: string } | undefined>;
    expect(values.map((row) => row?.v.split('-')[0])).toEqual(keys.map((id) => (id < 100 ? 'second' : 'first')));
    // Writes go on from there.
    await upsertAll(table, [7], 'third');
    expect(((await lookuper.lookup({ id: 7 })) as { v: string } | undefined)?.v.split('-')[0]).toBe('third');
  });
});

describe('remote log on S3 (versitygw)', () => {
  const fixture = processFixture('remote-log-s3');
  let s3: Versitygw | undefined;

  beforeAll(async () => {
    s3 = await startVersitygw();
    await s3.createBucket('fluss-remote');
  }, VERSITYGW_BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await s3?.stop();
  });

  it('tiers to S3; with credentials refused, writes go on, the lag metric shows, nothing un-uploaded is deleted; then it catches up', async () => {
    const { endpoint, credentials } = s3!;
    const settings = [
      ...FAST_TIERING,
      'remote.data.dir=s3://fluss-remote/cluster-a',
      `s3.endpoint=${endpoint}`,
      `s3.access-key=${credentials.accessKeyId}`,
      `s3.secret-key=${credentials.secretAccessKey}`,
    ];
    const cluster = await startReplicatedCluster(fixture, { servers: 1, config: asConfigArgs(settings) });
    const { connection, admin, metricsPorts } = cluster;
    await admin.createTable({ database: 'tiered', name: 'clicks', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    const table = await connection.getTable('tiered.clicks');
    const { tableId } = await cluster.location('tiered.clicks');
    await writeRows(table, 0, 1_000);
    await eventually('only the newest segments local', async () => localSegments(cluster, 0, tableId).length <= 2, 30_000, 100);
    expect(await metricValue(metricsPorts[0]!, 'fluss_tablet_remote_log_lag_segments')).toBe(0);
    expectEachOnce(await readFromEarliest(table, 1_000), 1_000);

    // Restarted with a secret the store refuses (denied): writes still succeed.
    await cluster.kill(0);
    await cluster.start(0, asConfigArgs(['s3.secret-key=wrong']));
    const before = localSegments(cluster, 0, tableId);
    await writeRows(table, 1_000, 2_000);
    await eventually(
      'the lag metric showing un-uploaded segments',
      async () => (await metricValue(metricsPorts[0]!, 'fluss_tablet_remote_log_lag_segments')) > 2,
      30_000,
      100,
    );
    // Retention ran many times meanwhile: every segment that was not uploaded is still here.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const during = localSegments(cluster, 0, tableId);
    expect(during[0]).toBe(before[0]);
    expect(during.length).toBeGreaterThan(before.length + 2);

    // Right credentials again: uploads catch up, local retention follows, everything reads from earliest.
    await cluster.kill(0);
    await cluster.start(0);
    await eventually('caught up', async () => (await metricValue(metricsPorts[0]!, 'fluss_tablet_remote_log_lag_segments')) === 0, 30_000, 100);
    await eventually('only the newest segments local again', async () => localSegments(cluster, 0, tableId).length <= 2, 30_000, 100);
    expectEachOnce(await readFromEarliest(table, 2_000), 2_000);
  });
});
