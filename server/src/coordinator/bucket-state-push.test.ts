import type * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTabletProto } from '../rpc/proto.ts';
import { startGrpcServer, stopGrpcServer } from '../rpc/server.ts';
import type { UpdateBucketStatesRequest__Output } from '../rpc/generated/fluss/v1/UpdateBucketStatesRequest.ts';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { BucketStatePusher } from './bucket-state-push.ts';

// The pusher against a real gRPC tablet service on loopback that only records its UpdateBucketStates.
describe('BucketStatePusher', () => {
  const received: UpdateBucketStatesRequest__Output[] = [];
  let server: grpc.Server;
  let port: number;
  beforeAll(async () => {
    const handler: grpc.handleUnaryCall<UpdateBucketStatesRequest__Output, object> = (call, callback) => {
      received.push(call.request);
      callback(null, { applied: call.request.buckets.length });
    };
    ({ server, port } = await startGrpcServer((s) => s.addService(loadTabletProto().fluss.v1.TabletService.service, { UpdateBucketStates: handler }), {
      host: '127.0.0.1',
      port: 0,
    }));
  });
  afterAll(async () => {
    await stopGrpcServer(server);
  });

  it("sends the running rebalance's replication throttle with the states, to the servers holding the buckets", async () => {
    let throttle = 3_000_000;
    const pusher = new BucketStatePusher({
      liveNodes: () => [
        { id: 3, host: '127.0.0.1', port, rack: '' },
        { id: 7, host: '127.0.0.1', port: 1, rack: '' },
      ],
      coordinatorEpoch: () => 4,
      replicationThrottle: () => throttle,
      logger: pino({ level: 'silent' }),
    });
    const adding: BucketAssignment = {
      tableId: 1,
      partitionId: -1,
      bucket: 0,
      leader: 0,
      replicas: [3, 0, 1],
      isr: [0, 1],
      leaderEpoch: 1,
      bucketEpoch: 2,
      addingReplicas: [3],
      removingReplicas: [],
    };
    await pusher.push([adding]);
    throttle = 0;
    await pusher.push([{ ...adding, replicas: [3, 0], addingReplicas: [], bucketEpoch: 3 }]);
    pusher.close();
    expect(received.map((r) => [r.coordinatorEpoch, r.buckets.map((b) => b.bucketEpoch), Number(r.replicationThrottleBytesPerSec)])).toEqual([
      [4, [2], 3_000_000],
      [4, [3], 0],
    ]);
  });
});
