// Original file: fluss/v1/coordinator.proto

import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from '../../fluss/v1/TableInfo.ts';

export interface AlterTableResponse {
  'table'?: (_fluss_v1_TableInfo | null);
}

export interface AlterTableResponse__Output {
  'table': (_fluss_v1_TableInfo__Output | null);
}
