import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as CoordinatorProto } from './generated/coordinator.ts';
import type { ProtoGrpcType as TabletProto } from './generated/tablet.ts';

/** The .proto files are the wire contract; types under ./generated come from them (npm run gen:proto). */
const PROTO_ROOT = fileURLToPath(new URL('../../proto', import.meta.url));

// int64 travels as JS numbers: ids and offsets stay below 2^53 (checked where they are made).
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** Large Arrow batches travel in one message; the default 4 MiB receive limit is too small. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 30_000,
  // HTTP/2 receive window of client connections (stream and connection): with the 64 KiB default a
  // multi-MiB Fetch or Lookup response waits for a WINDOW_UPDATE round trip every 64 KiB, which on
  // a busy machine costs more than the transfer (bench:peers full reads ~+30% at load 13-18).
  // grpc-js servers take no such option: Produce/PutKv requests still go in 64 KiB windows.
  'grpc-node.flow_control_window': 16 * 1024 * 1024,
  // Reconnect backoff of a channel whose server went away: grpc-js starts at 1 s and grows ×1.6 up
  // to 120 s, so a client that kept calling through a minute-long outage stayed cut off for ~20 s
  // after the server was back. Capped at 1 s (like Kafka's reconnect.backoff.max.ms), a long-lived
  // client resumes about a second after a restart; a retry of a down server costs one refused connect.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1_000,
};

let coordinatorProto: CoordinatorProto | undefined;
let tabletProto: TabletProto | undefined;

export function loadCoordinatorProto(): CoordinatorProto {
  coordinatorProto ??= grpc.loadPackageDefinition(protoLoader.loadSync('fluss/v1/coordinator.proto', LOADER_OPTIONS)) as unknown as CoordinatorProto;
  return coordinatorProto;
}

export function loadTabletProto(): TabletProto {
  tabletProto ??= grpc.loadPackageDefinition(protoLoader.loadSync('fluss/v1/tablet.proto', LOADER_OPTIONS)) as unknown as TabletProto;
  return tabletProto;
}
