// Helpers shared by this folder's tests (not exported from index.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRows, type ColumnDef } from '../arrow/index.ts';
import { systemTimers } from '../common/timers.ts';
import { DEFAULT_LOG_CONFIG, LogTablet, type LogConfig } from '../log/index.ts';
import { takeChangeType, type ChangeType } from '../table/change-type.ts';
import { parseMergeEngine } from '../table/merge-engine-options.ts';
import { KvTablet, type KvTableSpec } from './kv-tablet.ts';
import type { Row } from './values.ts';

/** PK (region, id), bucket key region: prefix lookups find every id of a region. */
export const TEST_COLUMNS: ColumnDef[] = [
  { id: 0, name: 'region', type: { kind: 'string' }, nullable: false },
  { id: 1, name: 'id', type: { kind: 'int' }, nullable: false },
  { id: 2, name: 'v', type: { kind: 'string' }, nullable: true },
  { id: 3, name: 'n', type: { kind: 'bigint' }, nullable: true },
  { id: 4, name: 'd', type: { kind: 'double' }, nullable: true },
  { id: 5, name: 'ver', type: { kind: 'int' }, nullable: true },
];
const TEST_KEY = ['region', 'id'];

export function testTable(properties: Record<string, string> = {}, columns: ColumnDef[] = TEST_COLUMNS): KvTableSpec {
  return { columns, primaryKey: TEST_KEY, bucketKey: ['region'], schemaId: 1, mergeEngine: parseMergeEngine(properties, columns, TEST_KEY) };
}

export interface Fixture {
  readonly dir: string;
  log: LogTablet;
  kv: KvTablet;
  /** Closes both and opens them again on the same directory (a clean restart). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** `replicated`: the log's high watermark moves only by setHighWatermark, as a replica's does. */
export async function openFixture(
  table: KvTableSpec,
  dir?: string,
  logConfig: Partial<LogConfig> = {},
  options: { replicated?: boolean } = {},
): Promise<Fixture> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'fluss-kv-test-')));
  const open = async (): Promise<{ log: LogTablet; kv: KvTablet }> => {
    const config = { ...DEFAULT_LOG_CONFIG, segmentBytes: 64 * 1024, fsync: false, ...logConfig };
    const log = await LogTablet.open(join(root, 'log'), config, systemTimers, undefined, { replicated: options.replicated ?? false });
    const kv = await KvTablet.open({ dir: join(root, 'kv'), log, table });
    return { log, kv };
  };
  const fixture: Fixture = {
    dir: root,
    ...(await open()),
    async reopen() {
      await fixture.kv.close();
      await fixture.log.close();
      Object.assign(fixture, await open());
    },
    async close() {
      await fixture.kv.close();
      await fixture.log.close();
    },
  };
  return fixture;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every changelog record in the log, in offset order. */
export async function readChangelog(log: LogTablet): Promise<Array<{ type: ChangeType; row: Row }>> {
  const out: Array<{ type: ChangeType; row: Row }> = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { batches } = await log.read(offset, 1 << 20);
    for (const batch of batches) {
      for (const row of decodeRows(batch.payload)) {
        const type = takeChangeType(row);
        if (type === undefined) throw new Error(`batch at ${batch.baseOffset} has no change type`);
        out.push({ type, row });
      }
      offset = batch.baseOffset + batch.recordCount;
    }
  }
  return out;
}

export { seededRandom } from '../common/seeded-random.ts';
