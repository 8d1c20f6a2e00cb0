// Original file: fluss/v1/tablet.proto

import type { ReplicaFetchBucket as _fluss_v1_ReplicaFetchBucket, ReplicaFetchBucket__Output as _fluss_v1_ReplicaFetchBucket__Output } from '../../fluss/v1/ReplicaFetchBucket.ts';

export interface FetchLogRequest {
  'replicaId'?: (number);
  'buckets'?: (_fluss_v1_ReplicaFetchBucket)[];
  'maxBytes'?: (number);
  'maxWaitMs'?: (number);
}

export interface FetchLogRequest__Output {
  'replicaId': (number);
  'buckets': (_fluss_v1_ReplicaFetchBucket__Output)[];
  'maxBytes': (number);
  'maxWaitMs': (number);
}
