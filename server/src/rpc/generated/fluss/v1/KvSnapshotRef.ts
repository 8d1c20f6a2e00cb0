// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface KvSnapshotRef {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'logOffset'?: (number | string | Long);
  'snapshotKey'?: (string);
  'sizeBytes'?: (number | string | Long);
  'sha256'?: (string);
  'leaderEpoch'?: (number);
}

export interface KvSnapshotRef__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'logOffset': (number);
  'snapshotKey': (string);
  'sizeBytes': (number);
  'sha256': (string);
  'leaderEpoch': (number);
}
