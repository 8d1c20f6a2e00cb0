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
  readonly #loops = new Map<number, Promise<void>>();
  /** Primary-key followers reported as unable to catch up (see #apply): logged once each. */
  readonly #stranded = new WeakSet<Replica>();
  #servers = new Map<number, ServerNode__Output>();
  #stopped = false;

  constructor(options: ReplicaFetcherOptions) {
    this.#options = options;
  }

  /**
   * After each assignment: where the servers are (unchanged when not given: after a pushed bucket
   * state), and a loop for every leader followed here.
   */
  async update(servers?: readonly ServerNode__Output[]): Promise<void> {
    if (servers !== undefined) this.#servers = new Map(servers.map((server) => [server.id, server]));
    for (const replica of await this.#followers()) {
      if (!this.#loops.has(replica.leader)) this.#start(replica.leader);
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  async #followers(leader?: number): Promise<Replica[]> {
    const all = await this.#options.replicas.all();
    return all.filter((r) => r.role === 'follower' && r.leader >= 0 && r.log.replicated && (leader === undefined || r.leader === leader));
  }

  #start(leaderId: number): void {
    const loop = this.#run(leaderId).finally(() => this.#loops.delete(leaderId));
    this.#loops.set(leaderId, loop);
  }

  async #run(leaderId: number): Promise<void> {
    const { serverId, transport, timers, logger, waitMs, maxBytes } = this.#options;
    while (!this.#stopped) {
      const followers = await this.#followers(leaderId);
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
