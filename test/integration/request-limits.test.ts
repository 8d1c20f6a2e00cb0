import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowBatchEncoder, type ColumnDef } from '../../server/src/arrow/index.ts';
import { call } from '../../server/src/rpc/client.ts';
import { isFlussError } from '../../server/src/rpc/errors.ts';
import { columnDefs } from '../../server/src/table/table-spec.ts';
import { KV_OP_CODES, kvWireColumns } from '../../server/src/table/kv-wire.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import type { CoordinatorServiceClient } from '../../server/src/rpc/generated/fluss/v1/CoordinatorService.ts';
import type { TabletServiceClient } from '../../server/src/rpc/generated/fluss/v1/TabletService.ts';
import type { TableInfo__Output } from '../../server/src/rpc/generated/fluss/v1/TableInfo.ts';
import type { FetchBucket } from '../../server/src/rpc/generated/fluss/v1/FetchBucket.ts';
import { coordinatorClient, tabletClient } from '../support/raw-clients.ts';
import { tempDir } from '../support/temp-dir.ts';

// What a tablet or coordinator server does with requests at or past its limits, over real gRPC:
// fetch responses bounded as a whole, values checked on the way in, bad arguments answered as
// INVALID_ARGUMENT (never INTERNAL), and error messages short enough to keep the session usable.

const VALUE_COLUMNS = [
  { name: 'id', type: 'BIGINT', nullable: false, comment: '' },
  { name: 's', type: 'STRING', nullable: true, comment: '' },
  { name: 'd', type: 'DECIMAL(5,2)', nullable: true, comment: '' },
  { name: 't', type: 'TIME(3)', nullable: true, comment: '' },
];

/** `ipc` with the first occurrence of `find` replaced by `replace` (same length). */
function patch(ipc: Uint8Array, find: Uint8Array, replace: Uint8Array): Buffer {
  const out = Buffer.from(ipc);
  const at = out.indexOf(find);
  if (at < 0 || out.indexOf(find, at + 1) >= 0) throw new Error('pattern not found exactly once');
  out.set(replace, at);
  return out;
}

const int32 = (value: number): Uint8Array => new Uint8Array(Int32Array.of(value).buffer);
const int128 = (value: bigint): Uint8Array => new Uint8Array(BigInt64Array.of(value, value < 0n ? -1n : 0n).buffer);

describe('request limits over gRPC', () => {
  const dir = tempDir('request-limits');
  let cluster: LocalCluster;
  let coordinator: CoordinatorServiceClient;
  let tablet: TabletServiceClient;
  let tabletAddress: string;
  const tables: Record<string, TableInfo__Output> = {};

  async function createTable(name: string, columns: typeof VALUE_COLUMNS, buckets: number, primaryKey: string[] = []): Promise<void> {
    const created = await call(coordinator, coordinator.CreateTable, {
      spec: { database: 'limits', name, columns, buckets, primaryKey },
      createDatabase: true,
    });
    tables[name] = created.table!;
  }

  function encode(columns: readonly ColumnDef[], rows: Record<string, unknown>[]): Uint8Array {
    const encoder = new RowBatchEncoder(columns);
    for (const row of rows) encoder.append(row);
    return encoder.finish();
  }

  function produce(table: TableInfo__Output, bucket: number, arrowIpc: Uint8Array) {
    return call(tablet, tablet.Produce, { tableId: table.tableId, partitionId: -1, bucket, schemaId: 1, acks: -1, arrowIpc, writerId: -1 });
  }

  function rows(from: number, count: number): Record<string, unknown>[] {
    return Array.from({ length: count }, (_, i) => ({ id: BigInt(from + i), s: 'x'.repeat(200), d: '1.50', t: 1_000 }));
  }

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 1 });
    coordinator = coordinatorClient(cluster.bootstrap);
    await createTable('three', VALUE_COLUMNS, 3);
    await createTable('values', VALUE_COLUMNS, 1);
    await createTable('keyed', VALUE_COLUMNS, 1, ['id']);
    const metadata = await call(coordinator, coordinator.GetMetadata, { tables: [{ database: 'limits', table: 'three' }] });
    const server = metadata.tabletServers[0]!;
    tabletAddress = `${server.host}:${server.port}`;
    tablet = tabletClient(tabletAddress);
    // Buckets 0 and 1 of "three" get two batches each; bucket 2 stays empty.
    const three = tables['three']!;
    for (const bucket of [0, 1]) {
      await produce(three, bucket, encode(columnDefs(three), rows(0, 10)));
      await produce(three, bucket, encode(columnDefs(three), rows(10, 10)));
    }
  });

  afterAll(async () => {
    tablet?.close();
    coordinator?.close();
    await cluster?.stop();
    dir.remove();
  });

  const at = (bucket: number, fetchOffset: number | string = 0): FetchBucket => ({ tableId: tables['three']!.tableId, partitionId: -1, bucket, fetchOffset });
  const servedBytes = (res: { buckets: { batches: { arrowIpc: Buffer }[] }[] }): number =>
    res.buckets.reduce((sum, b) => sum + b.batches.reduce((s, batch) => s + batch.arrowIpc.byteLength, 0), 0);

  describe('fetch responses are bounded as a whole', () => {
    it('refuses a bucket named twice in one request', async () => {
      const buckets = Array.from({ length: 200 }, () => at(0));
      await expect(call(tablet, tablet.Fetch, { buckets, maxBytes: 1 })).rejects.toSatisfy(
        (e) => isFlussError(e, 'INVALID_ARGUMENT') && /twice/.test(e.message),
      );
    });

    it('serves one batch in all when maxBytes is smaller than a batch: the first non-empty bucket only', async () => {
      const res = await call(tablet, tablet.Fetch, { buckets: [at(2), at(0), at(1)], maxBytes: 1 });
      expect(res.buckets.map((b) => [b.bucket, b.errorCode, b.batches.length, b.highWatermark])).toEqual([
        [2, 0, 0, 0],
        [0, 0, 1, 20],
        [1, 0, 0, 20],
      ]);
    });

    it('stops at maxBytes over all buckets once the first batch is served', async () => {
      const one = await call(tablet, tablet.Fetch, { buckets: [at(0)], maxBytes: 1 });
      const batchBytes = servedBytes(one);
      const res = await call(tablet, tablet.Fetch, { buckets: [at(0), at(1)], maxBytes: Math.floor(batchBytes * 2.5) });
      expect(res.buckets.map((b) => b.batches.length)).toEqual([2, 0]);
      const all = await call(tablet, tablet.Fetch, { buckets: [at(0), at(1)], maxBytes: batchBytes * 4 + 1_000 });
      expect(all.buckets.map((b) => b.batches.length)).toEqual([2, 2]);
    });
  });

  describe('values are checked on the way in', () => {
    const valid = { id: 1n, s: 'zürich ☃ 𝄞', d: '-999.99', t: 86_399_999 };
    const marker = { id: 2n, s: 'QQQQ', d: '123.45', t: 12_345_678 };

    it('accepts multi-byte UTF-8, a decimal at its precision and the last millisecond of the day', async () => {
      const table = tables['values']!;
      const res = await produce(table, 0, encode(columnDefs(table), [valid]));
      expect(res.recordCount).toBe(1);
    });

    it('refuses invalid UTF-8, a decimal past its precision and a TIME of 24:00, naming column and row', async () => {
      const table = tables['values']!;
      const ipc = encode(columnDefs(table), [valid, marker]);
      const cases = [
        [patch(ipc, Buffer.from('QQQQ'), Buffer.from([0xc0, 0x80, 0x51, 0x51])), /column "s".*row 1/],
        [patch(ipc, int128(12_345n), int128(100_000n)), /column "d".*row 1/],
        [patch(ipc, int32(12_345_678), int32(86_400_000)), /column "t".*row 1/],
      ] as const;
      for (const [bytes, message] of cases) {
        await expect(produce(table, 0, bytes)).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT') && message.test(e.message));
      }
    });

    it('refuses invalid UTF-8 in a PutKv batch', async () => {
      const table = tables['keyed']!;
      const columns = kvWireColumns(columnDefs(table), table.primaryKey);
      const ipc = patch(encode(columns, [marker]), Buffer.from('QQQQ'), Buffer.from([0xed, 0xa0, 0x80, 0x51]));
      const request = { tableId: table.tableId, partitionId: -1, bucket: 0, schemaId: 1, arrowIpc: ipc, ops: Uint8Array.of(KV_OP_CODES.upsert), writerId: -1 };
      await expect(call(tablet, tablet.PutKv, request)).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT') && /column "s".*row 0/.test(e.message));
    });
  });

  describe('bad arguments are INVALID_ARGUMENT, never INTERNAL', () => {
    it('answers unknown, repeated and negative projection ids per bucket', async () => {
      for (const projectedColumnIds of [[99], [1, 1], [-1]]) {
        const res = await call(tablet, tablet.Fetch, { buckets: [at(0), at(2)], projectedColumnIds });
        expect(res.buckets.map((b) => b.errorCode)).toEqual([3, 3]);
        expect(res.buckets[0]!.errorMessage).toMatch(/projection/);
      }
    });

    it('answers fetch offsets of 2^53 and more or below 0 for their bucket, and the other buckets', async () => {
      const res = await call(tablet, tablet.Fetch, { buckets: [at(0, '9007199254740992'), at(1, -1), at(2, 0)], maxBytes: 1 });
      expect(res.buckets.map((b) => b.errorCode)).toEqual([3, 3, 0]);
      expect(res.buckets[0]!.errorMessage).toMatch(/offset/);
    });

    it('answers out-of-range ListOffsets timestamps per bucket', async () => {
      for (const timestampMs of ['9223372036854775807', -5]) {
        const res = await call(tablet, tablet.ListOffsets, {
          tableId: tables['three']!.tableId,
          partitionId: -1,
          buckets: [0, 1],
          spec: 'OFFSET_SPEC_TIMESTAMP',
          timestampMs,
        });
        expect(res.offsets.map((o) => o.errorCode)).toEqual([3, 3]);
      }
      const fine = await call(tablet, tablet.ListOffsets, {
        tableId: tables['three']!.tableId,
        partitionId: -1,
        buckets: [0, 2],
        spec: 'OFFSET_SPEC_TIMESTAMP',
        timestampMs: 0,
      });
      expect(fine.offsets.map((o) => [o.errorCode, o.offset])).toEqual([
        [0, 0],
        [0, 0],
      ]);
    });

    it('refuses a 100k-character name with a short message, and the same client keeps working', async () => {
      const long = 'n'.repeat(100_000);
      const spec = { database: long, name: 'x', columns: VALUE_COLUMNS, buckets: 1 };
      await expect(call(coordinator, coordinator.CreateTable, { spec, createDatabase: true })).rejects.toSatisfy(
        (e) => isFlussError(e, 'INVALID_ARGUMENT') && e.message.length < 2_100 && /100000 characters/.test(e.message),
      );
      expect((await call(coordinator, coordinator.ListDatabases, {})).databases).toContain('limits');
      await expect(call(coordinator, coordinator.GetTable, { path: { database: 'limits', table: long } })).rejects.toSatisfy(
        (e) => isFlussError(e) && e.code !== 'INTERNAL' && e.message.length <= 2_100,
      );
      expect((await call(coordinator, coordinator.ListDatabases, {})).databases).toContain('limits');
    });
  });
});
