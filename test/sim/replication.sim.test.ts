import { describe, it } from 'vitest';
import { seededRandom } from '../../server/src/common/seeded-random.ts';
import { tableBucketKey, type BucketAssignment } from '../../server/src/table/table-bucket.ts';
import { COORDINATOR, ReplicatedSimCluster, type SimServer } from './replicated-cluster.ts';
import { installSimDisk } from './sim-disk.ts';
import { ReplicationInvariants, SimViolation } from './replication-invariants.ts';
import { CLIENT, SimClients } from './sim-clients.ts';
import { NO_FAULTS } from './sim-network.ts';

/**
 * Seeded fault schedules against the real replication code (replicated-cluster.ts: coordinator
 * and three tablet servers in one process, on one simulated clock, over a simulated network). A
 * table of RF 3 and min ISR 2 takes writes (mostly acks=all) and tailing reads while the schedule
 * crashes servers (kill -9, or with fsync on a power loss that keeps only what was fsynced),
 * stops them with a controlled shutdown (SIGTERM), restarts them, moves leaderships back to
 * preferred replicas (every 5 s), cuts them off (from everyone, or one link), restarts the coordinator, and makes
 * the network drop, delay and reorder messages. With four servers for three replicas, it also
 * rebalances: drains a server (tag PERMANENT_OFFLINE, Rebalance), spreads the buckets again, or
 * cancels the running rebalance, so bucket moves run into every fault above. One failure at a time: a crashed or cut-off server
 * is back before the next one fails. The invariants (replication-invariants.ts) are checked after
 * every event and every fault; at the end everything heals, any rebalance finishes, writes must
 * get through again for a while, and every replica must hold the same log, with every acknowledged
 * and every seen record.
 *
 *   SIM_SEEDS=5000 npx vitest run test/sim/replication.sim.test.ts   more seeds (default 50)
 *   SIM_SEED=123 npx vitest run test/sim/replication.sim.test.ts     one seed, as a failure printed it
 *   SIM_STEPS=40                                                     faults per seed (default 12)
 */

const SEED = process.env['SIM_SEED'];
const SEEDS = Number(process.env['SIM_SEEDS'] ?? 50);
const STEPS = Number(process.env['SIM_STEPS'] ?? 12);
const SERVERS = 4;
const REPLICATION_FACTOR = 3;
const BUCKETS = 2;
/** Healing must bring every bucket back to a full, caught-up ISR within this (simulated). */
const HEAL_WITHIN_MS = 120_000;

type Failure = { kind: 'crashed'; server: SimServer } | { kind: 'cut'; server: SimServer };

async function runSeed(seed: number): Promise<void> {
  // fsync on for odd seeds: those also lose power, with everything not fsynced gone.
  const fsync = seed % 2 === 1;
  const schedule = seededRandom(seed);
  const cluster = await ReplicatedSimCluster.start({ servers: SERVERS, random: seededRandom(seed ^ 0x5eed), fsync });
  const start = cluster.clock.now();
  const trace: string[] = [`seed ${seed}, log.flush.fsync=${fsync}`];
  const note = (what: string) => trace.push(`${cluster.clock.now() - start} ms: ${what}`);
  const invariants = new ReplicationInvariants(cluster);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(schedule() * items.length)]!;
  try {
    cluster.clock.afterEvent = () => invariants.checkInstant();
    const clients = new SimClients(cluster, BUCKETS, seededRandom(seed ^ 0xc11e));
    await runUntil(cluster, clients.start(REPLICATION_FACTOR, 2));
    let failure: Failure | undefined;
    for (let step = 0; step < STEPS; step++) {
      await cluster.clock.run(200 + Math.floor(schedule() * 2_300));
      failure = await injectFault(cluster, failure, schedule, pick, note);
      await invariants.checkLogs(clients.records);
    }
    await cluster.clock.run(1_000);

    // Heal: writes stop, the network is whole again, every server runs; then wait for the ISR.
    while (!clients.stopWriting()) await cluster.clock.run(100);
    cluster.network.faults = NO_FAULTS;
    cluster.network.healAll();
    for (const server of cluster.servers) if (server.running === undefined) await cluster.startServer(server);
    note('healed');
    if (!(await rebalanceFinishes(cluster))) throw new SimViolation(`rebalance still ${cluster.catalog.rebalance?.state} ${HEAL_WITHIN_MS} ms after healing`);
    let healed = await waitUntilCaughtUp(cluster);
    await invariants.checkLogs(clients.records);
    if (!healed) throw new SimViolation(`not caught up ${HEAL_WITHIN_MS} ms after healing: ${describeBuckets(cluster)}`);
    // On the healed cluster writes get through again: some more, then everything catches up once more.
    const ackedBeforeHeal = ackedCount(clients);
    clients.resumeWriting();
    await cluster.clock.run(2_000);
    while (!clients.stopWriting()) await cluster.clock.run(100);
    if (ackedCount(clients) === ackedBeforeHeal) throw new SimViolation('no write was acknowledged in the 2 s after healing');
    healed = await waitUntilCaughtUp(cluster);
    if (!healed) throw new SimViolation(`not caught up ${HEAL_WITHIN_MS} ms after the writes that followed healing: ${describeBuckets(cluster)}`);
    await cluster.clock.run(1_000); // the consumers read up to the end
    while (cluster.servers.some((server) => cluster.syncing(server))) await cluster.clock.run(10);
    await invariants.checkFinal(clients.records);
    const acked = ackedCount(clients);
    if (process.env['SIM_VERBOSE'] !== undefined) {
      const seen = clients.records.seen.reduce((sum, m) => sum + m.size, 0);
      console.log(
        `${trace.join('\n  ')}\n  ${acked} acks=all records acknowledged, ${clients.records.ackedOne} acks=1, ${seen} seen; ${cluster.clock.fired} events; ${describeBuckets(cluster)}`,
      );
    }
  } catch (error) {
    if (error instanceof Error) {
      const logs = await invariants.describeLogs().catch((e: unknown) => String(e));
      error.message = `${error.message}\n  reproduce: SIM_SEED=${seed} npx vitest run test/sim/replication.sim.test.ts\n  schedule:\n    ${trace.join('\n    ')}\n  logs:\n    ${logs}`;
    }
    throw error;
  } finally {
    cluster.clock.afterEvent = () => undefined;
    await cluster.close();
  }
}

function ackedCount(clients: SimClients): number {
  return clients.records.acked.reduce((sum, m) => sum + m.size, 0);
}

/** Moves simulated time until `work` is done; its result. */
async function runUntil<T>(cluster: ReplicatedSimCluster, work: Promise<T>): Promise<T> {
  let done = false;
  void work.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) await cluster.clock.run(50);
  return work;
}

/** One step of the schedule: heal the current failure or add one, or trouble the network or the coordinator. */
async function injectFault(
  cluster: ReplicatedSimCluster,
  failure: Failure | undefined,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  note: (what: string) => void,
): Promise<Failure | undefined> {
  const roll = random();
  if (roll < 0.15) {
    const dropRate = pick([0, 0, 0.02, 0.1, 0.3]);
    const maxDelayMs = pick([1, 5, 20, 100]);
    const slowRate = pick([0, 0.01, 0.05]);
    cluster.network.faults = { dropRate, maxDelayMs, slowRate, slowDelayMs: 3_000 };
    note(`network: drop ${dropRate}, delay ≤ ${maxDelayMs} ms, ${slowRate} of messages up to 3 s`);
    return failure;
  }
  if (roll < 0.22) {
    await cluster.restartCoordinator();
    note('coordinator restarted');
    return failure;
  }
  if (roll < 0.42) {
    note(await rebalanceStep(cluster, random, pick));
    return failure;
  }
  if (failure !== undefined) {
    if (failure.kind === 'crashed') {
      await cluster.startServer(failure.server);
      note(`server ${failure.server.id} restarted`);
    } else {
      cluster.network.healAll();
      note('partition healed');
    }
    return undefined;
  }
  const server = pick(cluster.servers);
  const kind = random();
  if (kind < 0.45) {
    if (random() < 0.3) {
      // SIGTERM: a controlled shutdown moves its leaderships first, then the process ends.
      const outcome = await cluster.stopGracefully(server);
      note(`server ${server.id} stopped by SIGTERM (controlled shutdown ${outcome?.result}, ${outcome?.moved} moved, ${outcome?.remaining} left)`);
      return { kind: 'crashed', server };
    }
    const powerLoss = cluster.config.fsync && random() < 0.5;
    // A power loss strikes while the server has written something it has not fsynced yet.
    for (let waited = 0; powerLoss && waited < 2_000 && !cluster.syncing(server); waited++) await cluster.clock.run(1);
    await cluster.crash(server, { powerLoss });
    note(`server ${server.id} ${powerLoss ? 'lost power' : 'killed (kill -9)'}`);
    return { kind: 'crashed', server };
  }
  if (kind < 0.75) {
    for (const other of [COORDINATOR, CLIENT, ...cluster.servers.map((s) => s.node)]) if (other !== server.node) cluster.network.cut(server.node, other);
    note(`server ${server.id} cut off from everyone`);
    return { kind: 'cut', server };
  }
  const other = pick([COORDINATOR, CLIENT, ...cluster.servers.filter((s) => s !== server).map((s) => s.node)]);
  cluster.network.cut(server.node, other);
  note(`link ${server.node} – ${other} cut`);
  return { kind: 'cut', server };
}

/**
 * A rebalance action from the schedule: drain one server (untagging the others), spread over all
 * servers again, or cancel the running rebalance. Returns what it did; a refusal (one is running,
 * the coordinator is unreachable) is part of the schedule too.
 */
async function rebalanceStep(cluster: ReplicatedSimCluster, random: () => number, pick: <T>(items: readonly T[]) => T): Promise<string> {
  const call = (method: 'AddServerTag' | 'RemoveServerTag' | 'Rebalance' | 'CancelRebalance', request: unknown) =>
    cluster.callCoordinator<{ rebalance?: { moves: unknown[] } }>(CLIENT, method, request);
  const ids = cluster.servers.map((s) => s.id);
  const rebalance = { goals: [], dryRun: false, maxConcurrentMoves: 0, throttleBytesPerSec: 0 };
  const action = random();
  try {
    const done = (async () => {
      if (action < 0.15) {
        await call('CancelRebalance', { rebalanceId: '' });
        return 'rebalance cancelled';
      }
      await call('RemoveServerTag', { serverIds: ids, tag: 'PERMANENT_OFFLINE' });
      if (action < 0.45) {
        const answer = await call('Rebalance', rebalance);
        return `rebalance to spread: ${answer.rebalance?.moves.length} moves`;
      }
      const drained = pick(ids);
      await call('AddServerTag', { serverIds: [drained], tag: 'PERMANENT_OFFLINE' });
      const answer = await call('Rebalance', rebalance);
      return `rebalance to drain server ${drained}: ${answer.rebalance?.moves.length} moves`;
    })();
    return await runUntil(cluster, done);
  } catch (error) {
    return `rebalance action refused: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** After healing: the running rebalance, if any, finishes. */
async function rebalanceFinishes(cluster: ReplicatedSimCluster): Promise<boolean> {
  for (let waited = 0; waited < HEAL_WITHIN_MS; waited += 500) {
    const state = cluster.catalog.rebalance?.state;
    if (state !== 'IN_PROGRESS' && state !== 'CANCELING') return true;
    await cluster.clock.run(500);
  }
  return false;
}

/** Runs until every bucket has a leader, a full ISR and every replica at the leader's log end. */
async function waitUntilCaughtUp(cluster: ReplicatedSimCluster): Promise<boolean> {
  for (let waited = 0; waited < HEAL_WITHIN_MS; waited += 500) {
    await cluster.clock.run(500);
    if (caughtUp(cluster)) return true;
  }
  return false;
}

function caughtUp(cluster: ReplicatedSimCluster): boolean {
  const replicaOn = (id: number, bucket: BucketAssignment) => {
    const server = cluster.servers[id];
    return server === undefined ? undefined : cluster.replicasNow(server).find((r) => tableBucketKey(r) === tableBucketKey(bucket));
  };
  for (const bucket of Object.values(cluster.catalog.state.buckets)) {
    if (bucket.leader < 0 || bucket.isr.length !== bucket.replicas.length) return false;
    const leader = replicaOn(bucket.leader, bucket);
    if (leader?.role !== 'leader' || leader.leaderEpoch !== bucket.leaderEpoch || leader.log.highWatermark !== leader.log.logEndOffset) return false;
    if (bucket.replicas.some((id) => replicaOn(id, bucket)?.log.logEndOffset !== leader.log.logEndOffset)) return false;
  }
  return true;
}

function describeBuckets(cluster: ReplicatedSimCluster): string {
  return Object.values(cluster.catalog.state.buckets)
    .map((b) => `bucket ${b.bucket}: leader ${b.leader} epoch ${b.leaderEpoch} isr [${b.isr}]`)
    .join('; ');
}

describe('replication under seeded faults (simulation)', () => {
  const seeds = SEED !== undefined ? [Number(SEED)] : Array.from({ length: SEEDS }, (_, i) => i + 1);
  for (const seed of seeds) {
    it(`seed ${seed}: nothing acknowledged or seen is lost, ISR logs agree, high watermarks never go back, one leader per epoch`, async () => {
      await installSimDisk();
      await runSeed(seed);
    });
  }
});
