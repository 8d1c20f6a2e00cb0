// Original file: fluss/v1/coordinator.proto

import type { KvSnapshotRef as _fluss_v1_KvSnapshotRef, KvSnapshotRef__Output as _fluss_v1_KvSnapshotRef__Output } from '../../fluss/v1/KvSnapshotRef.ts';

export interface CommitKvSnapshotResponse {
  'errorCode'?: (number);
  'error'?: (string);
  'errorMessage'?: (string);
  'previous'?: (_fluss_v1_KvSnapshotRef | null);
}

export interface CommitKvSnapshotResponse__Output {
  'errorCode': (number);
  'error': (string);
  'errorMessage': (string);
  'previous': (_fluss_v1_KvSnapshotRef__Output | null);
}
