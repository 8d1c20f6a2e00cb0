import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadCoordinatorProto, loadTabletProto } from '../../server/src/rpc/proto.ts';
import type { CoordinatorServiceClient } from '../../server/src/rpc/generated/fluss/v1/CoordinatorService.ts';
import type { TabletServiceClient } from '../../server/src/rpc/generated/fluss/v1/TabletService.ts';

/** Plain gRPC clients, for tests that must send what the TypeScript client never would. */
export function coordinatorClient(address: string): CoordinatorServiceClient {
  const Service = loadCoordinatorProto().fluss.v1.CoordinatorService;
  return new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
}

export function tabletClient(address: string): TabletServiceClient {
  const Service = loadTabletProto().fluss.v1.TabletService;
  return new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
}
