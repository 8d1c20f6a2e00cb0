import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RowBatchEncoder } from '../../server/src/arrow/index.ts';
import { FlussConnection } from '../../server/src/client/index.ts';
import { call } from '../../server/src/rpc/client.ts';
import { isFlussError } from '../../server/src/rpc/errors.ts';
import type { PutKvRequest } from '../../server/src/rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../server/src/rpc/generated/fluss/v1/PutKvResponse.ts';
import type { TabletServiceClient } from '../../server/src/rpc/generated/fluss/v1/TabletService.ts';
import { KV_OP_CODES, kvWireColumns, type KvOp } from '../../server/src/table/kv-wire.ts';
import { columnDefs } from '../../server/src/table/table-spec.ts';
import { freePort } from '../support/ports.ts';
import { FlussProcessGroup, tabletServerArgs } from '../support/processes.ts';
import { tabletClient } from '../support/raw-clients.ts';
import { tempDir } from '../support/temp-dir.ts';

// Real processes: PutKv batches of one idempotent writer to an aggregation (sum) table, the tablet
// server killed with SIGKILL and restarted, then the same (writerId, batchSequence) sent again, as
// a client whose answer was lost in the crash would. The retry must be answered `duplicate` with
// the first result and add nothing; a sequence gap must be refused and write nothing.

const WRITER_ID = 4242;

describe('exactly-once PutKv across a kill -9 of the tablet server', () => {
  const dir = tempDir('pk-exactly-once');
  const processes = new FlussProcessGroup();
  let connection: FlussConnection | undefined;
  let client: TabletServiceClient | undefined;

  afterAll(async () => {
    client?.close();
    connection?.close();
    await processes.stopAll();
    dir.remove();
  });

  it('answers a retry after the restart as a duplicate and refuses a gap', async () => {
    const coordinatorPort = await freePort();
    const tabletPort = await freePort();
    const heartbeat = ['--config', 'tablet-server.heartbeat.interval=200ms'];
    await processes.start(
      ['coordinator', '--host', '127.0.0.1', '--port', String(coordinatorPort), '--data-dir', join(dir.path, 'coordinator'), ...heartbeat],
      /coordinator ready at/,
    );
    const bootstrap = `127.0.0.1:${coordinatorPort}`;
    const tabletArgs = tabletServerArgs({ id: 0, port: tabletPort, dataDir: join(dir.path, 'tablet-0'), coordinator: bootstrap, extra: heartbeat });
    let tablet = await processes.start(tabletArgs, /tablet server 0 ready at/);

    connection = await FlussConnection.connect({ bootstrap });
    await connection.admin().createTable(
      {
        database: 'once',
        name: 'totals',
        schema: {
          columns: [
            { name: 'k', type: 'INT', nullable: false },
            { name: 'n', type: 'BIGINT' },
          ],
        },
        primaryKey: ['k'],
        buckets: 1,
        properties: { 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable('once.totals');
    const info = table.info;
    const columns = kvWireColumns(columnDefs(info), info.primaryKey);
    const request = (batchSequence: number, op: KvOp, row: Record<string, unknown>): PutKvRequest => {
      const encoder = new RowBatchEncoder(columns);
      encoder.append(row);
      const ipc = encoder.finish();
      return {
        tableId: info.tableId,
        partitionId: -1,
        bucket: 0,
        schemaId: info.schema?.schemaId ?? 0,
        arrowIpc: ipc,
        ops: Uint8Array.of(KV_OP_CODES[op]),
        targetColumnIds: [],
        writerId: WRITER_ID,
        batchSequence,
      };
    };
    client = tabletClient(`127.0.0.1:${tabletPort}`);
    const add5 = request(0, 'upsert', { k: 1, n: 5n });
    // Deleting an absent key changes nothing (deletes are ignored by default): no changelog, but a sequence.
    const noChange = request(1, 'delete', { k: 99 });
    const first = await putKvOnceOpen(client, add5);
    const second = await putKvOnceOpen(client, noChange);
    expect(first).toMatchObject({ changeCount: 1, duplicate: false });
    expect(second).toMatchObject({ changeCount: 0, duplicate: false });

    tablet.kill('SIGKILL');
    await tablet.exited;
    tablet = await processes.start(tabletArgs, /tablet server 0 ready at/);

    expect(await putKvOnceOpen(client, add5)).toEqual({ ...first, duplicate: true });
    expect(await putKvOnceOpen(client, noChange)).toEqual({ ...second, duplicate: true });
    await expect(putKvOnceOpen(client, request(3, 'upsert', { k: 1, n: 100n }))).rejects.toThrow(/Cannot write batch of writer 4242: sequence 3, expected 2/);
    const lookuper = table.newLookuper();
    expect(await lookuper.lookup({ k: 1 })).toEqual({ k: 1, n: 5n });

    expect(await putKvOnceOpen(client, request(2, 'upsert', { k: 1, n: 7n }))).toMatchObject({ changeCount: 2, duplicate: false });
    expect(await lookuper.lookup({ k: 1 })).toEqual({ k: 1, n: 12n });
  });
});

/** Sends a PutKv, retrying only while the restarted server has not opened the bucket yet. */
async function putKvOnceOpen(client: TabletServiceClient, request: PutKvRequest): Promise<PutKvResponse__Output> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await call(client, client.putKv, request, { timeoutMs: 5_000 });
    } catch (error) {
      // NOT_FOUND: the server is up but has not opened the bucket yet.
      const notYet = isFlussError(error, 'UNAVAILABLE') || isFlussError(error, 'NOT_FOUND');
      if (!notYet || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
