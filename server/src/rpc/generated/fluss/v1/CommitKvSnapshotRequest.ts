// Original file: fluss/v1/coordinator.proto

import type { KvSnapshotRef as _fluss_v1_KvSnapshotRef, KvSnapshotRef__Output as _fluss_v1_KvSnapshotRef__Output } from '../../fluss/v1/KvSnapshotRef.ts';

export interface CommitKvSnapshotRequest {
  'serverId'?: (number);
  'leaderEpoch'?: (number);
  'tableIncarnation'?: (string);
  'snapshot'?: (_fluss_v1_KvSnapshotRef | null);
}

export interface CommitKvSnapshotRequest__Output {
  'serverId': (number);
  'leaderEpoch': (number);
  'tableIncarnation': (string);
  'snapshot': (_fluss_v1_KvSnapshotRef__Output | null);
}
