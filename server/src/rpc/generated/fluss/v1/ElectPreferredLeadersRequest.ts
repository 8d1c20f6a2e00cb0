// Original file: fluss/v1/coordinator.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';

export interface ElectPreferredLeadersRequest {
  'table'?: (_fluss_v1_TablePath | null);
}

export interface ElectPreferredLeadersRequest__Output {
  'table': (_fluss_v1_TablePath__Output | null);
}
