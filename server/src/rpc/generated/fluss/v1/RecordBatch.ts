// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface RecordBatch {
  'baseOffset'?: (number | string | Long);
  'recordCount'?: (number);
  'commitTimestampMs'?: (number | string | Long);
  'schemaId'?: (number);
  'arrowIpc'?: (Buffer | Uint8Array | string);
}

export interface RecordBatch__Output {
  'baseOffset': (number);
  'recordCount': (number);
  'commitTimestampMs': (number);
  'schemaId': (number);
  'arrowIpc': (Buffer);
}
