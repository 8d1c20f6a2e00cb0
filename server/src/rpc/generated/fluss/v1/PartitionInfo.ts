// Original file: fluss/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface PartitionInfo {
  'partitionId'?: (number | string | Long);
  'name'?: (string);
  'spec'?: ({[key: string]: string});
  'createdAtMs'?: (number | string | Long);
}

export interface PartitionInfo__Output {
  'partitionId': (number);
  'name': (string);
  'spec': ({[key: string]: string});
  'createdAtMs': (number);
}
