// Original file: fluss/v1/coordinator.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';

export interface CreatePartitionRequest {
  'path'?: (_fluss_v1_TablePath | null);
  'spec'?: ({[key: string]: string});
  'ignoreIfExists'?: (boolean);
}

export interface CreatePartitionRequest__Output {
  'path': (_fluss_v1_TablePath__Output | null);
  'spec': ({[key: string]: string});
  'ignoreIfExists': (boolean);
}
