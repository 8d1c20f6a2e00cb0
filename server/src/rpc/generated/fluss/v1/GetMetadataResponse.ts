// Original file: fluss/v1/coordinator.proto

import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from '../../fluss/v1/ServerNode.ts';
import type { TableMetadata as _fluss_v1_TableMetadata, TableMetadata__Output as _fluss_v1_TableMetadata__Output } from '../../fluss/v1/TableMetadata.ts';

export interface GetMetadataResponse {
  'coordinator'?: (_fluss_v1_ServerNode | null);
  'tabletServers'?: (_fluss_v1_ServerNode)[];
  'tables'?: (_fluss_v1_TableMetadata)[];
}

export interface GetMetadataResponse__Output {
  'coordinator': (_fluss_v1_ServerNode__Output | null);
  'tabletServers': (_fluss_v1_ServerNode__Output)[];
  'tables': (_fluss_v1_TableMetadata__Output)[];
}
