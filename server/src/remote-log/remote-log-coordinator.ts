import type { CommitKvSnapshotRequest } from '../rpc/generated/fluss/v1/CommitKvSnapshotRequest.ts';
import type { CommitKvSnapshotResponse__Output } from '../rpc/generated/fluss/v1/CommitKvSnapshotResponse.ts';
import type { GetKvSnapshotsRequest } from '../rpc/generated/fluss/v1/GetKvSnapshotsRequest.ts';
import type { GetKvSnapshotsResponse__Output } from '../rpc/generated/fluss/v1/GetKvSnapshotsResponse.ts';
import type { CommitRemoteLogManifestRequest } from '../rpc/generated/fluss/v1/CommitRemoteLogManifestRequest.ts';
import type { CommitRemoteLogManifestResponse__Output } from '../rpc/generated/fluss/v1/CommitRemoteLogManifestResponse.ts';
import type { GetRemoteLogManifestsRequest } from '../rpc/generated/fluss/v1/GetRemoteLogManifestsRequest.ts';
import type { GetRemoteLogManifestsResponse__Output } from '../rpc/generated/fluss/v1/GetRemoteLogManifestsResponse.ts';

/** The coordinator calls the remote log and the remote KV snapshots make, as a seam: gRPC in servers, a fake in unit tests. */
export interface RemoteLogCoordinator {
  commitManifest(request: CommitRemoteLogManifestRequest): Promise<CommitRemoteLogManifestResponse__Output>;
  getManifests(request: GetRemoteLogManifestsRequest): Promise<GetRemoteLogManifestsResponse__Output>;
  commitKvSnapshot(request: CommitKvSnapshotRequest): Promise<CommitKvSnapshotResponse__Output>;
  getKvSnapshots(request: GetKvSnapshotsRequest): Promise<GetKvSnapshotsResponse__Output>;
  close(): void;
}
