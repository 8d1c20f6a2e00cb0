// Original file: fluss/v1/coordinator.proto

import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from '../../fluss/v1/TableInfo.ts';
import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from '../../fluss/v1/PartitionInfo.ts';
import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from '../../fluss/v1/BucketLocation.ts';

export interface TableMetadata {
  'table'?: (_fluss_v1_TableInfo | null);
  'partitions'?: (_fluss_v1_PartitionInfo)[];
  'buckets'?: (_fluss_v1_BucketLocation)[];
}

export interface TableMetadata__Output {
  'table': (_fluss_v1_TableInfo__Output | null);
  'partitions': (_fluss_v1_PartitionInfo__Output)[];
  'buckets': (_fluss_v1_BucketLocation__Output)[];
}
