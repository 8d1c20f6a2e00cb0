// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaFetchBucket {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'fetchOffset'?: (number | string | Long);
  'lastFetchedEpoch'?: (number);
  'currentLeaderEpoch'?: (number);
  'bucketEpoch'?: (number);
}

export interface ReplicaFetchBucket__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'fetchOffset': (number);
  'lastFetchedEpoch': (number);
  'currentLeaderEpoch': (number);
  'bucketEpoch': (number);
}
