// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface BucketOffset {
  'bucket'?: (number);
  'offset'?: (number | string | Long);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'error'?: (string);
}

export interface BucketOffset__Output {
  'bucket': (number);
  'offset': (number);
  'errorCode': (number);
  'errorMessage': (string);
  'error': (string);
}
