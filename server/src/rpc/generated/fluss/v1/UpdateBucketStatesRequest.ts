// Original file: fluss/v1/tablet.proto

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from '../../fluss/v1/BucketLocation.ts';
import type { Long } from '@grpc/proto-loader';

export interface UpdateBucketStatesRequest {
  'coordinatorEpoch'?: (number);
  'buckets'?: (_fluss_v1_BucketLocation)[];
  'replicationThrottleBytesPerSec'?: (number | string | Long);
}

export interface UpdateBucketStatesRequest__Output {
  'coordinatorEpoch': (number);
  'buckets': (_fluss_v1_BucketLocation__Output)[];
  'replicationThrottleBytesPerSec': (number);
}
