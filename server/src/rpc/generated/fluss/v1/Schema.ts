// Original file: fluss/v1/common.proto

import type { Column as _fluss_v1_Column, Column__Output as _fluss_v1_Column__Output } from '../../fluss/v1/Column.ts';

export interface Schema {
  'schemaId'?: (number);
  'columns'?: (_fluss_v1_Column)[];
}

export interface Schema__Output {
  'schemaId': (number);
  'columns': (_fluss_v1_Column__Output)[];
}
