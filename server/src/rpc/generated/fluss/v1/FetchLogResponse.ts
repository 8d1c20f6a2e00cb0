// Original file: fluss/v1/tablet.proto

import type { ReplicaFetchedBucket as _fluss_v1_ReplicaFetchedBucket, ReplicaFetchedBucket__Output as _fluss_v1_ReplicaFetchedBucket__Output } from '../../fluss/v1/ReplicaFetchedBucket.ts';

export interface FetchLogResponse {
  'buckets'?: (_fluss_v1_ReplicaFetchedBucket)[];
}

export interface FetchLogResponse__Output {
  'buckets': (_fluss_v1_ReplicaFetchedBucket__Output)[];
}
