import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { call } from '../rpc/client.ts';
import { CHANNEL_OPTIONS, loadTabletProto } from '../rpc/proto.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { TabletServiceClient } from '../rpc/generated/fluss/v1/TabletService.ts';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { bucketToWire } from '../rpc/table-wire.ts';

/** Tells servers of buckets' new states (leader, ISR, epochs) right after the coordinator changed them. */
export type PushBucketStates = (changed: readonly BucketAssignment[]) => Promise<void>;

/** A pushed state not taken within this is left to the server's next heartbeat. */
const PUSH_TIMEOUT_MS = 2_000;

/**
 * Pushes bucket states to the live servers holding their replicas (TabletService
 * UpdateBucketStates, Kafka's LeaderAndIsr), so a new leader starts serving, and a deposed one
 * stops, without waiting for a heartbeat. Best effort: a server that misses a push gets the same
 * state in its next heartbeat answer, and servers apply a state only if it is newer than theirs,
 * so pushes may arrive in any order. Resolves once every server answered or timed out; never rejects.
 */
export class BucketStatePusher {
  readonly #liveNodes: () => ServerNode__Output[];
  readonly #coordinatorEpoch: () => number;
  readonly #replicationThrottle: () => number;
  readonly #logger: Logger;
  /** One client per server id, replaced when the server's address changes. */
  readonly #clients = new Map<number, { address: string; client: TabletServiceClient }>();

  /** replicationThrottle: bytes/s servers apply to the replicas a rebalance adds (rebalance-record.ts replicationThrottle). */
  constructor(options: { liveNodes: () => ServerNode__Output[]; coordinatorEpoch: () => number; replicationThrottle: () => number; logger: Logger }) {
    this.#liveNodes = options.liveNodes;
    this.#coordinatorEpoch = options.coordinatorEpoch;
    this.#replicationThrottle = options.replicationThrottle;
    this.#logger = options.logger;
  }

  readonly push: PushBucketStates = async (changed) => {
    if (changed.length === 0) return;
    const byServer = new Map<number, BucketAssignment[]>();
    for (const bucket of changed) {
      for (const id of bucket.replicas) byServer.set(id, [...(byServer.get(id) ?? []), bucket]);
    }
    const coordinatorEpoch = this.#coordinatorEpoch();
    // With the states that add replicas, so their first fetch is already throttled.
    const replicationThrottleBytesPerSec = this.#replicationThrottle();
    const calls = this.#liveNodes()
      .filter((node) => byServer.has(node.id))
      .map(async (node) => {
        const buckets = byServer.get(node.id)!.map(bucketToWire);
        const client = this.#clientOf(node);
        try {
          await call(client, client.UpdateBucketStates, { coordinatorEpoch, buckets, replicationThrottleBytesPerSec }, { timeoutMs: PUSH_TIMEOUT_MS });
        } catch (error) {
          this.#logger.debug({ err: error, server: node.id, buckets: buckets.length }, 'bucket state push failed: the server gets it by heartbeat');
        }
      });
    await Promise.all(calls);
  };

  #clientOf(node: ServerNode__Output): TabletServiceClient {
    const address = `${node.host}:${node.port}`;
    const known = this.#clients.get(node.id);
    if (known?.address === address) return known.client;
    known?.client.close();
    const Service = loadTabletProto().fluss.v1.TabletService;
    const client = new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.#clients.set(node.id, { address, client });
    return client;
  }

  close(): void {
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
