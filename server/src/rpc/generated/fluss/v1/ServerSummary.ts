// Original file: fluss/v1/coordinator.proto

import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from '../../fluss/v1/ServerNode.ts';

export interface ServerSummary {
  'node'?: (_fluss_v1_ServerNode | null);
  'live'?: (boolean);
  'tags'?: (string)[];
  'replicas'?: (number);
  'leaders'?: (number);
  'shuttingDown'?: (boolean);
  'underReplicated'?: (number);
  'atMinIsr'?: (number);
}

export interface ServerSummary__Output {
  'node': (_fluss_v1_ServerNode__Output | null);
  'live': (boolean);
  'tags': (string)[];
  'replicas': (number);
  'leaders': (number);
  'shuttingDown': (boolean);
  'underReplicated': (number);
  'atMinIsr': (number);
}
