// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoteLogManifestRef {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'version'?: (number | string | Long);
  'manifestKey'?: (string);
  'remoteLogStartOffset'?: (number | string | Long);
  'remoteLogEndOffset'?: (number | string | Long);
  'leaderEpoch'?: (number);
  'sizeBytes'?: (number | string | Long);
  'segmentCount'?: (number);
}

export interface RemoteLogManifestRef__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'version': (number);
  'manifestKey': (string);
  'remoteLogStartOffset': (number);
  'remoteLogEndOffset': (number);
  'leaderEpoch': (number);
  'sizeBytes': (number);
  'segmentCount': (number);
}
