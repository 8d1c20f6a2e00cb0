// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface BucketIsrChange {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'leaderEpoch'?: (number);
  'bucketEpoch'?: (number);
  'isr'?: (number)[];
}

export interface BucketIsrChange__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'leaderEpoch': (number);
  'bucketEpoch': (number);
  'isr': (number)[];
}
