// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoteLogBucket {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
}

export interface RemoteLogBucket__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
}
