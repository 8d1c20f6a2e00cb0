// Original file: fluss/v1/coordinator.proto

import type { RemoteLogManifestRef as _fluss_v1_RemoteLogManifestRef, RemoteLogManifestRef__Output as _fluss_v1_RemoteLogManifestRef__Output } from '../../fluss/v1/RemoteLogManifestRef.ts';

export interface GetRemoteLogManifestsResponse {
  'manifests'?: (_fluss_v1_RemoteLogManifestRef)[];
}

export interface GetRemoteLogManifestsResponse__Output {
  'manifests': (_fluss_v1_RemoteLogManifestRef__Output)[];
}
