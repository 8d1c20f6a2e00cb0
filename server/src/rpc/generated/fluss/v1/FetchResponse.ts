// Original file: fluss/v1/tablet.proto

import type { FetchedBucket as _fluss_v1_FetchedBucket, FetchedBucket__Output as _fluss_v1_FetchedBucket__Output } from '../../fluss/v1/FetchedBucket.ts';

export interface FetchResponse {
  'buckets'?: (_fluss_v1_FetchedBucket)[];
}

export interface FetchResponse__Output {
  'buckets': (_fluss_v1_FetchedBucket__Output)[];
}
