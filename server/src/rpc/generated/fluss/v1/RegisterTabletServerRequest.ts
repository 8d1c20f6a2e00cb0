// Original file: fluss/v1/coordinator.proto

import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from '../../fluss/v1/ServerNode.ts';
import type { Long } from '@grpc/proto-loader';

export interface RegisterTabletServerRequest {
  'server'?: (_fluss_v1_ServerNode | null);
  'clusterId'?: (string);
  'holdsData'?: (boolean);
  'maxTableId'?: (number | string | Long);
  'maxPartitionId'?: (number | string | Long);
  'coordinatorEpoch'?: (number);
  'processStart'?: (boolean);
}

export interface RegisterTabletServerRequest__Output {
  'server': (_fluss_v1_ServerNode__Output | null);
  'clusterId': (string);
  'holdsData': (boolean);
  'maxTableId': (number);
  'maxPartitionId': (number);
  'coordinatorEpoch': (number);
  'processStart': (boolean);
}
