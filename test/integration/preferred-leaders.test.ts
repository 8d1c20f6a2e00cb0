import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { processFixture } from '../support/process-fixture.ts';
import { runFluss } from '../support/processes.ts';
import { startReplicatedCluster, type ReplicatedCluster } from '../support/replicated-cluster.ts';
import { exactlyOnceProblems, readWholeLog, startContinuousWriter } from '../support/continuous-writer.ts';

// A coordinator and three tablet servers as separate processes; one bucket with three replicas,
// written with acks=all throughout. Its leader (the preferred replica, the first of its replicas)
// is killed: another replica leads. Once the killed server is back and in sync, leadership goes
// back to it: at once by `fluss cluster elect-leaders`, or by the coordinator's periodic check.

const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};
const TABLE = 'prefer.events';
const FAST_SESSIONS = ['--config', 'tablet-server.heartbeat.interval=200ms', '--config', 'tablet-server.session.timeout=2s'];

/**
 * Kills the bucket's preferred leader and restarts it; resolves once it is back in the ISR, with the
 * leader epoch the failover gave another replica.
 */
async function failOverAndRestart(cluster: ReplicatedCluster): Promise<{ preferred: number; epochWhileAway: number }> {
  const location = () => cluster.location(TABLE);
  const { replicas, leader } = await location();
  const preferred = replicas[0]!;
  expect(leader).toBe(preferred);
  await cluster.kill(preferred);
  await eventually('another replica leads', async () => ![-1, preferred].includes((await location()).leader), 30_000, 100);
  const epochWhileAway = (await location()).leaderEpoch;
  await cluster.start(preferred);
  await eventually('the restarted server back in the ISR', async () => (await location()).isr.length === 3, 60_000, 100);
  return { preferred, epochWhileAway };
}

async function createTable(cluster: ReplicatedCluster): Promise<void> {
  await cluster.admin.createTable(
    { database: 'prefer', name: 'events', schema: SCHEMA, buckets: 1, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
    { createDatabase: true },
  );
}

describe('preferred leaders: fluss cluster elect-leaders', () => {
  const fixture = processFixture('preferred-leaders-cli');

  it('after its leader was killed and restarted, elect-leaders brings leadership back to it; the writer loses nothing', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: [...FAST_SESSIONS, '--config', 'auto.leader.rebalance.enable=false'] });
    await createTable(cluster);
    const table = await cluster.connection.getTable(TABLE);
    const writer = startContinuousWriter(table);
    await writer.ackedPast(200, 'first writes');
    const { preferred, epochWhileAway } = await failOverAndRestart(cluster);
    // Without the periodic check, leadership stays where the failover put it.
    const away = await cluster.location(TABLE);
    expect(away.leader).not.toBe(preferred);
    expect(away.leaderEpoch).toBe(epochWhileAway);

    const elected = await runFluss(['cluster', 'elect-leaders', '--table', TABLE, '--bootstrap', cluster.bootstrap]);
    expect(elected.stderr).toBe('');
    expect(elected.stdout.trim()).toBe('Moved 1 leadership to preferred replicas.');
    expect(await cluster.location(TABLE)).toMatchObject({ leader: preferred, leaderEpoch: epochWhileAway + 1, isr: expect.arrayContaining([0, 1, 2]) });
    // Nothing left to move.
    const again = await runFluss(['cluster', 'elect-leaders', '--json', '--bootstrap', cluster.bootstrap]);
    expect(JSON.parse(again.stdout)).toEqual({ moved: 0, waiting: 0 });
    const unknown = await runFluss(['cluster', 'elect-leaders', '--table', 'prefer.nope', '--bootstrap', cluster.bootstrap]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('prefer.nope');

    await writer.ackedPast(writer.acknowledged + 200, 'writes on the preferred leader again');
    const total = await writer.stop();
    expect(writer.writer.counters.batchesFailed).toBe(0);
    expect(exactlyOnceProblems(await readWholeLog(table, total), total)).toEqual([]);
  }, 240_000);
});

describe('preferred leaders: the periodic check', () => {
  const fixture = processFixture('preferred-leaders-auto');

  it('moves leadership back to the restarted preferred replica by itself, every leader.imbalance.check.interval', async () => {
    const cluster = await startReplicatedCluster(fixture, { config: [...FAST_SESSIONS, '--config', 'leader.imbalance.check.interval=1s'] });
    await createTable(cluster);
    const { preferred, epochWhileAway } = await failOverAndRestart(cluster);
    await eventually('leadership back on the preferred replica', async () => (await cluster.location(TABLE)).leader === preferred, 30_000, 100);
    expect((await cluster.location(TABLE)).leaderEpoch).toBeGreaterThan(epochWhileAway);
  }, 240_000);
});
