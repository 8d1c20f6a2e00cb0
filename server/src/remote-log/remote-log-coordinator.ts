import type { CommitRemoteLogManifestRequest } from '../rpc/generated/fluss/v1/CommitRemoteLogManifestRequest.ts';
import type { CommitRemoteLogManifestResponse__Output } from '../rpc/generated/fluss/v1/CommitRemoteLogManifestResponse.ts';
import type { GetRemoteLogManifestsRequest } from '../rpc/generated/fluss/v1/GetRemoteLogManifestsRequest.ts';
import type { GetRemoteLogManifestsResponse__Output } from '../rpc/generated/fluss/v1/GetRemoteLogManifestsResponse.ts';

/** The coordinator calls the remote log makes, as a seam: gRPC in servers, a fake in unit tests. */
export interface RemoteLogCoordinator {
  commitManifest(request: CommitRemoteLogManifestRequest): Promise<CommitRemoteLogManifestResponse__Output>;
  getManifests(request: GetRemoteLogManifestsRequest): Promise<GetRemoteLogManifestsResponse__Output>;
  close(): void;
}
