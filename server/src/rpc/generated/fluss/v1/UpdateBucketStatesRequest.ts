// Original file: fluss/v1/tablet.proto

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from '../../fluss/v1/BucketLocation.ts';

export interface UpdateBucketStatesRequest {
  'coordinatorEpoch'?: (number);
  'buckets'?: (_fluss_v1_BucketLocation)[];
}

export interface UpdateBucketStatesRequest__Output {
  'coordinatorEpoch': (number);
  'buckets': (_fluss_v1_BucketLocation__Output)[];
}
