import * as grpc from '@grpc/grpc-js';
import { call } from '../rpc/client.ts';
import { CHANNEL_OPTIONS, loadTabletProto } from '../rpc/proto.ts';
import type { FetchLogRequest } from '../rpc/generated/fluss/v1/FetchLogRequest.ts';
import type { FetchLogResponse__Output } from '../rpc/generated/fluss/v1/FetchLogResponse.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { TabletServiceClient } from '../rpc/generated/fluss/v1/TabletService.ts';

/** A follower's calls to its buckets' leaders, as a seam: gRPC between servers, a fake in tests. */
export interface ReplicaTransport {
  fetchLog(leader: ServerNode__Output, request: FetchLogRequest, timeoutMs: number): Promise<FetchLogResponse__Output>;
  close(): void;
}

/** One gRPC channel per leader address, kept while the server runs. */
export function grpcReplicaTransport(): ReplicaTransport {
  const clients = new Map<string, TabletServiceClient>();
  const clientOf = (leader: ServerNode__Output): TabletServiceClient => {
    const address = `${leader.host}:${leader.port}`;
    let client = clients.get(address);
    if (client === undefined) {
      const Service = loadTabletProto().fluss.v1.TabletService;
      client = new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      clients.set(address, client);
    }
    return client;
  };
  return {
    fetchLog: (leader, request, timeoutMs) => {
      const client = clientOf(leader);
      return call(client, client.FetchLog, request, { timeoutMs });
    },
    close: () => {
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}
