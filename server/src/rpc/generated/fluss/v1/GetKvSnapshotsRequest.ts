// Original file: fluss/v1/coordinator.proto

import type { RemoteLogBucket as _fluss_v1_RemoteLogBucket, RemoteLogBucket__Output as _fluss_v1_RemoteLogBucket__Output } from '../../fluss/v1/RemoteLogBucket.ts';

export interface GetKvSnapshotsRequest {
  'buckets'?: (_fluss_v1_RemoteLogBucket)[];
}

export interface GetKvSnapshotsRequest__Output {
  'buckets': (_fluss_v1_RemoteLogBucket__Output)[];
}
