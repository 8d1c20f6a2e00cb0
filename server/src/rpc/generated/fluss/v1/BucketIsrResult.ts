// Original file: fluss/v1/coordinator.proto

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from '../../fluss/v1/BucketLocation.ts';
import type { Long } from '@grpc/proto-loader';

export interface BucketIsrResult {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'errorCode'?: (number);
  'error'?: (string);
  'errorMessage'?: (string);
  'location'?: (_fluss_v1_BucketLocation | null);
}

export interface BucketIsrResult__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'errorCode': (number);
  'error': (string);
  'errorMessage': (string);
  'location': (_fluss_v1_BucketLocation__Output | null);
}
