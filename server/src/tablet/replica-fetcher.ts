import type { Logger } from 'pino';
import type { Timers } from '../common/timers.ts';
import { isLogError } from '../log/index.ts';
import { fromBucketError } from '../rpc/errors.ts';
import type { ReplicaFetchedBucket__Output } from '../rpc/generated/fluss/v1/ReplicaFetchedBucket.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import { tableBucketText } from '../table/table-bucket.ts';
import type { Replica } from './replica.ts';
import type { ReplicaManager } from './replica-manager.ts';
import type { ReplicaTransport } from './replica-transport.ts';
import { ByteRateThrottle } from '../replica/byte-rate-throttle.ts';

/**
 * A fetch loop's lane: replicas a rebalance is adding here fetch in their own loop, paced by the
 * replication throttle, so their catching up never slows the followers in the ISR.
 */
type Lane = 'in-sync' | 'catching-up';

export interface ReplicaFetcherOptions {
  serverId: number;
  replicas: ReplicaManager;
  transport: ReplicaTransport;
  timers: Timers;
  logger: Logger;
  /** How long a fetch waits at the leader for new data. */
  waitMs: number;
  maxBytes: number;
  fsync: boolean;
  /**
   * With remote storage: copies what the committed remote log holds from a follower's log end on
   * (RemoteLogManager.catchUpFollower); undefined when it does not hold that offset.
   */
  catchUpFromRemote?: ((replica: Replica) => Promise<{ fromOffset: number; toOffset: number } | undefined>) | undefined;
}

/** Pause after a failed fetch before trying that leader again. */
const RETRY_BACKOFF_MS = 200;
/** Beyond the long poll, how long a fetch may take before it counts as failed. */
const FETCH_TIMEOUT_SLACK_MS = 10_000;

/**
 * A follower's side of replication: one fetch loop per leader this server follows, each fetching
 * all of that leader's buckets held here as followers. A fetch at the follower's log end brings
 * the leader's batches, appended unchanged, and the leader's high watermark; when the leader says
 * the follower's log diverges (a batch written under a leader that lost its term), the follower
 * truncates to where both logs agree and fetches again. Loops start when an assignment makes this
 * server follow a leader, and end when it follows that leader in no bucket.
 */
export class ReplicaFetcher {
  readonly #options: ReplicaFetcherOptions;
  /** By `<leader>/<lane>`. */
  readonly #loops = new Map<string, Promise<void>>();
  /** What this server may fetch for the replicas it is adding (the coordinator's throttle while a rebalance runs). */
  readonly throttle: ByteRateThrottle;
  /** Primary-key followers reported as unable to catch up (see #apply): logged once each. */
  readonly #stranded = new WeakSet<Replica>();
  #servers = new Map<number, ServerNode__Output>();
  #stopped = false;

  constructor(options: ReplicaFetcherOptions) {
    this.#options = options;
    this.throttle = new ByteRateThrottle(options.timers);
  }

  /**
   * After each assignment: where the servers are (unchanged when not given: after a pushed bucket
   * state), and a loop for every leader followed here.
   */
  async update(servers?: readonly ServerNode__Output[]): Promise<void> {
    if (servers !== undefined) this.#servers = new Map(servers.map((server) => [server.id, server]));
    for (const replica of await this.#followers()) {
      const lane = this.#laneOf(replica);
      if (!this.#loops.has(`${replica.leader}/${lane}`)) this.#start(replica.leader, lane);
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  #laneOf(replica: Replica): Lane {
    return replica.addingReplicas.includes(this.#options.serverId) ? 'catching-up' : 'in-sync';
  }

  async #followers(leader?: number, lane?: Lane): Promise<Replica[]> {
    const all = await this.#options.replicas.all();
    return all.filter(
      (r) =>
        r.role === 'follower' &&
        r.leader >= 0 &&
        r.log.replicated &&
        (leader === undefined || r.leader === leader) &&
        (lane === undefined || this.#laneOf(r) === lane),
    );
  }

  #start(leaderId: number, lane: Lane): void {
    const key = `${leaderId}/${lane}`;
    const loop = this.#run(leaderId, lane).finally(() => this.#loops.delete(key));
    this.#loops.set(key, loop);
  }

  async #run(leaderId: number, lane: Lane): Promise<void> {
    const { serverId, transport, timers, logger, waitMs } = this.#options;
    while (!this.#stopped) {
      const followers = await this.#followers(leaderId, lane);
      const throttled = lane === 'catching-up' && this.throttle.bytesPerSec > 0;
      // A throttled fetch asks for no more than a second's worth, so pacing stays smooth.
      const maxBytes = throttled ? Math.max(1, Math.min(this.#options.maxBytes, this.throttle.bytesPerSec)) : this.#options.maxBytes;
      const leader = this.#servers.get(leaderId);
      if (followers.length === 0) return;
      if (leader === undefined) {
        await timers.sleep(RETRY_BACKOFF_MS);
        continue;
      }
      const sent = followers.map((r) => ({ replica: r, fetchOffset: r.log.logEndOffset, leaderEpoch: r.leaderEpoch }));
      const request = {
        replicaId: serverId,
        buckets: sent.map(({ replica, fetchOffset, leaderEpoch }) => ({
          tableId: replica.tableId,
          partitionId: replica.partitionId,
          bucket: replica.bucket,
          fetchOffset,
          lastFetchedEpoch: replica.log.latestEpoch ?? -1,
          currentLeaderEpoch: leaderEpoch,
          bucketEpoch: replica.bucketEpoch,
        })),
        maxBytes,
        maxWaitMs: waitMs,
      };
      let failed = false;
      try {
        const response = await transport.fetchLog(leader, request, waitMs + FETCH_TIMEOUT_SLACK_MS);
        for (const [i, fetched] of response.buckets.entries()) {
          const s = sent[i];
          if (s === undefined) continue;
          failed = !(await this.#apply(s.replica, s.fetchOffset, s.leaderEpoch, fetched)) || failed;
        }
        if (throttled) await this.throttle.paceAfter(response.buckets.reduce((sum, b) => sum + b.records.byteLength, 0));
      } catch (error) {
        failed = true;
        logger.debug({ err: error, leader: leaderId }, 'replica fetch failed');
      }
      if (failed) await timers.sleep(RETRY_BACKOFF_MS);
    }
  }

  /**
   * A primary-key follower whose log ends below its leader's log start: its KV state needs the
   * changelog in between, which only the remote log can still have (no snapshot transfer between
   * replicas). Copied from there, the follower fetches on from the remote end; else it stays
   * behind, out of the ISR, and says so once (until a copy succeeds). True when it progressed.
   */
  async #catchUpKeyed(replica: Replica, where: string, leaderStart: number): Promise<boolean> {
    const from = replica.log.logEndOffset;
    let failure: unknown;
    try {
      const copied = await this.#options.catchUpFromRemote?.(replica);
      if (copied !== undefined) {
        this.#stranded.delete(replica);
        this.#options.logger.info(
          { bucket: where, ...copied, leaderLogStart: leaderStart },
          'follower behind the leader log start: copied from the remote log',
        );
        return true;
      }
    } catch (error) {
      if (isLogError(error, 'CLOSED')) return false;
      failure = error;
    }
    if (this.#stranded.has(replica)) return false;
    this.#stranded.add(replica);
    this.#options.logger.error(
      { bucket: where, from, leaderLogStart: leaderStart, err: failure },
      failure === undefined
        ? 'primary-key follower behind the leader log start, and the remote log does not hold the changelog in between: its KV state cannot be rebuilt; it stays out of the ISR (docs/replication.md)'
        : 'primary-key follower behind the leader log start: copying the changelog in between from the remote log failed; retrying (docs/replication.md)',
    );
    return false;
  }

  /** Applies one bucket of a fetch answer; false when the bucket could not progress (back off). */
  async #apply(replica: Replica, fetchOffset: number, leaderEpoch: number, fetched: ReplicaFetchedBucket__Output): Promise<boolean> {
    // The answer is for a state this replica has left (new leader or epoch, or a write since).
    if (replica.role !== 'follower' || replica.leaderEpoch !== leaderEpoch || replica.log.logEndOffset !== fetchOffset) return true;
    const log = replica.log;
    const where = tableBucketText(replica, replica.table);
    try {
      if (fetched.errorCode !== 0) {
        const error = fromBucketError(fetched);
        // The leader no longer has what this follower lacks (retention): start over at its log start.
        // Not a primary-key replica: its KV state needs the changelog in between (#catchUpKeyed).
        if (error.code === 'OFFSET_OUT_OF_RANGE' && fetched.logStartOffset > log.logEndOffset && replica.kv !== undefined) {
          return this.#catchUpKeyed(replica, where, fetched.logStartOffset);
        }
        if (error.code === 'OFFSET_OUT_OF_RANGE' && fetched.logStartOffset > log.logEndOffset) {
          this.#options.logger.warn(
            { bucket: where, from: log.logEndOffset, to: fetched.logStartOffset },
            'follower behind the leader log start: restarting its log there',
          );
          await log.truncateFully(fetched.logStartOffset);
          return true;
        }
        return false;
      }
      if (fetched.divergingEndOffset >= 0) {
        // Cut where both logs agree: the smaller of the leader's and this log's end of that epoch.
        const own = fetched.divergingEpoch >= 0 ? log.endOffsetForEpoch(fetched.divergingEpoch).endOffset : log.logStartOffset;
        const to = Math.max(log.logStartOffset, Math.min(fetched.divergingEndOffset, own < 0 ? log.logStartOffset : own, log.logEndOffset));
        this.#options.logger.info(
          { bucket: where, from: log.logEndOffset, to, divergingEpoch: fetched.divergingEpoch },
          'follower log diverged from the leader: truncating',
        );
        await log.truncateTo(to);
        return true;
      }
      if (fetched.records.byteLength > 0) await log.appendAsFollower([fetched.records], { durable: this.#options.fsync });
      log.setHighWatermark(Math.min(fetched.highWatermark, log.logEndOffset));
      return true;
    } catch (error) {
      // A replica closed meanwhile (unassigned, or the server stopping) is no failure to report.
      if (!isLogError(error, 'CLOSED')) this.#options.logger.warn({ err: error, bucket: where }, 'could not apply a replica fetch');
      return false;
    }
  }
}
