import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadTabletProto } from '../rpc/proto.ts';
import type { ServerNode__Output } from '../rpc/generated/fluss/v1/ServerNode.ts';
import type { TabletServiceClient } from '../rpc/generated/fluss/v1/TabletService.ts';

/**
 * One gRPC client per tablet server, shared by every writer and scanner of a connection. Keyed by
 * address rather than server id: a restarted server may come back elsewhere under the same id.
 */
export class TabletClientPool {
  readonly #clients = new Map<string, TabletServiceClient>();

  get(server: Pick<ServerNode__Output, 'host' | 'port'>): TabletServiceClient {
    const address = `${server.host}:${server.port}`;
    let client = this.#clients.get(address);
    if (client === undefined) {
      const TabletService = loadTabletProto().fluss.v1.TabletService;
      client = new TabletService(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.#clients.set(address, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
