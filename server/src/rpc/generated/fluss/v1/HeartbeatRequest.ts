// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'serverId'?: (number);
  'clusterId'?: (string);
  'deletionsAfter'?: (number | string | Long);
}

export interface HeartbeatRequest__Output {
  'serverId': (number);
  'clusterId': (string);
  'deletionsAfter': (number);
}
