import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { spawnFluss, type FlussProcess, tabletServerArgs } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { tempDir } from '../support/temp-dir.ts';

// Real processes: a coordinator and a tablet server started with the CLI, `fluss upsert` and
// `fluss delete` feeding a primary-key table, the tablet server killed with SIGKILL mid-write and
// restarted. Its KV state comes back from the newest snapshot plus the changelog after it, and
// must equal every acknowledged write (each CLI run that exited 0), in order.

const KEYS = 400;
const ROUNDS = 12;
const ROWS_PER_ROUND = 600;
const KILL_AT = new Set([3, 8]);

/** Deterministic upserts over a small key space; every third round deletes a quarter of it instead. */
function roundInput(round: number): { op: 'upsert' | 'delete'; rows: Array<Record<string, unknown>> } {
  const deleting = round % 3 === 2;
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < (deleting ? KEYS / 4 : ROWS_PER_ROUND); i++) {
    const id = (round * 7919 + i * 104_729) % KEYS;
    rows.push(deleting ? { id } : { id, v: `r${round}-${i}`, n: round * ROWS_PER_ROUND + i });
  }
  return { op: deleting ? 'delete' : 'upsert', rows };
}

describe('kill -9 of a tablet server while a primary-key table is written', () => {
  const dir = tempDir('pk-crash');
  const processes: FlussProcess[] = [];
  let connection: FlussConnection | undefined;

  afterAll(async () => {
    connection?.close();
    for (const p of processes) p.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    dir.remove();
  });

  function start(args: string[], ready: RegExp): Promise<FlussProcess> {
    const child = spawnFluss(args);
    processes.push(child);
    return child.waitForOutput(ready).then(() => child);
  }

  it('recovers the acknowledged state from snapshot + changelog', async () => {
    const coordinatorPort = await freePort();
    const tabletPort = await freePort();
    const heartbeat = ['--config', 'tablet-server.heartbeat.interval=200ms'];
    await start(
      ['coordinator', '--host', '127.0.0.1', '--port', String(coordinatorPort), '--data-dir', join(dir.path, 'coordinator'), ...heartbeat],
      /coordinator ready at/,
    );
    const bootstrap = `127.0.0.1:${coordinatorPort}`;
    const tabletArgs = tabletServerArgs({
      id: 0,
      port: tabletPort,
      dataDir: join(dir.path, 'tablet-0'),
      coordinator: bootstrap,
      extra: [...heartbeat, '--config', 'kv.snapshot.interval=300ms'],
    });
    let tablet = await start(tabletArgs, /tablet server 0 ready at/);

    connection = await FlussConnection.connect({ bootstrap });
    await connection.admin().createTable(
      {
        database: 'crash',
        name: 'kv',
        schema: {
          columns: [
            { name: 'id', type: 'INT', nullable: false },
            { name: 'v', type: 'STRING' },
            { name: 'n', type: 'BIGINT' },
          ],
        },
        primaryKey: ['id'],
        buckets: 2,
      },
      { createDatabase: true },
    );

    const model = new Map<number, Record<string, unknown>>();
    for (let round = 0; round < ROUNDS; round++) {
      const { op, rows } = roundInput(round);
      const input = rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
      const writer = spawnFluss([op, 'crash.kv', '--bootstrap', bootstrap], { input });
      processes.push(writer);
      if (KILL_AT.has(round)) {
        await new Promise((r) => setTimeout(r, 300));
        tablet.kill('SIGKILL');
        expect(await tablet.exited).toBe('SIGKILL');
        tablet = await start(tabletArgs, /tablet server 0 ready at/);
      }
      expect(await writer.exited, writer.stderr()).toBe(0);
      // Acknowledged: the whole round, applied in order.
      for (const row of rows) {
        const id = row.id as number;
        if (op === 'delete') model.delete(id);
        else model.set(id, { id, v: row.v, n: BigInt(row.n as number) });
      }
      // Let a snapshot be taken between rounds, so recovery has one to start from.
      await new Promise((r) => setTimeout(r, 350));
    }
    const snapshots = readdirSync(join(dir.path, 'tablet-0', 'tables')).flatMap((table) =>
      readdirSync(join(dir.path, 'tablet-0', 'tables', table))
        .filter((name) => name.endsWith('-kv') && existsSync(join(dir.path, 'tablet-0', 'tables', table, name, 'snapshots')))
        .flatMap((name) => readdirSync(join(dir.path, 'tablet-0', 'tables', table, name, 'snapshots'))),
    );
    expect(snapshots.some((name) => name.endsWith('.kvs'))).toBe(true);

    // One more crash with nothing in flight: the state is rebuilt once more and must not move.
    tablet.kill('SIGKILL');
    await tablet.exited;
    tablet = await start(tabletArgs, /tablet server 0 ready at/);

    expect(model.size).toBeGreaterThan(KEYS / 2);
    expect(model.size).toBeLessThan(KEYS);
    const table = await connection.getTable('crash.kv');
    const keys = Array.from({ length: KEYS }, (_, id) => ({ id }));
    const found = await table.newLookuper({ retries: 50 }).lookupAll(keys);
    const expected = keys.map(({ id }) => model.get(id));
    expect(found).toEqual(expected);

    // The CLI agrees: a present key prints its row, a deleted one exits 1 with "not found".
    const present = [...model.keys()][0]!;
    const absent = keys.find(({ id }) => !model.has(id))!.id;
    const shown = spawnFluss(['lookup', 'crash.kv', '--key', JSON.stringify({ id: present }), '--bootstrap', bootstrap]);
    expect(await shown.exited, shown.stderr()).toBe(0);
    expect(JSON.parse(shown.stdout())).toEqual({ ...model.get(present), n: Number(model.get(present)!.n) });
    const missing = spawnFluss(['lookup', 'crash.kv', '--key', JSON.stringify({ id: absent }), '--bootstrap', bootstrap]);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain('not found');

    // The changelog, as `fluss consume` prints it, folds into the same table.
    const consumed = spawnFluss(['consume', 'crash.kv', '--bootstrap', bootstrap]);
    expect(await consumed.exited, consumed.stderr()).toBe(0);
    const folded = new Map<number, unknown>();
    for (const line of consumed.stdout().trim().split('\n')) {
      const { _change_type: type, ...row } = JSON.parse(line) as Record<string, unknown>;
      expect(['+I', '-U', '+U', '-D']).toContain(type);
      if (type === '-D') folded.delete(row.id as number);
      else if (type !== '-U') folded.set(row.id as number, { ...row, n: BigInt(row.n as number) });
    }
    expect(new Map([...folded].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...model].sort((a, b) => a[0] - b[0])));
  }, 240_000);
});
