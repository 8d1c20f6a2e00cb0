import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection } from '../../server/src/client/index.ts';
import { startLocalCluster, type LocalCluster } from '../../server/src/local/index.ts';
import { runDeltaJoin, writeSampleChanges, type JoinedChange } from '../../examples/delta-join/delta-join.ts';
import { tempDir } from '../support/temp-dir.ts';

// The delta-join example against a local cluster: the joined stream it emits from the two
// changelogs, with lookups instead of join state.

describe('delta join example', () => {
  const dir = tempDir('delta-join');
  let cluster: LocalCluster;
  let connection: FlussConnection;

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: dir.path, host: '127.0.0.1', port: 0, tabletServers: 1 });
    connection = await FlussConnection.connect({ bootstrap: cluster.bootstrap });
  });

  afterAll(async () => {
    connection?.close();
    await cluster?.stop();
    dir.remove();
  });

  it('joins each side’s changes against the other side’s current rows', async () => {
    await writeSampleChanges(connection);
    const joined: JoinedChange[] = [];
    const deadline = Date.now() + 20_000;
    // Orders: +I 1, +I 2, -D 1 (customer known) → 3; customers: +I Ann, -U Ann, +U Ann Lee → 3 × order 2.
    await runDeltaJoin(
      connection,
      (change) => joined.push(change),
      () => joined.length >= 6 || Date.now() > deadline,
    );
    const lines = joined.map(({ changeType, row }) => `${changeType} order ${String(row['order_id'])} ${String(row['name'])}`);
    // Order changes take the customer as it is now; customer changes take their own image and
    // the orders as they are now (order 1 is already deleted).
    expect(lines.filter((l) => l.includes('order 1'))).toEqual(['+I order 1 Ann Lee', '-D order 1 Ann Lee']);
    expect(lines.filter((l) => l.includes('order 2')).sort()).toEqual(['+I order 2 Ann', '+I order 2 Ann Lee', '+U order 2 Ann Lee', '-U order 2 Ann'].sort());
    expect(lines).toHaveLength(6);
  });
});
