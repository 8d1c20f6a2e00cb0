import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { isFlussError } from '../rpc/errors.ts';
import type { TableSpec__Output } from '../rpc/generated/fluss/v1/TableSpec.ts';
import { Catalog } from './catalog.ts';

function spec(overrides: Partial<TableSpec__Output> = {}): TableSpec__Output {
  return {
    database: 'db',
    name: 'events',
    columns: [
      { name: 'id', type: 'BIGINT', nullable: true, comment: '' },
      { name: 'name', type: 'string', nullable: true, comment: '' },
      { name: 'dt', type: 'STRING', nullable: false, comment: '' },
    ],
    primaryKey: [],
    bucketKey: [],
    buckets: 4,
    partitionKeys: [],
    properties: {},
    comment: '',
    ...overrides,
  };
}

/** Live servers without racks. */
const servers = (...ids: number[]) => ids.map((id) => ({ id, rack: '' }));

describe('Catalog', () => {
  let dir: string;
  const clock = new ManualTimers(1_700_000_000_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('createTable gives column ids, assigns buckets evenly and survives a reopen', async () => {
    const catalog = await Catalog.open(dir, clock);
    catalog.setLiveServers(() => servers(0, 1));
    const table = await catalog.createTable(spec(), false, true);
    expect(table.schema?.columns.map((c) => [c.id, c.name, c.type])).toEqual([
      [0, 'id', 'BIGINT'],
      [1, 'name', 'STRING'],
      [2, 'dt', 'STRING'],
    ]);
    const leaders = catalog
      .bucketsOfTable(table.tableId)
      .map((b) => b.leader)
      .sort();
    expect(leaders).toEqual([0, 0, 1, 1]);

    const reopened = await Catalog.open(dir, clock);
    expect(reopened.getTable('db', 'events')).toEqual(table);
    expect(reopened.bucketsOfTable(table.tableId)).toHaveLength(4);
  });

  it('createTable refuses a duplicate and a bad spec without changing anything', async () => {
    const catalog = await Catalog.open(dir, clock);
    await catalog.createTable(spec(), false, true);
    await expect(catalog.createTable(spec(), false, true)).rejects.toSatisfy((e) => isFlussError(e, 'ALREADY_EXISTS'));
    const before = structuredClone(catalog.state);
    await expect(catalog.createTable(spec({ name: 'bad', primaryKey: ['nope'] }), false, true)).rejects.toThrow(
      'Primary key column "nope" is not a column of the table',
    );
    await expect(
      catalog.createTable(spec({ name: 'bad', columns: [{ name: 'x', type: 'INTT', nullable: true, comment: '' }] }), false, true),
    ).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT') && /Column "x"/.test(e.message));
    expect(catalog.state).toEqual(before);
    expect((await Catalog.open(dir, clock)).state).toEqual(before);
  });

  it('primary-key tables: key columns become NOT NULL and the bucket key defaults to the key without partition keys', async () => {
    const catalog = await Catalog.open(dir, clock);
    const table = await catalog.createTable(spec({ primaryKey: ['id', 'dt'], partitionKeys: ['dt'] }), false, true);
    expect(table.bucketKey).toEqual(['id']);
    expect(table.schema?.columns.find((c) => c.name === 'id')?.nullable).toBe(false);
    await expect(catalog.createTable(spec({ name: 't2', primaryKey: ['id'], partitionKeys: ['dt'] }), false, true)).rejects.toThrow(
      'must be part of the primary key',
    );
  });

  it('buckets wait for a server, then get one on assignPendingBuckets', async () => {
    const catalog = await Catalog.open(dir, clock);
    let live: number[] = [];
    catalog.setLiveServers(() => servers(...live));
    const table = await catalog.createTable(spec(), false, true);
    expect(catalog.bucketsOfTable(table.tableId).every((b) => b.leader === -1)).toBe(true);
    live = [3];
    expect(await catalog.assignPendingBuckets()).toBe(4);
    expect(catalog.bucketsHostedBy(3)).toHaveLength(4);
    expect(catalog.bucketsOfTable(table.tableId).every((b) => b.leader === 3)).toBe(true);
  });

  it('partitions get their own buckets; dropping the table removes partitions and buckets; ids are not reused', async () => {
    const catalog = await Catalog.open(dir, clock);
    catalog.setLiveServers(() => servers(0));
    const table = await catalog.createTable(spec({ partitionKeys: ['dt'], buckets: 2 }), false, true);
    expect(catalog.bucketsOfTable(table.tableId)).toHaveLength(0);
    const p = await catalog.createPartition('db', 'events', { dt: '20261126' }, false);
    expect(p.name).toBe('20261126');
    expect(catalog.bucketsOfTable(table.tableId).map((b) => b.partitionId)).toEqual([p.partitionId, p.partitionId]);
    await expect(catalog.createPartition('db', 'events', { dt: 'a/b' }, false)).rejects.toThrow('Invalid value for partition key');
    await catalog.dropTable('db', 'events', false);
    expect(catalog.state.partitions).toEqual({});
    expect(catalog.state.buckets).toEqual({});
    const again = await catalog.createTable(spec(), false, false);
    expect(again.tableId).toBeGreaterThan(table.tableId);
  });

  it('alterTable changes properties, and refuses unknown table properties', async () => {
    const catalog = await Catalog.open(dir, clock);
    await catalog.createTable(spec(), false, true);
    const altered = await catalog.alterTable('db', 'events', { 'table.log.ttl': '2d', owner: 'me' }, [], '');
    expect(altered.properties).toEqual({ 'table.log.ttl': '2d', owner: 'me' });
    await expect(catalog.alterTable('db', 'events', { 'table.log.tll': '2d' }, [], '')).rejects.toThrow('Unknown table property "table.log.tll"');
  });

  it('table.unclean-leader-election.enabled: only such a table gets a leader from outside the ISR when no in-sync replica is live', async () => {
    const catalog = await Catalog.open(dir, clock);
    let live = [0, 1, 2];
    catalog.setLiveServers(() => servers(...live));
    const replicated = { 'table.replication.factor': '3' };
    const unclean = await catalog.createTable(
      spec({ name: 'unclean', buckets: 1, properties: { ...replicated, 'table.unclean-leader-election.enabled': 'true' } }),
      false,
      true,
    );
    const clean = await catalog.createTable(spec({ name: 'clean', buckets: 1, properties: replicated }), false, true);
    const leaderOf = (tableId: number) => catalog.bucketsOfTable(tableId)[0]!;
    // Both buckets have an ISR of their leader alone (the followers fell behind).
    for (const table of [unclean, clean]) {
      const b = leaderOf(table.tableId);
      await catalog.alterIsr([{ ...b, leader: b.leader, isr: [b.leader] }]);
    }
    const first = leaderOf(unclean.tableId).leader;
    live = [0, 1, 2].filter((id) => id !== first && id !== leaderOf(clean.tableId).leader);
    await catalog.electLeaders();
    const elected = leaderOf(unclean.tableId);
    expect(live).toContain(elected.leader);
    expect(elected.isr).toEqual([elected.leader]);
    expect(leaderOf(clean.tableId).leader).toBe(-1);
    await expect(catalog.alterTable('db', 'clean', { 'table.unclean-leader-election.enabled': 'maybe' }, [], '')).rejects.toThrow(
      'Property table.unclean-leader-election.enabled must be true or false: "maybe"',
    );
  });

  it('dropDatabase refuses a non-empty database unless cascade', async () => {
    const catalog = await Catalog.open(dir, clock);
    await catalog.createTable(spec(), false, true);
    await expect(catalog.dropDatabase('db', false, false)).rejects.toSatisfy((e) => isFlussError(e, 'FAILED_PRECONDITION'));
    await catalog.dropDatabase('db', false, true);
    expect(catalog.listDatabases()).toEqual([]);
  });

  it('has no cluster id until first used, then keeps one id across reopens; the epoch grows at each start', async () => {
    const catalog = await Catalog.open(dir, clock);
    expect(catalog.clusterId).toBeUndefined();
    expect(await catalog.beginEpoch()).toBe(0);
    await catalog.createDatabase('db', false);
    const clusterId = catalog.clusterId;
    expect(clusterId).toMatch(/^[0-9a-f-]{36}$/);
    const reopened = await Catalog.open(dir, clock);
    expect(reopened.clusterId).toBe(clusterId);
    const epoch = reopened.coordinatorEpoch;
    expect(await reopened.beginEpoch()).toBe(epoch + 1);
    expect((await Catalog.open(dir, clock)).coordinatorEpoch).toBe(epoch + 1);
  });

  it('format takes a recovered cluster id only while never used', async () => {
    const catalog = await Catalog.open(dir, clock);
    await catalog.format('cluster-a');
    expect(catalog.clusterId).toBe('cluster-a');
    await expect(catalog.format('cluster-b')).rejects.toThrow('already belongs to cluster cluster-a');
    expect((await Catalog.open(dir, clock)).clusterId).toBe('cluster-a');
  });

  it('never hands out a table or partition id a tablet server reports holding, and moves past the epochs it heard of', async () => {
    const catalog = await Catalog.open(dir, clock);
    await catalog.noteServerHistory({ maxTableId: 41, maxPartitionId: 7, coordinatorEpoch: 0 });
    const table = await catalog.createTable(spec({ partitionKeys: ['dt'] }), false, true);
    expect(table.tableId).toBe(42);
    expect((await catalog.createPartition('db', 'events', { dt: 'x' }, false)).partitionId).toBe(8);
    await catalog.noteServerHistory({ maxTableId: 3, maxPartitionId: 2, coordinatorEpoch: 9 });
    expect(catalog.coordinatorEpoch).toBe(10);
    expect((await catalog.createTable(spec({ name: 'other' }), false, true)).tableId).toBe(43);
  });

  it('a dropped table or partition leaves a deletion naming its incarnation; a new table of the same name gets a new one', async () => {
    const catalog = await Catalog.open(dir, clock);
    const first = await catalog.createTable(spec({ partitionKeys: ['dt'] }), false, true);
    const p1 = await catalog.createPartition('db', 'events', { dt: 'a' }, false);
    await catalog.createPartition('db', 'events', { dt: 'b' }, false);
    await catalog.dropPartition('db', 'events', { dt: 'a' }, false);
    expect(catalog.deletionsAfter(0)).toEqual([{ seq: 1, tableId: first.tableId, tableIncarnation: first.incarnation, partitionId: p1.partitionId }]);
    await catalog.dropTable('db', 'events', false);
    // The table's deletion covers its partitions.
    expect(catalog.deletionsAfter(0)).toEqual([{ seq: 2, tableId: first.tableId, tableIncarnation: first.incarnation, partitionId: -1 }]);
    expect(catalog.deletionsAfter(2)).toEqual([]);
    const second = await catalog.createTable(spec({ partitionKeys: ['dt'] }), false, true);
    expect(second.incarnation).not.toBe(first.incarnation);
    expect((await Catalog.open(dir, clock)).deletionsAfter(0)).toHaveLength(1);
  });

  it('upgrades metadata of version 1: a cluster id, legacy incarnations, servers from then may join', async () => {
    const v1 = {
      version: 1,
      nextTableId: 2,
      nextPartitionId: 1,
      databases: { db: { comment: '', createdAtMs: 1 } },
      tables: { 1: { tableId: 1, path: { database: 'db', table: 'old' }, createdAtMs: 5, buckets: 1, partitionKeys: [] } },
      partitions: {},
      buckets: {},
    };
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(v1));
    const catalog = await Catalog.open(dir, clock);
    expect(catalog.clusterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(catalog.adoptsLegacyServers).toBe(true);
    expect(catalog.tableById(1)?.incarnation).toBe('legacy-1-5');
  });

  it('an auto-partitioned table comes with its first partitions in one change; a bad plan saves nothing', async () => {
    const catalog = await Catalog.open(dir, clock, 1, { maxPartitionsPerTable: 10, maxBucketsPerTable: 100, defaultReplicationFactor: 1 });
    const auto = { 'table.auto-partition.enabled': 'true', 'table.auto-partition.time-unit': 'DAY' };
    const table = await catalog.createTable(spec({ partitionKeys: ['dt'], properties: { ...auto, 'table.auto-partition.num-precreate': '3' } }), false, true);
    expect(catalog.listPartitions(table.tableId).map((p) => p.name)).toEqual(['20231114', '20231115', '20231116']);
    expect((await Catalog.open(dir, clock)).listPartitions(table.tableId)).toHaveLength(3);

    const before = structuredClone(catalog.state);
    for (const [key, value, message] of [
      ['table.auto-partition.num-precreate', '100000000', 'must be at most 1000'],
      ['table.auto-partition.num-precreate', '11', 'above max.partition.num 10'],
      ['table.auto-partition.num-retention', '1e9', 'must be a non-negative integer'],
      ['table.auto-partition.time-unit', 'FORTNIGHT', 'must be one of'],
    ] as const) {
      const bad = spec({ name: 'bad', partitionKeys: ['dt'], properties: { ...auto, [key]: value } });
      await expect(catalog.createTable(bad, false, true)).rejects.toSatisfy(
        (e) => isFlussError(e, 'INVALID_ARGUMENT') && (e as Error).message.includes(message),
      );
    }
    // 10 buckets per partition: the third partition would pass max.bucket.num, and none is added.
    await expect(
      catalog.createTable(
        spec({ name: 'wide', buckets: 40, partitionKeys: ['dt'], properties: { ...auto, 'table.auto-partition.num-precreate': '3' } }),
        false,
        true,
      ),
    ).rejects.toSatisfy(
      (e) => isFlussError(e, 'RESOURCE_EXHAUSTED') && /would have 120 buckets \(40 per partition\), more than max\.bucket\.num 100/.test((e as Error).message),
    );
    expect(catalog.state).toEqual(before);
    expect((await Catalog.open(dir, clock)).state).toEqual(before);
  });

  it('a primary-key table replicates like a log table: its own factor, else the cluster default', async () => {
    const catalog = await Catalog.open(dir, clock, 1, { maxPartitionsPerTable: 10, maxBucketsPerTable: 100, defaultReplicationFactor: 2 });
    catalog.setLiveServers(() => servers(0, 1, 2));
    const keyed = { primaryKey: ['id'], columns: spec().columns.map((c) => (c.name === 'id' ? { ...c, nullable: false } : c)) };
    const three = await catalog.createTable(spec({ ...keyed, name: 'three', properties: { 'table.replication.factor': '3' } }), false, true);
    expect(three.replicationFactor).toBe(3);
    expect(catalog.bucketsOfTable(three.tableId).map((b) => b.replicas.length)).toEqual([3, 3, 3, 3]);
    const byDefault = await catalog.createTable(spec({ ...keyed, name: 'default' }), false, true);
    expect(byDefault.replicationFactor).toBe(2);
    expect(catalog.bucketsOfTable(byDefault.tableId).every((b) => b.replicas.length === 2 && b.isr.length === 2)).toBe(true);
  });

  it('createPartition stops at max.partition.num with RESOURCE_EXHAUSTED', async () => {
    const catalog = await Catalog.open(dir, clock, 1, { maxPartitionsPerTable: 2, maxBucketsPerTable: 100, defaultReplicationFactor: 1 });
    await catalog.createTable(spec({ partitionKeys: ['dt'] }), false, true);
    await catalog.createPartition('db', 'events', { dt: 'a' }, false);
    await catalog.createPartition('db', 'events', { dt: 'b' }, false);
    await expect(catalog.createPartition('db', 'events', { dt: 'c' }, false)).rejects.toSatisfy(
      (e) => isFlussError(e, 'RESOURCE_EXHAUSTED') && (e as Error).message.includes('has 2 partitions, the most max.partition.num allows'),
    );
  });
});
