// Original file: fluss/v1/coordinator.proto

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from '../../fluss/v1/BucketLocation.ts';
import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from '../../fluss/v1/TableInfo.ts';
import type { ReplicaDeletion as _fluss_v1_ReplicaDeletion, ReplicaDeletion__Output as _fluss_v1_ReplicaDeletion__Output } from '../../fluss/v1/ReplicaDeletion.ts';
import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from '../../fluss/v1/ServerNode.ts';
import type { ReplicaRemoval as _fluss_v1_ReplicaRemoval, ReplicaRemoval__Output as _fluss_v1_ReplicaRemoval__Output } from '../../fluss/v1/ReplicaRemoval.ts';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'buckets'?: (_fluss_v1_BucketLocation)[];
  'tables'?: (_fluss_v1_TableInfo)[];
  'reregister'?: (boolean);
  'clusterId'?: (string);
  'coordinatorEpoch'?: (number);
  'deletions'?: (_fluss_v1_ReplicaDeletion)[];
  'tabletServers'?: (_fluss_v1_ServerNode)[];
  'replicationThrottleBytesPerSec'?: (number | string | Long);
  'removals'?: (_fluss_v1_ReplicaRemoval)[];
}

export interface HeartbeatResponse__Output {
  'buckets': (_fluss_v1_BucketLocation__Output)[];
  'tables': (_fluss_v1_TableInfo__Output)[];
  'reregister': (boolean);
  'clusterId': (string);
  'coordinatorEpoch': (number);
  'deletions': (_fluss_v1_ReplicaDeletion__Output)[];
  'tabletServers': (_fluss_v1_ServerNode__Output)[];
  'replicationThrottleBytesPerSec': (number);
  'removals': (_fluss_v1_ReplicaRemoval__Output)[];
}
