// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaFetchedBucket {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'errorCode'?: (number);
  'error'?: (string);
  'errorMessage'?: (string);
  'highWatermark'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
  'records'?: (Buffer | Uint8Array | string);
  'divergingEpoch'?: (number);
  'divergingEndOffset'?: (number | string | Long);
}

export interface ReplicaFetchedBucket__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'errorCode': (number);
  'error': (string);
  'errorMessage': (string);
  'highWatermark': (number);
  'logStartOffset': (number);
  'records': (Buffer);
  'divergingEpoch': (number);
  'divergingEndOffset': (number);
}
