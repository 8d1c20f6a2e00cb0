import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { runAutoPartitioning } from './auto-partitioner.ts';
import { Catalog } from './catalog.ts';
import { testTableInfo } from '../table/test-support.ts';

function table(tableId: number, name: string, properties: Record<string, string>) {
  return testTableInfo({
    tableId,
    incarnation: `incarnation-${tableId}`,
    path: { database: 'db', table: name },
    schema: { schemaId: 1, columns: [{ id: 0, name: 'dt', type: 'STRING', nullable: false, comment: '' }] },
    partitionKeys: ['dt'],
    properties: { 'table.auto-partition.enabled': 'true', ...properties },
  });
}

describe('runAutoPartitioning', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auto-partitioner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("one table's failure is logged and the other tables still get their partitions", async () => {
    // A table saved by an older version with a property this version refuses, before a good one.
    const state = {
      version: 2,
      clusterId: 'c',
      adoptsLegacyServers: false,
      coordinatorEpoch: 1,
      nextTableId: 3,
      nextPartitionId: 1,
      databases: { db: { comment: '', createdAtMs: 0 } },
      tables: {
        1: table(1, 'broken', { 'table.auto-partition.num-precreate': '99999999' }),
        2: table(2, 'good', { 'table.auto-partition.num-precreate': '2' }),
      },
      partitions: {},
      buckets: {},
      deletions: [],
      nextDeletionSeq: 1,
    };
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify(state));
    const catalog = await Catalog.open(dir, new ManualTimers(Date.UTC(2026, 11, 3)));
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
    await runAutoPartitioning(catalog, new ManualTimers(Date.UTC(2026, 11, 3)), logger);
    expect(catalog.listPartitions(2).map((p) => p.name)).toEqual(['20261203', '20261204']);
    expect(catalog.listPartitions(1)).toEqual([]);
    expect(logged.join('')).toContain('auto-partitioning of a table failed');
    expect(logged.join('')).toContain('db.broken');
  });
});
