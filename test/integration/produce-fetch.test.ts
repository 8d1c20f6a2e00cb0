import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowBatchEncoder, decodeRows } from '../../server/src/arrow/index.ts';
import { call } from '../../server/src/rpc/client.ts';
import { isFlussError } from '../../server/src/rpc/errors.ts';
import { columnDefs } from '../../server/src/table/table-spec.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import type { CoordinatorServiceClient } from '../../server/src/rpc/generated/fluss/v1/CoordinatorService.ts';
import type { TabletServiceClient } from '../../server/src/rpc/generated/fluss/v1/TabletService.ts';
import type { TableInfo__Output } from '../../server/src/rpc/generated/fluss/v1/TableInfo.ts';
import { coordinatorClient, tabletClient } from '../support/raw-clients.ts';
import { tempDir } from '../support/temp-dir.ts';

// The wire contract of produce and fetch, driven with raw gRPC so the test can send what the
// TypeScript client never would: wrong schema ids, mismatched columns, garbage bytes.

const WIDE_COLUMNS = [
  { name: 'id', type: 'BIGINT', nullable: false, comment: '' },
  { name: 'seq', type: 'BIGINT', nullable: false, comment: '' },
  { name: 'n', type: 'INT', nullable: true, comment: '' },
  ...Array.from({ length: 17 }, (_, i) => ({ name: `s${i}`, type: 'STRING', nullable: true, comment: '' })),
];

function wideRow(i: number): Record<string, unknown> {
  const row: Record<string, unknown> = { id: BigInt(i), seq: BigInt(i * 2), n: i % 1000 };
  for (let c = 0; c < 17; c++) row[`s${c}`] = `value-${c}-${i}-`.padEnd(60, 'x');
  return row;
}

describe('produce and fetch over gRPC', () => {
  const dir = tempDir('produce-fetch');
  let cluster: LocalCluster;
  let coordinator: CoordinatorServiceClient;
  let tablet: TabletServiceClient;
  let table: TableInfo__Output;

  async function latestOffset(): Promise<number> {
    const res = await call(tablet, tablet.ListOffsets, { tableId: table.tableId, partitionId: -1, buckets: [0], spec: 'OFFSET_SPEC_LATEST' });
    return res.offsets[0]!.offset;
  }

  function batch(from: number, count: number): Buffer {
    const encoder = new RowBatchEncoder(columnDefs(table));
    for (let i = from; i < from + count; i++) encoder.append(wideRow(i));
    return Buffer.from(encoder.finish());
  }

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 1 });
    coordinator = coordinatorClient(cluster.bootstrap);
    const created = await call(coordinator, coordinator.CreateTable, {
      spec: { database: 'it', name: 'wide', columns: WIDE_COLUMNS, buckets: 1 },
      createDatabase: true,
    });
    table = created.table!;
    const metadata = await call(coordinator, coordinator.GetMetadata, { tables: [{ database: 'it', table: 'wide' }] });
    const server = metadata.tabletServers[0]!;
    expect(metadata.tables[0]!.buckets[0]!.leader).toBe(server.id);
    tablet = tabletClient(`${server.host}:${server.port}`);
  });

  afterAll(async () => {
    tablet?.close();
    coordinator?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('appends batches at contiguous offsets and reads them back', async () => {
    const first = await call(tablet, tablet.Produce, {
      tableId: table.tableId,
      partitionId: -1,
      bucket: 0,
      schemaId: 1,
      acks: -1,
      arrowIpc: batch(0, 100),
      writerId: -1,
    });
    const second = await call(tablet, tablet.Produce, {
      tableId: table.tableId,
      partitionId: -1,
      bucket: 0,
      schemaId: 1,
      acks: -1,
      arrowIpc: batch(100, 50),
      writerId: -1,
    });
    expect([first.baseOffset, first.recordCount, second.baseOffset]).toEqual([0, 100, 100]);
    const fetched = await call(tablet, tablet.Fetch, { buckets: [{ tableId: table.tableId, partitionId: -1, bucket: 0, fetchOffset: 0 }] });
    const bucket = fetched.buckets[0]!;
    expect(bucket.errorCode).toBe(0);
    expect(bucket.highWatermark).toBe(150);
    const rows = bucket.batches.flatMap((b) => decodeRows(b.arrowIpc));
    expect(rows.map((r) => r['id'])).toEqual(Array.from({ length: 150 }, (_, i) => BigInt(i)));
    expect(rows[7]).toEqual(Object.fromEntries(Object.entries(wideRow(7))));
  });

  it('serves a 2-of-20 projection (two of the 17 string columns) with about a tenth of the bytes', async () => {
    const base = { tableId: table.tableId, partitionId: -1, bucket: 0, fetchOffset: 0 };
    const full = await call(tablet, tablet.Fetch, { buckets: [base] });
    const projected = await call(tablet, tablet.Fetch, { buckets: [base], projectedColumnIds: [4, 3] });
    const size = (r: typeof full): number => r.buckets[0]!.batches.reduce((sum, b) => sum + b.arrowIpc.byteLength, 0);
    const ratio = size(projected) / size(full);
    expect(ratio).toBeGreaterThan(0.05);
    expect(ratio).toBeLessThan(0.15);
    const rows = projected.buckets[0]!.batches.flatMap((b) => decodeRows(b.arrowIpc));
    expect(rows[3]).toEqual({ s1: wideRow(3)['s1'], s0: wideRow(3)['s0'] });
  });

  it('refuses a wrong schema id, mismatched columns and garbage, appending nothing', async () => {
    const before = await latestOffset();
    const produce = (fields: Record<string, unknown>) =>
      call(tablet, tablet.Produce, {
        tableId: table.tableId,
        partitionId: -1,
        bucket: 0,
        schemaId: 1,
        acks: -1,
        arrowIpc: batch(0, 3),
        writerId: -1,
        ...fields,
      });

    await expect(produce({ schemaId: 7 })).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT') && /schema id 7/i.test(e.message));

    const other = new RowBatchEncoder(columnDefs({ schema: { schemaId: 1, columns: [{ id: 0, name: 'id', type: 'STRING', nullable: false, comment: '' }] } }));
    other.append({ id: 'x' });
    await expect(produce({ arrowIpc: Buffer.from(other.finish()) })).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT') && /id/.test(e.message));

    await expect(produce({ arrowIpc: Buffer.from('definitely not arrow') })).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT'));
    const valid = batch(0, 3);
    await expect(produce({ arrowIpc: valid.subarray(0, valid.length - 9) })).rejects.toSatisfy((e) => isFlussError(e, 'INVALID_ARGUMENT'));

    await expect(produce({ tableId: 9999 })).rejects.toSatisfy((e) => isFlussError(e, 'NOT_FOUND'));
    expect(await latestOffset()).toBe(before);
  });

  it('answers with domain error codes: in the trailers of a failed call, and per bucket', async () => {
    const produce = call(tablet, tablet.Produce, {
      tableId: table.tableId,
      partitionId: -1,
      bucket: 7,
      schemaId: 1,
      acks: -1,
      arrowIpc: batch(0, 1),
      writerId: -1,
    });
    // A bucket this server does not host: the client refreshes metadata and retries.
    await expect(produce).rejects.toMatchObject({ code: 'UNKNOWN_TABLE_OR_BUCKET', status: 'NOT_FOUND', retriable: true });

    const fetched = await call(tablet, tablet.Fetch, {
      buckets: [
        { tableId: table.tableId, partitionId: -1, bucket: 7, fetchOffset: 0 },
        { tableId: table.tableId, partitionId: -1, bucket: 0, fetchOffset: 1e12 },
      ],
      maxWaitMs: 0,
    });
    expect(fetched.buckets.map((b) => b.error)).toEqual(['UNKNOWN_TABLE_OR_BUCKET', 'OFFSET_OUT_OF_RANGE']);

    const offsets = await call(tablet, tablet.ListOffsets, { tableId: table.tableId, partitionId: -1, buckets: [0, 7], spec: 'OFFSET_SPEC_LATEST' });
    expect(offsets.offsets.map((o) => o.error)).toEqual(['', 'UNKNOWN_TABLE_OR_BUCKET']);

    await expect(
      call(coordinator, coordinator.CreateTable, { spec: { database: 'it', name: 'wide', columns: WIDE_COLUMNS, buckets: 1 } }),
    ).rejects.toMatchObject({ code: 'TABLE_ALREADY_EXISTS', retriable: false });
    await expect(call(coordinator, coordinator.GetMetadata, { tables: [{ database: 'it', table: 'nope' }] })).rejects.toMatchObject({ code: 'UNKNOWN_TABLE' });
  });

  it('acknowledges a retried (writer, sequence) once, without a second append', async () => {
    const before = await latestOffset();
    const request = { tableId: table.tableId, partitionId: -1, bucket: 0, schemaId: 1, acks: -1, arrowIpc: batch(0, 10), writerId: 4242, batchSequence: 0 };
    const first = await call(tablet, tablet.Produce, request);
    const retry = await call(tablet, tablet.Produce, request);
    expect(first.duplicate).toBe(false);
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await latestOffset()).toBe(before + 10);
  });

  it('long-polls a fetch until data arrives', async () => {
    const end = await latestOffset();
    const started = Date.now();
    const pending = call(tablet, tablet.Fetch, {
      buckets: [{ tableId: table.tableId, partitionId: -1, bucket: 0, fetchOffset: end }],
      maxWaitMs: 4_000,
    });
    setTimeout(() => {
      void call(tablet, tablet.Produce, { tableId: table.tableId, partitionId: -1, bucket: 0, schemaId: 1, acks: 1, arrowIpc: batch(0, 1), writerId: -1 });
    }, 200);
    const res = await pending;
    expect(res.buckets[0]!.batches.map((b) => b.baseOffset)).toEqual([end]);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
