// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaDeletion {
  'seq'?: (number | string | Long);
  'tableId'?: (number | string | Long);
  'tableIncarnation'?: (string);
  'partitionId'?: (number | string | Long);
}

export interface ReplicaDeletion__Output {
  'seq': (number);
  'tableId': (number);
  'tableIncarnation': (string);
  'partitionId': (number);
}
