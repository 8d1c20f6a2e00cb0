import * as grpc from '@grpc/grpc-js';
import { call } from '../rpc/client.ts';
import { CHANNEL_OPTIONS, loadCoordinatorProto } from '../rpc/proto.ts';
import type { HeartbeatRequest } from '../rpc/generated/fluss/v1/HeartbeatRequest.ts';
import type { AlterIsrRequest } from '../rpc/generated/fluss/v1/AlterIsrRequest.ts';
import type { AlterIsrResponse__Output } from '../rpc/generated/fluss/v1/AlterIsrResponse.ts';
import type { HeartbeatResponse__Output } from '../rpc/generated/fluss/v1/HeartbeatResponse.ts';
import type { RegisterTabletServerRequest } from '../rpc/generated/fluss/v1/RegisterTabletServerRequest.ts';
import type { RegisterTabletServerResponse__Output } from '../rpc/generated/fluss/v1/RegisterTabletServerResponse.ts';
import type { RemoteLogCoordinator } from '../remote-log/remote-log-coordinator.ts';
import type { ControlledShutdownRequest } from '../rpc/generated/fluss/v1/ControlledShutdownRequest.ts';
import type { ControlledShutdownResponse__Output } from '../rpc/generated/fluss/v1/ControlledShutdownResponse.ts';

/**
 * The coordinator calls a tablet server makes, as a seam: gRPC over TCP in servers, a fake in the
 * tablet's unit tests (and the whole-cluster simulation).
 */
export interface CoordinatorTransport {
  register(request: RegisterTabletServerRequest): Promise<RegisterTabletServerResponse__Output>;
  heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse__Output>;
  alterIsr(request: AlterIsrRequest): Promise<AlterIsrResponse__Output>;
  close(): void;
}

/** The coordinator call of a stopping tablet server (controlled-shutdown.ts), as a seam. */
export interface ControlledShutdownTransport {
  controlledShutdown(request: ControlledShutdownRequest, timeoutMs: number): Promise<ControlledShutdownResponse__Output>;
}

const CALL_TIMEOUT_MS = 5_000;

export function grpcCoordinatorTransport(address: string): CoordinatorTransport & ControlledShutdownTransport {
  const Service = loadCoordinatorProto().fluss.v1.CoordinatorService;
  const client = new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  return {
    register: (request) => call(client, client.RegisterTabletServer, request, { timeoutMs: CALL_TIMEOUT_MS }),
    heartbeat: (request) => call(client, client.Heartbeat, request, { timeoutMs: CALL_TIMEOUT_MS }),
    alterIsr: (request) => call(client, client.AlterIsr, request, { timeoutMs: CALL_TIMEOUT_MS }),
    controlledShutdown: (request, timeoutMs) => call(client, client.ControlledShutdown, request, { timeoutMs: Math.min(timeoutMs, CALL_TIMEOUT_MS) }),
    close: () => client.close(),
  };
}

/** The coordinator calls of the remote log (remote-log/remote-log-manager.ts), over gRPC. */
export function grpcRemoteLogCoordinator(address: string): RemoteLogCoordinator {
  const Service = loadCoordinatorProto().fluss.v1.CoordinatorService;
  const client = new Service(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  return {
    commitManifest: (request) => call(client, client.CommitRemoteLogManifest, request, { timeoutMs: CALL_TIMEOUT_MS }),
    getManifests: (request) => call(client, client.GetRemoteLogManifests, request, { timeoutMs: CALL_TIMEOUT_MS }),
    commitKvSnapshot: (request) => call(client, client.CommitKvSnapshot, request, { timeoutMs: CALL_TIMEOUT_MS }),
    getKvSnapshots: (request) => call(client, client.GetKvSnapshots, request, { timeoutMs: CALL_TIMEOUT_MS }),
    close: () => client.close(),
  };
}
