// Original file: fluss/v1/coordinator.proto

import type { KvSnapshotRef as _fluss_v1_KvSnapshotRef, KvSnapshotRef__Output as _fluss_v1_KvSnapshotRef__Output } from '../../fluss/v1/KvSnapshotRef.ts';

export interface GetKvSnapshotsResponse {
  'snapshots'?: (_fluss_v1_KvSnapshotRef)[];
}

export interface GetKvSnapshotsResponse__Output {
  'snapshots': (_fluss_v1_KvSnapshotRef__Output)[];
}
