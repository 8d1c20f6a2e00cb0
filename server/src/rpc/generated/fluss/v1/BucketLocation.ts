// Original file: fluss/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface BucketLocation {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'leader'?: (number);
  'replicas'?: (number)[];
  'leaderEpoch'?: (number);
  'isr'?: (number)[];
  'bucketEpoch'?: (number);
  'addingReplicas'?: (number)[];
  'removingReplicas'?: (number)[];
}

export interface BucketLocation__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'leader': (number);
  'replicas': (number)[];
  'leaderEpoch': (number);
  'isr': (number)[];
  'bucketEpoch': (number);
  'addingReplicas': (number)[];
  'removingReplicas': (number)[];
}
