// Original file: fluss/v1/coordinator.proto

import type { ServerSummary as _fluss_v1_ServerSummary, ServerSummary__Output as _fluss_v1_ServerSummary__Output } from '../../fluss/v1/ServerSummary.ts';

export interface ListServersResponse {
  'servers'?: (_fluss_v1_ServerSummary)[];
}

export interface ListServersResponse__Output {
  'servers': (_fluss_v1_ServerSummary__Output)[];
}
