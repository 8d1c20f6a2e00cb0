// Original file: fluss/v1/common.proto

import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from '../../fluss/v1/TablePath.ts';
import type { Schema as _fluss_v1_Schema, Schema__Output as _fluss_v1_Schema__Output } from '../../fluss/v1/Schema.ts';
import type { Long } from '@grpc/proto-loader';

export interface TableInfo {
  'tableId'?: (number | string | Long);
  'path'?: (_fluss_v1_TablePath | null);
  'schema'?: (_fluss_v1_Schema | null);
  'primaryKey'?: (string)[];
  'bucketKey'?: (string)[];
  'buckets'?: (number);
  'partitionKeys'?: (string)[];
  'properties'?: ({[key: string]: string});
  'comment'?: (string);
  'createdAtMs'?: (number | string | Long);
  'modifiedAtMs'?: (number | string | Long);
  'replicationFactor'?: (number);
  'incarnation'?: (string);
}

export interface TableInfo__Output {
  'tableId': (number);
  'path': (_fluss_v1_TablePath__Output | null);
  'schema': (_fluss_v1_Schema__Output | null);
  'primaryKey': (string)[];
  'bucketKey': (string)[];
  'buckets': (number);
  'partitionKeys': (string)[];
  'properties': ({[key: string]: string});
  'comment': (string);
  'createdAtMs': (number);
  'modifiedAtMs': (number);
  'replicationFactor': (number);
  'incarnation': (string);
}
