// Original file: fluss/v1/coordinator.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';

export interface AlterTableRequest {
  'path'?: (_fluss_v1_TablePath | null);
  'setProperties'?: ({[key: string]: string});
  'resetProperties'?: (string)[];
  'comment'?: (string);
}

export interface AlterTableRequest__Output {
  'path': (_fluss_v1_TablePath__Output | null);
  'setProperties': ({[key: string]: string});
  'resetProperties': (string)[];
  'comment': (string);
}
