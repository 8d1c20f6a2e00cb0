// Original file: fluss/v1/tablet.proto

import type { RecordBatch as _fluss_v1_RecordBatch, RecordBatch__Output as _fluss_v1_RecordBatch__Output } from '../../fluss/v1/RecordBatch.ts';
import type { Long } from '@grpc/proto-loader';

export interface FetchedBucket {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'highWatermark'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
  'batches'?: (_fluss_v1_RecordBatch)[];
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'error'?: (string);
}

export interface FetchedBucket__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'highWatermark': (number);
  'logStartOffset': (number);
  'batches': (_fluss_v1_RecordBatch__Output)[];
  'errorCode': (number);
  'errorMessage': (string);
  'error': (string);
}
