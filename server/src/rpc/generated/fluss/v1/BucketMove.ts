// Original file: fluss/v1/coordinator.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';
import type { Long } from '@grpc/proto-loader';

export interface BucketMove {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'table'?: (_fluss_v1_TablePath | null);
  'partitionName'?: (string);
  'originalReplicas'?: (number)[];
  'originalLeader'?: (number);
  'newReplicas'?: (number)[];
  'newLeader'?: (number);
  'status'?: (string);
  'error'?: (string);
}

export interface BucketMove__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'table': (_fluss_v1_TablePath__Output | null);
  'partitionName': (string);
  'originalReplicas': (number)[];
  'originalLeader': (number);
  'newReplicas': (number)[];
  'newLeader': (number);
  'status': (string);
  'error': (string);
}
