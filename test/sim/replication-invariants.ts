import { decodeRows } from '../../server/src/arrow/index.ts';
import { decodeBatchHeader } from '../../server/src/log/batch-format.ts';
import type { LogTablet } from '../../server/src/log/index.ts';
import { tableBucketKey, type BucketAssignment } from '../../server/src/table/table-bucket.ts';
import type { Replica } from '../../server/src/tablet/replica.ts';
import type { ReplicatedSimCluster } from './replicated-cluster.ts';
import type { ClientRecords } from './sim-clients.ts';

/**
 * What must hold of a replicated cluster whatever the faults (checked by the simulation):
 *  - at every instant: no replica's high watermark goes back (within one open log: a restart
 *    starts from its checkpoint), or past its log end; at most one server leads a bucket in a
 *    leader epoch, and it is the one the coordinator chose for that epoch; the coordinator's
 *    leader epochs never go back and its leader is in its ISR;
 *  - after every fault (reading the logs): two replicas holding a batch at the same offset and
 *    leader epoch hold the same batch, and the same batches before it (log matching); every member
 *    of a leader's ISR has that leader's log below its high watermark, byte for byte; the current
 *    leader holds every record acknowledged with acks=all and every record a consumer saw, at its
 *    offset;
 *  - at the end, everything healed: every replica of a bucket holds the same log, with every
 *    acknowledged and every seen record at its offset, and consumers read contiguous offsets.
 */
export class SimViolation extends Error {}

/** A batch as the invariants compare it (its CRC covers header and payload). */
interface BatchDigest {
  baseOffset: number;
  endOffset: number;
  leaderEpoch: number;
  crc: number;
}

const READ_BYTES = 1 << 20;

/** Every batch of the log, in order. */
export async function digestLog(log: LogTablet): Promise<BatchDigest[]> {
  const digests: BatchDigest[] = [];
  let offset = log.logStartOffset;
  const end = log.logEndOffset;
  while (offset < end) {
    const { batches } = await log.readRaw(offset, READ_BYTES);
    if (batches.length === 0) break;
    for (const raw of batches) {
      const decoded = decodeBatchHeader(raw);
      if (decoded.kind !== 'ok') throw new SimViolation(`unreadable batch at ${offset}: ${decoded.kind}`);
      const { baseOffset, recordCount, leaderEpoch, crc } = decoded.header;
      digests.push({ baseOffset, endOffset: baseOffset + recordCount, leaderEpoch, crc });
      offset = baseOffset + recordCount;
    }
  }
  return digests;
}

/** offset → id of every record in the log. */
async function recordIds(log: LogTablet): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { batches } = await log.read(offset, READ_BYTES);
    if (batches.length === 0) break;
    for (const batch of batches) {
      decodeRows(batch.payload).forEach((row, i) => ids.set(batch.baseOffset + i, Number(row['id'])));
      offset = batch.baseOffset + batch.recordCount;
    }
  }
  return ids;
}

const same = (a: BatchDigest, b: BatchDigest): boolean => a.baseOffset === b.baseOffset && a.endOffset === b.endOffset && a.crc === b.crc;

interface HostedReplica {
  server: number;
  replica: Replica;
}

export class ReplicationInvariants {
  readonly #cluster: ReplicatedSimCluster;
  readonly #lastHighWatermark = new WeakMap<LogTablet, number>();
  /** `<bucket>@<leader epoch>` → the one server leading it then. */
  readonly #leaders = new Map<string, number>();
  readonly #coordinatorEpochs = new Map<string, number>();

  constructor(cluster: ReplicatedSimCluster) {
    this.#cluster = cluster;
  }

  #leadsEpoch(key: string, epoch: number, server: number, who: string): void {
    const at = `${key}@${epoch}`;
    const known = this.#leaders.get(at);
    if (known === undefined) this.#leaders.set(at, server);
    else if (known !== server) throw new SimViolation(`two leaders of bucket ${key} in leader epoch ${epoch}: server ${known} and server ${server} (${who})`);
  }

  /**
   * The replicas running servers host, per bucket key. `settledOnly`: only of servers with no
   * fsync under way, whose log operations have all finished (reading a log mid-truncation, say,
   * would find what it is about to drop).
   */
  #hosted(settledOnly = false): Map<string, HostedReplica[]> {
    const byBucket = new Map<string, HostedReplica[]>();
    for (const server of this.#cluster.servers) {
      if (settledOnly && this.#cluster.syncing(server)) continue;
      for (const replica of this.#cluster.replicasNow(server)) {
        const key = tableBucketKey(replica);
        byBucket.set(key, [...(byBucket.get(key) ?? []), { server: server.id, replica }]);
      }
    }
    return byBucket;
  }

  /** The cheap checks, after every event. */
  async checkInstant(): Promise<void> {
    for (const bucket of Object.values(this.#cluster.catalog.state.buckets)) this.#checkCoordinatorBucket(bucket);
    for (const [key, hosted] of this.#hosted()) {
      for (const { server, replica } of hosted) {
        const { log } = replica;
        const hw = log.highWatermark;
        const before = this.#lastHighWatermark.get(log);
        if (before !== undefined && hw < before)
          throw new SimViolation(`high watermark of bucket ${key} on server ${server} went back from ${before} to ${hw}`);
        if (hw > log.logEndOffset) throw new SimViolation(`high watermark ${hw} of bucket ${key} on server ${server} is past its log end ${log.logEndOffset}`);
        this.#lastHighWatermark.set(log, hw);
        if (replica.role === 'leader') this.#leadsEpoch(key, replica.leaderEpoch, server, `as server ${server} sees itself`);
      }
    }
  }

  #checkCoordinatorBucket(bucket: BucketAssignment): void {
    const key = tableBucketKey(bucket);
    const before = this.#coordinatorEpochs.get(key) ?? 0;
    if (bucket.leaderEpoch < before)
      throw new SimViolation(`the coordinator's leader epoch of bucket ${key} went back from ${before} to ${bucket.leaderEpoch}`);
    this.#coordinatorEpochs.set(key, bucket.leaderEpoch);
    if (bucket.leader < 0) return;
    if (!bucket.isr.includes(bucket.leader))
      throw new SimViolation(`the coordinator's leader ${bucket.leader} of bucket ${key} is not in its ISR ${bucket.isr}`);
    this.#leadsEpoch(key, bucket.leaderEpoch, bucket.leader, 'as the coordinator chose');
  }

  /** The checks that read the logs, after every fault (of the servers whose logs are at rest). */
  async checkLogs(records: ClientRecords): Promise<void> {
    for (const [key, hosted] of this.#hosted(true)) {
      const digests = new Map<number, BatchDigest[]>();
      for (const { server, replica } of hosted) digests.set(server, await digestLog(replica.log));
      checkLogMatching(key, digests);
      for (const { server, replica } of hosted) {
        if (replica.role !== 'leader') continue;
        const hw = replica.log.highWatermark;
        for (const member of replica.isr) {
          const theirs = digests.get(member);
          if (member === server || theirs === undefined) continue;
          const end = theirs.at(-1)?.endOffset ?? 0;
          if (end < hw) throw new SimViolation(`bucket ${key}: server ${member} in leader ${server}'s ISR ends at ${end}, below its high watermark ${hw}`);
          checkPrefix(key, hw, { server, digests: digests.get(server)! }, { server: member, digests: theirs });
        }
      }
      await this.#checkCurrentLeader(key, hosted, records);
    }
  }

  /** The coordinator's leader, once it knows it leads: holds every acknowledged and seen record. */
  async #checkCurrentLeader(key: string, hosted: HostedReplica[], records: ClientRecords): Promise<void> {
    const bucket = this.#cluster.catalog.state.buckets[key];
    const leader = hosted.find((h) => h.server === bucket?.leader && h.replica.role === 'leader' && h.replica.leaderEpoch === bucket.leaderEpoch);
    if (bucket === undefined || leader === undefined) return;
    const ids = await recordIds(leader.replica.log);
    const where = `bucket ${key} on its leader ${leader.server} (epoch ${bucket.leaderEpoch}, log end ${leader.replica.log.logEndOffset})`;
    expectRecords(ids, records.acked[bucket.bucket]!, `acknowledged record`, where);
    expectRecords(ids, records.seen[bucket.bucket]!, `record a consumer saw`, where);
  }

  /** Each replica's leader epochs and newest batches, for a failure report. */
  async describeLogs(): Promise<string> {
    const lines: string[] = [];
    for (const [key, hosted] of this.#hosted(true)) {
      for (const { server, replica } of hosted) {
        const { log } = replica;
        const epochs = log.epochHistory.map((e) => `${e.epoch}@${e.startOffset}`).join(' ');
        const newest = (await digestLog(log).catch(() => []))
          .slice(-8)
          .map((d) => `[${d.baseOffset},${d.endOffset})e${d.leaderEpoch}#${d.crc.toString(16)}`)
          .join(' ');
        lines.push(
          `bucket ${key} on server ${server}: ${replica.role} at epoch ${replica.leaderEpoch}, isr [${replica.isr}], hw ${log.highWatermark}, end ${log.logEndOffset}; epochs ${epochs}; … ${newest}`,
        );
      }
    }
    return lines.join('\n    ');
  }

  /** Everything healed and caught up: one log per bucket, holding every acknowledged and seen record. */
  async checkFinal(records: ClientRecords): Promise<void> {
    if (records.gaps.length > 0) throw new SimViolation(`a consumer read non-contiguous offsets: ${records.gaps.join('; ')}`);
    if (this.#cluster.servers.some((server) => this.#cluster.syncing(server))) throw new Error('checkFinal while fsyncs are under way');
    for (const [key, hosted] of this.#hosted()) {
      const [first, ...rest] = hosted;
      if (first === undefined) continue;
      const expected = await digestLog(first.replica.log);
      for (const other of rest) {
        const digests = await digestLog(other.replica.log);
        const end = (d: BatchDigest[]) => d.at(-1)?.endOffset ?? 0;
        if (end(digests) !== end(expected))
          throw new SimViolation(`bucket ${key} ends at ${end(expected)} on server ${first.server}, ${end(digests)} on ${other.server}`);
        checkPrefix(key, end(expected), { server: first.server, digests: expected }, { server: other.server, digests });
      }
      const bucket = this.#cluster.catalog.state.buckets[key]!;
      const ids = await recordIds(first.replica.log);
      expectRecords(ids, records.acked[bucket.bucket]!, 'acknowledged record', `bucket ${key} at the end`);
      expectRecords(ids, records.seen[bucket.bucket]!, 'record a consumer saw', `bucket ${key} at the end`);
    }
  }
}

function expectRecords(ids: Map<number, number>, expected: Map<number, number>, what: string, where: string): void {
  for (const [offset, id] of expected) {
    const found = ids.get(offset);
    if (found !== id) throw new SimViolation(`${what} ${id} at offset ${offset} is ${found === undefined ? 'missing' : `replaced by ${found}`} in ${where}`);
  }
}

/** Both logs hold the same batches below `offset`. */
function checkPrefix(key: string, offset: number, a: { server: number; digests: BatchDigest[] }, b: { server: number; digests: BatchDigest[] }): void {
  const below = (digests: BatchDigest[]) => digests.filter((d) => d.baseOffset < offset);
  const [ours, theirs] = [below(a.digests), below(b.digests)];
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    const [x, y] = [ours[i], theirs[i]];
    if (x === undefined || y === undefined || !same(x, y)) {
      const at = x?.baseOffset ?? y?.baseOffset;
      throw new SimViolation(`bucket ${key}: servers ${a.server} and ${b.server} differ at offset ${at}, below ${offset}`);
    }
  }
}

/**
 * Log matching: where two replicas hold a batch at the same offset with the same leader epoch,
 * it is the same batch, and so is everything before it.
 */
function checkLogMatching(key: string, digests: Map<number, BatchDigest[]>): void {
  const servers = [...digests.keys()];
  for (const [i, a] of servers.entries()) {
    for (const b of servers.slice(i + 1)) {
      const theirs = new Map(digests.get(b)!.map((d) => [d.baseOffset, d]));
      let lastMatch = -1;
      for (const ours of digests.get(a)!) {
        const other = theirs.get(ours.baseOffset);
        if (other === undefined || other.leaderEpoch !== ours.leaderEpoch) continue;
        if (!same(ours, other))
          throw new SimViolation(
            `bucket ${key}: servers ${a} and ${b} hold different batches at offset ${ours.baseOffset}, both of leader epoch ${ours.leaderEpoch}`,
          );
        lastMatch = ours.endOffset;
      }
      if (lastMatch > 0) checkPrefix(key, lastMatch, { server: a, digests: digests.get(a)! }, { server: b, digests: digests.get(b)! });
    }
  }
}
