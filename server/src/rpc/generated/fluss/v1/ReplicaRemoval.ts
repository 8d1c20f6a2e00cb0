// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaRemoval {
  'seq'?: (number | string | Long);
  'tableId'?: (number | string | Long);
  'tableIncarnation'?: (string);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
}

export interface ReplicaRemoval__Output {
  'seq': (number);
  'tableId': (number);
  'tableIncarnation': (string);
  'partitionId': (number);
  'bucket': (number);
}
