// Original file: fluss/v1/coordinator.proto

import type { RemoteLogManifestRef as _fluss_v1_RemoteLogManifestRef, RemoteLogManifestRef__Output as _fluss_v1_RemoteLogManifestRef__Output } from '../../fluss/v1/RemoteLogManifestRef.ts';

export interface CommitRemoteLogManifestResponse {
  'errorCode'?: (number);
  'error'?: (string);
  'errorMessage'?: (string);
  'current'?: (_fluss_v1_RemoteLogManifestRef | null);
}

export interface CommitRemoteLogManifestResponse__Output {
  'errorCode': (number);
  'error': (string);
  'errorMessage': (string);
  'current': (_fluss_v1_RemoteLogManifestRef__Output | null);
}
