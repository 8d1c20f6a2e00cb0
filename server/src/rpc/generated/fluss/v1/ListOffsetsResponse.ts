// Original file: fluss/v1/tablet.proto

import type { BucketOffset as _fluss_v1_BucketOffset, BucketOffset__Output as _fluss_v1_BucketOffset__Output } from '../../fluss/v1/BucketOffset.ts';

export interface ListOffsetsResponse {
  'offsets'?: (_fluss_v1_BucketOffset)[];
}

export interface ListOffsetsResponse__Output {
  'offsets': (_fluss_v1_BucketOffset__Output)[];
}
