// Original file: fluss/v1/coordinator.proto

import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from '../../fluss/v1/PartitionInfo.ts';

export interface ListPartitionsResponse {
  'partitions'?: (_fluss_v1_PartitionInfo)[];
}

export interface ListPartitionsResponse__Output {
  'partitions': (_fluss_v1_PartitionInfo__Output)[];
}
