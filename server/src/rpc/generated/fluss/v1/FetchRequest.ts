// Original file: fluss/v1/tablet.proto

import type { FetchBucket as _fluss_v1_FetchBucket, FetchBucket__Output as _fluss_v1_FetchBucket__Output } from '../../fluss/v1/FetchBucket.ts';

export interface FetchRequest {
  'buckets'?: (_fluss_v1_FetchBucket)[];
  'projectedColumnIds'?: (number)[];
  'maxBytes'?: (number);
  'minBytes'?: (number);
  'maxWaitMs'?: (number);
}

export interface FetchRequest__Output {
  'buckets': (_fluss_v1_FetchBucket__Output)[];
  'projectedColumnIds': (number)[];
  'maxBytes': (number);
  'minBytes': (number);
  'maxWaitMs': (number);
}
