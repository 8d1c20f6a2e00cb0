import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { asConfigArgs, FAST_TIERING, localSegments, remoteKvSnapshots, remoteLogOf } from '../support/remote-log.ts';
import { startReplicatedCluster } from '../support/replicated-cluster.ts';
import { expectChangelogFoldsInto, expectedRows, MODEL_SCHEMA, modelKeys, startUpsertModelWriter } from '../support/upsert-model-writer.ts';

// A follower of a replicated primary-key bucket loses its disk, under an acks=all writer that
// never stops: a coordinator and three tablet servers as separate processes, remote storage in a
// local directory, small segments tiered every 200 ms (so the leader soon keeps only its newest
// segments and cannot send the follower the whole changelog), KV snapshots every 300 ms. The
// follower is killed (SIGKILL), its whole data dir deleted, and it is restarted with the same id:
// it must come back into the ISR with every key (from the remote KV snapshot and changelog, then
// from the leader), serve lookups of every key's last acknowledged write once leadership moves to
// it, and lose no acknowledged write: the changelog read from the start folds into the same state.

const KEYS = 200;
const TABLE = 'kv.lost';

describe('a primary-key follower that lost its disk, three replicas', () => {
  const fixture = processFixture('pk-lost-disk');
  const remoteDir = join(fixture.dir.path, 'remote');

  it('rejoins the ISR with every key, leads with every acknowledged write, and nothing acknowledged is lost', async () => {
    const settings = [...FAST_TIERING, `remote.data.dir=${remoteDir}`, 'kv.snapshot.interval=300ms', 'replica.max-lag-ms=3000'];
    const cluster = await startReplicatedCluster(fixture, { config: asConfigArgs(settings) });
    const { connection, admin } = cluster;
    await admin.createTable(
      {
        database: 'kv',
        name: 'lost',
        schema: MODEL_SCHEMA,
        primaryKey: ['id'],
        buckets: 1,
        properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' },
      },
      { createDatabase: true },
    );
    const table = await connection.getTable(TABLE);
    // The preferred replica leads a new table; the next one in the replica order loses its disk,
    // so a controlled shutdown of the leader later hands the leadership to it.
    const placed = await eventually(
      'the preferred replica leading, with a full ISR',
      async () => {
        const location = await cluster.location(TABLE);
        return location.leader === location.replicas[0] && location.isr.length === 3 ? location : undefined;
      },
      30_000,
      100,
    );
    const [leader, follower] = [placed.replicas[0]!, placed.replicas[1]!];
    const writer = startUpsertModelWriter(table, { keys: KEYS, batch: 20, padding: 60 });
    await writer.ackedPast(1_000, 'first writes');
    await eventually(
      'the leader shedding tiered segments, and a remote KV snapshot',
      async () =>
        ((await remoteLogOf(cluster, TABLE))?.endOffset ?? 0) > 0 &&
        localSegments(cluster, leader, placed.tableId)[0]! > 0 &&
        (await remoteKvSnapshots(remoteDir)).length > 0,
      60_000,
      100,
    );

    // The disk lost under writes: the server comes back with no data at all, same id.
    await cluster.kill(follower);
    rmSync(cluster.dataDir(follower), { recursive: true, force: true });
    await writer.ackedPast(writer.acknowledged + 200, 'writes while the follower is down');
    await cluster.start(follower);
    await writer.ackedPast(writer.acknowledged + 400, 'writes while the follower comes back');
    await eventually(
      'the follower back in the ISR',
      async () => {
        const location = await cluster.location(TABLE);
        return location.isr.includes(follower) && location.isr.length === 3;
      },
      90_000,
      200,
    );
    // Its log starts where the remote KV snapshot it restored is, not at 0: what the leader had shed
    // came back from remote storage, not from the leader.
    expect(localSegments(cluster, follower, placed.tableId)[0]).toBeGreaterThan(0);

    // Leadership moves to it (a controlled shutdown of the leader): it serves every key's last
    // acknowledged write at once.
    const resume = await writer.pause();
    await cluster.terminate(leader);
    await eventually('the restored follower leading', async () => (await cluster.location(TABLE)).leader === follower, 30_000, 100);
    const lookuper = table.newLookuper({ retries: 2_000, retryBackoffMs: 20, retryBackoffMaxMs: 100 });
    expect(await lookuper.lookupAll(modelKeys(KEYS))).toEqual(expectedRows(writer.model, KEYS));
    resume();

    // Writes go on under it, the old leader rejoins; nothing acknowledged was lost.
    await writer.ackedPast(writer.acknowledged + 400, 'writes to the restored leader');
    await cluster.start(leader);
    await eventually('the ISR back to three', async () => (await cluster.location(TABLE)).isr.length === 3, 60_000, 200);
    await writer.stop();
    const final = expectedRows(writer.model, KEYS);
    expect(await lookuper.lookupAll(modelKeys(KEYS))).toEqual(final);
    expect(writer.model.size).toBeGreaterThan(KEYS / 2);
    await expectChangelogFoldsInto(table, final);
  }, 300_000);
});
