// Original file: fluss/v1/coordinator.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';

export interface GetMetadataRequest {
  'tables'?: (_fluss_v1_TablePath)[];
}

export interface GetMetadataRequest__Output {
  'tables': (_fluss_v1_TablePath__Output)[];
}
