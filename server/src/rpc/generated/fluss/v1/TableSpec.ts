// Original file: fluss/v1/common.proto

import type { ColumnSpec as _fluss_v1_ColumnSpec, ColumnSpec__Output as _fluss_v1_ColumnSpec__Output } from '../../fluss/v1/ColumnSpec.ts';

export interface TableSpec {
  'database'?: (string);
  'name'?: (string);
  'columns'?: (_fluss_v1_ColumnSpec)[];
  'primaryKey'?: (string)[];
  'bucketKey'?: (string)[];
  'buckets'?: (number);
  'partitionKeys'?: (string)[];
  'properties'?: ({[key: string]: string});
  'comment'?: (string);
}

export interface TableSpec__Output {
  'database': (string);
  'name': (string);
  'columns': (_fluss_v1_ColumnSpec__Output)[];
  'primaryKey': (string)[];
  'bucketKey': (string)[];
  'buckets': (number);
  'partitionKeys': (string)[];
  'properties': ({[key: string]: string});
  'comment': (string);
}
