// Original file: fluss/v1/coordinator.proto

import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from '../../fluss/v1/PartitionInfo.ts';

export interface CreatePartitionResponse {
  'partition'?: (_fluss_v1_PartitionInfo | null);
}

export interface CreatePartitionResponse__Output {
  'partition': (_fluss_v1_PartitionInfo__Output | null);
}
