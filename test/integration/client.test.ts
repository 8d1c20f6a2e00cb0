import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection, FlussError, RowError, type ScanRecord, type TableDescriptor } from '../../server/src/client/index.ts';
import type { LogScanner } from '../../server/src/client/index.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import { bucketForKey } from '../../server/src/table/bucketing.ts';
import { spawnFluss } from '../support/processes.ts';
import { tempDir } from '../support/temp-dir.ts';

// The TypeScript client and the CLI against a real local cluster (two tablet servers on loopback).

const EVENTS: TableDescriptor = {
  database: 'it',
  name: 'events',
  schema: {
    columns: [
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'user', type: 'STRING' },
      { name: 'amount', type: 'DECIMAL(10,2)' },
      { name: 'ts', type: 'TIMESTAMP_LTZ(3)' },
    ],
  },
  bucketKey: ['id'],
  buckets: 3,
};

const VISITS: TableDescriptor = {
  database: 'it',
  name: 'visits',
  schema: {
    columns: [
      { name: 'id', type: 'INT', nullable: false },
      { name: 'day', type: 'STRING', nullable: false },
    ],
  },
  buckets: 2,
  partitionKeys: ['day'],
};

/** Polls until `count` records arrived (or fails after timeoutMs), returning them in arrival order. */
async function pollUntil(scanner: LogScanner, count: number, timeoutMs = 20_000): Promise<ScanRecord[]> {
  const records: ScanRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (records.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${records.length} of ${count} records after ${timeoutMs} ms`);
    records.push(...(await scanner.poll(500)));
  }
  return records;
}

describe('client against a local cluster', () => {
  const dir = tempDir('client');
  let cluster: LocalCluster;
  let connection: FlussConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 2 });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
    await connection.admin().createTable(EVENTS, { createDatabase: true });
    await connection.admin().createTable(VISITS);
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('manages databases, tables and partitions through Admin', async () => {
    const admin = connection.admin();
    expect(await admin.listDatabases()).toContain('it');
    expect((await admin.listTables('it')).sort()).toEqual(['events', 'visits']);
    const info = await admin.getTable('it.events');
    expect(info.schema?.columns.map((c) => [c.id, c.name])).toEqual([
      [0, 'id'],
      [1, 'user'],
      [2, 'amount'],
      [3, 'ts'],
    ]);
    await expect(admin.createTable(EVENTS)).rejects.toMatchObject({ code: 'TABLE_ALREADY_EXISTS' });
    await admin.createTable(EVENTS, { ignoreIfExists: true });

    const altered = await admin.alterTable('it.events', { setProperties: { 'owner.team': 'ingest' } });
    expect(altered.properties['owner.team']).toBe('ingest');

    const created = await admin.createPartition('it.visits', { day: '20260101' });
    expect(created.name).toBe('20260101');
    expect((await admin.listPartitions('it.visits')).map((p) => p.name)).toContain('20260101');
    await admin.dropPartition('it.visits', { day: '20260101' });
    expect((await admin.listPartitions('it.visits')).map((p) => p.name)).not.toContain('20260101');

    const metadata = await admin.clusterMetadata(['it.events']);
    expect(metadata.tabletServers).toHaveLength(2);
    expect(metadata.tables[0]?.buckets).toHaveLength(3);

    await expect(connection.getTable('it.missing')).rejects.toBeInstanceOf(FlussError);
  });

  it('writes rows to the bucket of their key and reads each back exactly once, projected', async () => {
    const table = await connection.getTable('it.events');
    const writer = table.newAppendWriter({ batchSizeBytes: 4 * 1024, lingerMs: 2 });
    const rows = 2_000;
    for (let id = 0; id < rows; id++) {
      await writer.append({ id, user: `u${id % 7}`, amount: `${id}.25`, ts: 1_795_000_000_000 + id });
    }
    await writer.flush();
    expect(writer.counters).toMatchObject({ rowsAppended: rows, rowsAcked: rows, rowsFailed: 0 });
    expect(writer.counters.batchesAcked).toBeGreaterThan(3); // small batches: many sends per bucket

    const scanner = table.newLogScanner({ columns: ['amount', 'id'] });
    await scanner.subscribeAll('earliest');
    const records = await pollUntil(scanner, rows);
    await scanner.close();
    expect(records).toHaveLength(rows);
    const ids = records.map((r) => Number(r.row['id']));
    expect(new Set(ids).size).toBe(rows);
    for (const record of records) {
      expect(Object.keys(record.row)).toEqual(['amount', 'id']);
      expect(record.bucket).toBe(bucketForKey([record.row['id']], 3));
      expect(record.row['amount']).toBe(`${Number(record.row['id'])}.25`);
    }
    // Offsets of a bucket are contiguous from 0 and rows keep their append order within it.
    for (let bucket = 0; bucket < 3; bucket++) {
      const inBucket = records.filter((r) => r.bucket === bucket);
      expect(inBucket.map((r) => r.offset)).toEqual(inBucket.map((_, i) => i));
      const bucketIds = inBucket.map((r) => Number(r.row['id']));
      expect(bucketIds).toEqual([...bucketIds].sort((a, b) => a - b));
    }
  });

  it('rejects a bad row with a RowError and buffers nothing', async () => {
    const table = await connection.getTable('it.events');
    const writer = table.newAppendWriter();
    await expect(writer.append({ id: 'not a number' })).rejects.toBeInstanceOf(RowError);
    await writer.close();
    expect(writer.counters.rowsAppended).toBe(0);
  });

  it('creates partitions on demand, prunes by filter and discovers new partitions', async () => {
    const table = await connection.getTable('it.visits');
    const pruned = table.newLogScanner({ partitionFilter: { day: '20261127' }, partitionDiscoveryIntervalMs: 200 });
    const all = table.newLogScanner({ partitionDiscoveryIntervalMs: 200 });
    await pruned.subscribeAll('earliest');
    await all.subscribeAll('earliest');
    expect(all.assignment()).toEqual([]);

    const writer = table.newAppendWriter({ lingerMs: 1 });
    for (let id = 0; id < 100; id++) await writer.append({ id, day: id % 2 === 0 ? '20261126' : '20261127' });
    await writer.close();
    expect((await connection.admin().listPartitions('it.visits')).map((p) => p.name).sort()).toEqual(['20261126', '20261127']);

    const everything = await pollUntil(all, 100);
    expect(new Set(everything.map((r) => r.partition))).toEqual(new Set(['20261126', '20261127']));
    const odd = await pollUntil(pruned, 50);
    expect(odd.every((r) => r.partition === '20261127' && Number(r.row['id']) % 2 === 1)).toBe(true);
    expect(await pruned.poll(300)).toEqual([]);
    expect(new Set(pruned.assignment().map((a) => a.partition))).toEqual(new Set(['20261127']));
    await pruned.close();
    await all.close();
  });

  it('starts from latest or from a time', async () => {
    const table = await connection.getTable('it.events');
    const tail = table.newLogScanner();
    await tail.subscribeAll('latest');
    const before = Date.now();
    const writer = table.newAppendWriter();
    await writer.append({ id: 1_000_001, user: 'late' });
    await writer.close();
    const records = await pollUntil(tail, 1);
    expect(records.map((r) => r.row['user'])).toEqual(['late']);
    expect(records[0]!.timestampMs).toBeGreaterThanOrEqual(before - 1_000);
    await tail.close();

    const fromTime = table.newLogScanner({ columns: ['user'] });
    await fromTime.subscribeAll({ timestampMs: before });
    expect((await pollUntil(fromTime, 1)).map((r) => r.row['user'])).toEqual(['late']);
    await fromTime.close();
  });

  it('fluss produce stops at a bad line, naming it, and keeps the rows before it', async () => {
    const good = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: 5_000 + i, user: 'cli' })).join('\n');
    const produce = spawnFluss(['produce', 'it.events', '--bootstrap', cluster.bootstrap], {
      input: `${good}\n{"id": 6000, "amount": "abc"}\n{"id": 6001}\n`,
    });
    expect(await produce.exited).toBe(1);
    expect(produce.stderr()).toMatch(/^Error: Line 6: .*amount/m);
    expect(produce.stderr()).not.toMatch(/\n\s+at /); // no stack trace

    const consume = spawnFluss(['consume', 'it.events', '--bootstrap', cluster.bootstrap, '--columns', 'id,user']);
    expect(await consume.exited).toBe(0);
    const cliRows = consume
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; user: string | null })
      .filter((row) => row.user === 'cli');
    expect(cliRows.map((row) => row.id).sort()).toEqual([5_000, 5_001, 5_002, 5_003, 5_004]);
  });
});
