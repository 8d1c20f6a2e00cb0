import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection, isFlussError } from '../../server/src/client/index.ts';
import { FlussProcessGroup, type FlussProcess } from '../support/processes.ts';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.ts';

// A real `fluss local` whose data dir is a tiny tmpfs that fills up (mounting needs root, as CI
// has). Acknowledged rows stay readable while the disk is full, writes and DDL are refused with
// RESOURCE_EXHAUSTED naming the file, and once space is back writes go on without a restart.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};

describe('fluss local on a full disk', () => {
  let tmpfs: Tmpfs;
  const processes = new FlussProcessGroup();
  let connection: FlussConnection | undefined;
  beforeAll(() => {
    tmpfs = mountTmpfs(4 * 1024 * 1024);
  });
  afterAll(async () => {
    connection?.close();
    await processes.stopAll();
    tmpfs?.unmount();
  });

  async function start(): Promise<{ server: FlussProcess; connection: FlussConnection }> {
    const dataDir = join(tmpfs.path, 'data');
    const server = await processes.start(['local', '--data-dir', dataDir, '--port', '0', '--tablet-servers', '1'], /local cluster ready at/);
    const bootstrap = /ready at (\S+)/.exec(server.stdout())![1]!;
    return { server, connection: await FlussConnection.connect({ bootstrap }) };
  }

  async function readIds(table: string): Promise<number[]> {
    const scanner = (await connection!.getTable(table)).newLogScanner();
    await scanner.subscribeAll('earliest');
    const ids: number[] = [];
    for (let idle = 0; idle < 3; ) {
      const records = await scanner.poll(300);
      idle = records.length === 0 ? idle + 1 : 0;
      ids.push(...records.map((r) => Number(r.row['id'])));
    }
    await scanner.close();
    return ids;
  }

  it('refuses writes and DDL with RESOURCE_EXHAUSTED, keeps serving, and takes writes again once space is back', async () => {
    let { server, connection: first } = await start();
    connection = first;
    await connection.admin().createTable({ database: 'full', name: 'events', schema: SCHEMA, buckets: 1 }, { createDatabase: true });
    const table = await connection.getTable('full.events');
    const payload = 'x'.padEnd(400, 'y');
    const acknowledged: number[] = [];
    // Writes with no retries: each flush is one batch, acknowledged or refused.
    const writer = table.newAppendWriter({ lingerMs: 0, retries: 0 });
    for (let id = 0; id < 50; id++) {
      await writer.append({ id, payload });
      await writer.flush();
      acknowledged.push(id);
    }

    await tmpfs.fill();
    let refusal: unknown;
    for (let id = 50; refusal === undefined && id < 10_000; id++) {
      try {
        await writer.append({ id, payload });
        await writer.flush();
        acknowledged.push(id);
      } catch (error) {
        refusal = error;
      }
    }
    expect(isFlussError(refusal, 'RESOURCE_EXHAUSTED')).toBe(true);
    expect((refusal as Error).message).toMatch(/no space left/);
    await writer.close().catch(() => undefined);

    const ddl = await connection
      .admin()
      .createTable({ database: 'full', name: 'more', schema: SCHEMA })
      .catch((e: unknown) => e);
    expect(isFlussError(ddl, 'RESOURCE_EXHAUSTED')).toBe(true);
    expect((ddl as Error).message).toMatch(/metadata\.json: no space left on device; nothing was changed/);
    expect(await connection.admin().listTables('full')).toEqual(['events']);
    expect(await readIds('full.events')).toEqual(acknowledged);

    await tmpfs.free();
    const again = table.newAppendWriter({ lingerMs: 0, retries: 0 });
    for (let id = 20_000; id < 20_010; id++) {
      await again.append({ id, payload });
      await again.flush();
      acknowledged.push(id);
    }
    await again.close();
    await connection.admin().createTable({ database: 'full', name: 'more', schema: SCHEMA });

    // A restart finds exactly the acknowledged rows.
    connection.close();
    server.kill('SIGKILL');
    await server.exited;
    ({ server, connection } = await start());
    expect(await readIds('full.events')).toEqual(acknowledged);
  });
});
