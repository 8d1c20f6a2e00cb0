// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchBucket {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'fetchOffset'?: (number | string | Long);
  'maxBytes'?: (number);
}

export interface FetchBucket__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'fetchOffset': (number);
  'maxBytes': (number);
}
