// Original file: fluss/v1/coordinator.proto

import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from '../../fluss/v1/ServerNode.ts';

export interface RegisterTabletServerRequest {
  'server'?: (_fluss_v1_ServerNode | null);
}

export interface RegisterTabletServerRequest__Output {
  'server': (_fluss_v1_ServerNode__Output | null);
}
