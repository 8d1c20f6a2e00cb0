// Original file: fluss/v1/coordinator.proto

import type { RemoteLogManifestRef as _fluss_v1_RemoteLogManifestRef, RemoteLogManifestRef__Output as _fluss_v1_RemoteLogManifestRef__Output } from '../../fluss/v1/RemoteLogManifestRef.ts';

export interface CommitRemoteLogManifestRequest {
  'serverId'?: (number);
  'leaderEpoch'?: (number);
  'tableIncarnation'?: (string);
  'manifest'?: (_fluss_v1_RemoteLogManifestRef | null);
}

export interface CommitRemoteLogManifestRequest__Output {
  'serverId': (number);
  'leaderEpoch': (number);
  'tableIncarnation': (string);
  'manifest': (_fluss_v1_RemoteLogManifestRef__Output | null);
}
