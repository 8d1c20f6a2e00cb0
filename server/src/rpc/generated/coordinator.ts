import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddServerTagRequest as _fluss_v1_AddServerTagRequest, AddServerTagRequest__Output as _fluss_v1_AddServerTagRequest__Output } from './fluss/v1/AddServerTagRequest.ts';
import type { AddServerTagResponse as _fluss_v1_AddServerTagResponse, AddServerTagResponse__Output as _fluss_v1_AddServerTagResponse__Output } from './fluss/v1/AddServerTagResponse.ts';
import type { AlterIsrRequest as _fluss_v1_AlterIsrRequest, AlterIsrRequest__Output as _fluss_v1_AlterIsrRequest__Output } from './fluss/v1/AlterIsrRequest.ts';
import type { AlterIsrResponse as _fluss_v1_AlterIsrResponse, AlterIsrResponse__Output as _fluss_v1_AlterIsrResponse__Output } from './fluss/v1/AlterIsrResponse.ts';
import type { AlterTableRequest as _fluss_v1_AlterTableRequest, AlterTableRequest__Output as _fluss_v1_AlterTableRequest__Output } from './fluss/v1/AlterTableRequest.ts';
import type { AlterTableResponse as _fluss_v1_AlterTableResponse, AlterTableResponse__Output as _fluss_v1_AlterTableResponse__Output } from './fluss/v1/AlterTableResponse.ts';
import type { BucketIsrChange as _fluss_v1_BucketIsrChange, BucketIsrChange__Output as _fluss_v1_BucketIsrChange__Output } from './fluss/v1/BucketIsrChange.ts';
import type { BucketIsrResult as _fluss_v1_BucketIsrResult, BucketIsrResult__Output as _fluss_v1_BucketIsrResult__Output } from './fluss/v1/BucketIsrResult.ts';
import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from './fluss/v1/BucketLocation.ts';
import type { BucketMove as _fluss_v1_BucketMove, BucketMove__Output as _fluss_v1_BucketMove__Output } from './fluss/v1/BucketMove.ts';
import type { CancelRebalanceRequest as _fluss_v1_CancelRebalanceRequest, CancelRebalanceRequest__Output as _fluss_v1_CancelRebalanceRequest__Output } from './fluss/v1/CancelRebalanceRequest.ts';
import type { CancelRebalanceResponse as _fluss_v1_CancelRebalanceResponse, CancelRebalanceResponse__Output as _fluss_v1_CancelRebalanceResponse__Output } from './fluss/v1/CancelRebalanceResponse.ts';
import type { Column as _fluss_v1_Column, Column__Output as _fluss_v1_Column__Output } from './fluss/v1/Column.ts';
import type { ColumnSpec as _fluss_v1_ColumnSpec, ColumnSpec__Output as _fluss_v1_ColumnSpec__Output } from './fluss/v1/ColumnSpec.ts';
import type { CommitKvSnapshotRequest as _fluss_v1_CommitKvSnapshotRequest, CommitKvSnapshotRequest__Output as _fluss_v1_CommitKvSnapshotRequest__Output } from './fluss/v1/CommitKvSnapshotRequest.ts';
import type { CommitKvSnapshotResponse as _fluss_v1_CommitKvSnapshotResponse, CommitKvSnapshotResponse__Output as _fluss_v1_CommitKvSnapshotResponse__Output } from './fluss/v1/CommitKvSnapshotResponse.ts';
import type { CommitRemoteLogManifestRequest as _fluss_v1_CommitRemoteLogManifestRequest, CommitRemoteLogManifestRequest__Output as _fluss_v1_CommitRemoteLogManifestRequest__Output } from './fluss/v1/CommitRemoteLogManifestRequest.ts';
import type { CommitRemoteLogManifestResponse as _fluss_v1_CommitRemoteLogManifestResponse, CommitRemoteLogManifestResponse__Output as _fluss_v1_CommitRemoteLogManifestResponse__Output } from './fluss/v1/CommitRemoteLogManifestResponse.ts';
import type { ControlledShutdownRequest as _fluss_v1_ControlledShutdownRequest, ControlledShutdownRequest__Output as _fluss_v1_ControlledShutdownRequest__Output } from './fluss/v1/ControlledShutdownRequest.ts';
import type { ControlledShutdownResponse as _fluss_v1_ControlledShutdownResponse, ControlledShutdownResponse__Output as _fluss_v1_ControlledShutdownResponse__Output } from './fluss/v1/ControlledShutdownResponse.ts';
import type { CoordinatorServiceClient as _fluss_v1_CoordinatorServiceClient, CoordinatorServiceDefinition as _fluss_v1_CoordinatorServiceDefinition } from './fluss/v1/CoordinatorService.ts';
import type { CreateDatabaseRequest as _fluss_v1_CreateDatabaseRequest, CreateDatabaseRequest__Output as _fluss_v1_CreateDatabaseRequest__Output } from './fluss/v1/CreateDatabaseRequest.ts';
import type { CreateDatabaseResponse as _fluss_v1_CreateDatabaseResponse, CreateDatabaseResponse__Output as _fluss_v1_CreateDatabaseResponse__Output } from './fluss/v1/CreateDatabaseResponse.ts';
import type { CreatePartitionRequest as _fluss_v1_CreatePartitionRequest, CreatePartitionRequest__Output as _fluss_v1_CreatePartitionRequest__Output } from './fluss/v1/CreatePartitionRequest.ts';
import type { CreatePartitionResponse as _fluss_v1_CreatePartitionResponse, CreatePartitionResponse__Output as _fluss_v1_CreatePartitionResponse__Output } from './fluss/v1/CreatePartitionResponse.ts';
import type { CreateTableRequest as _fluss_v1_CreateTableRequest, CreateTableRequest__Output as _fluss_v1_CreateTableRequest__Output } from './fluss/v1/CreateTableRequest.ts';
import type { CreateTableResponse as _fluss_v1_CreateTableResponse, CreateTableResponse__Output as _fluss_v1_CreateTableResponse__Output } from './fluss/v1/CreateTableResponse.ts';
import type { DropDatabaseRequest as _fluss_v1_DropDatabaseRequest, DropDatabaseRequest__Output as _fluss_v1_DropDatabaseRequest__Output } from './fluss/v1/DropDatabaseRequest.ts';
import type { DropDatabaseResponse as _fluss_v1_DropDatabaseResponse, DropDatabaseResponse__Output as _fluss_v1_DropDatabaseResponse__Output } from './fluss/v1/DropDatabaseResponse.ts';
import type { DropPartitionRequest as _fluss_v1_DropPartitionRequest, DropPartitionRequest__Output as _fluss_v1_DropPartitionRequest__Output } from './fluss/v1/DropPartitionRequest.ts';
import type { DropPartitionResponse as _fluss_v1_DropPartitionResponse, DropPartitionResponse__Output as _fluss_v1_DropPartitionResponse__Output } from './fluss/v1/DropPartitionResponse.ts';
import type { DropTableRequest as _fluss_v1_DropTableRequest, DropTableRequest__Output as _fluss_v1_DropTableRequest__Output } from './fluss/v1/DropTableRequest.ts';
import type { DropTableResponse as _fluss_v1_DropTableResponse, DropTableResponse__Output as _fluss_v1_DropTableResponse__Output } from './fluss/v1/DropTableResponse.ts';
import type { ElectPreferredLeadersRequest as _fluss_v1_ElectPreferredLeadersRequest, ElectPreferredLeadersRequest__Output as _fluss_v1_ElectPreferredLeadersRequest__Output } from './fluss/v1/ElectPreferredLeadersRequest.ts';
import type { ElectPreferredLeadersResponse as _fluss_v1_ElectPreferredLeadersResponse, ElectPreferredLeadersResponse__Output as _fluss_v1_ElectPreferredLeadersResponse__Output } from './fluss/v1/ElectPreferredLeadersResponse.ts';
import type { GetKvSnapshotsRequest as _fluss_v1_GetKvSnapshotsRequest, GetKvSnapshotsRequest__Output as _fluss_v1_GetKvSnapshotsRequest__Output } from './fluss/v1/GetKvSnapshotsRequest.ts';
import type { GetKvSnapshotsResponse as _fluss_v1_GetKvSnapshotsResponse, GetKvSnapshotsResponse__Output as _fluss_v1_GetKvSnapshotsResponse__Output } from './fluss/v1/GetKvSnapshotsResponse.ts';
import type { GetMetadataRequest as _fluss_v1_GetMetadataRequest, GetMetadataRequest__Output as _fluss_v1_GetMetadataRequest__Output } from './fluss/v1/GetMetadataRequest.ts';
import type { GetMetadataResponse as _fluss_v1_GetMetadataResponse, GetMetadataResponse__Output as _fluss_v1_GetMetadataResponse__Output } from './fluss/v1/GetMetadataResponse.ts';
import type { GetRebalanceProgressRequest as _fluss_v1_GetRebalanceProgressRequest, GetRebalanceProgressRequest__Output as _fluss_v1_GetRebalanceProgressRequest__Output } from './fluss/v1/GetRebalanceProgressRequest.ts';
import type { GetRebalanceProgressResponse as _fluss_v1_GetRebalanceProgressResponse, GetRebalanceProgressResponse__Output as _fluss_v1_GetRebalanceProgressResponse__Output } from './fluss/v1/GetRebalanceProgressResponse.ts';
import type { GetRemoteLogManifestsRequest as _fluss_v1_GetRemoteLogManifestsRequest, GetRemoteLogManifestsRequest__Output as _fluss_v1_GetRemoteLogManifestsRequest__Output } from './fluss/v1/GetRemoteLogManifestsRequest.ts';
import type { GetRemoteLogManifestsResponse as _fluss_v1_GetRemoteLogManifestsResponse, GetRemoteLogManifestsResponse__Output as _fluss_v1_GetRemoteLogManifestsResponse__Output } from './fluss/v1/GetRemoteLogManifestsResponse.ts';
import type { GetTableRequest as _fluss_v1_GetTableRequest, GetTableRequest__Output as _fluss_v1_GetTableRequest__Output } from './fluss/v1/GetTableRequest.ts';
import type { GetTableResponse as _fluss_v1_GetTableResponse, GetTableResponse__Output as _fluss_v1_GetTableResponse__Output } from './fluss/v1/GetTableResponse.ts';
import type { HeartbeatRequest as _fluss_v1_HeartbeatRequest, HeartbeatRequest__Output as _fluss_v1_HeartbeatRequest__Output } from './fluss/v1/HeartbeatRequest.ts';
import type { HeartbeatResponse as _fluss_v1_HeartbeatResponse, HeartbeatResponse__Output as _fluss_v1_HeartbeatResponse__Output } from './fluss/v1/HeartbeatResponse.ts';
import type { KvSnapshotRef as _fluss_v1_KvSnapshotRef, KvSnapshotRef__Output as _fluss_v1_KvSnapshotRef__Output } from './fluss/v1/KvSnapshotRef.ts';
import type { ListDatabasesRequest as _fluss_v1_ListDatabasesRequest, ListDatabasesRequest__Output as _fluss_v1_ListDatabasesRequest__Output } from './fluss/v1/ListDatabasesRequest.ts';
import type { ListDatabasesResponse as _fluss_v1_ListDatabasesResponse, ListDatabasesResponse__Output as _fluss_v1_ListDatabasesResponse__Output } from './fluss/v1/ListDatabasesResponse.ts';
import type { ListPartitionsRequest as _fluss_v1_ListPartitionsRequest, ListPartitionsRequest__Output as _fluss_v1_ListPartitionsRequest__Output } from './fluss/v1/ListPartitionsRequest.ts';
import type { ListPartitionsResponse as _fluss_v1_ListPartitionsResponse, ListPartitionsResponse__Output as _fluss_v1_ListPartitionsResponse__Output } from './fluss/v1/ListPartitionsResponse.ts';
import type { ListServersRequest as _fluss_v1_ListServersRequest, ListServersRequest__Output as _fluss_v1_ListServersRequest__Output } from './fluss/v1/ListServersRequest.ts';
import type { ListServersResponse as _fluss_v1_ListServersResponse, ListServersResponse__Output as _fluss_v1_ListServersResponse__Output } from './fluss/v1/ListServersResponse.ts';
import type { ListTablesRequest as _fluss_v1_ListTablesRequest, ListTablesRequest__Output as _fluss_v1_ListTablesRequest__Output } from './fluss/v1/ListTablesRequest.ts';
import type { ListTablesResponse as _fluss_v1_ListTablesResponse, ListTablesResponse__Output as _fluss_v1_ListTablesResponse__Output } from './fluss/v1/ListTablesResponse.ts';
import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from './fluss/v1/PartitionInfo.ts';
import type { RebalanceProgress as _fluss_v1_RebalanceProgress, RebalanceProgress__Output as _fluss_v1_RebalanceProgress__Output } from './fluss/v1/RebalanceProgress.ts';
import type { RebalanceRequest as _fluss_v1_RebalanceRequest, RebalanceRequest__Output as _fluss_v1_RebalanceRequest__Output } from './fluss/v1/RebalanceRequest.ts';
import type { RebalanceResponse as _fluss_v1_RebalanceResponse, RebalanceResponse__Output as _fluss_v1_RebalanceResponse__Output } from './fluss/v1/RebalanceResponse.ts';
import type { RegisterTabletServerRequest as _fluss_v1_RegisterTabletServerRequest, RegisterTabletServerRequest__Output as _fluss_v1_RegisterTabletServerRequest__Output } from './fluss/v1/RegisterTabletServerRequest.ts';
import type { RegisterTabletServerResponse as _fluss_v1_RegisterTabletServerResponse, RegisterTabletServerResponse__Output as _fluss_v1_RegisterTabletServerResponse__Output } from './fluss/v1/RegisterTabletServerResponse.ts';
import type { RemoteLogBucket as _fluss_v1_RemoteLogBucket, RemoteLogBucket__Output as _fluss_v1_RemoteLogBucket__Output } from './fluss/v1/RemoteLogBucket.ts';
import type { RemoteLogManifestRef as _fluss_v1_RemoteLogManifestRef, RemoteLogManifestRef__Output as _fluss_v1_RemoteLogManifestRef__Output } from './fluss/v1/RemoteLogManifestRef.ts';
import type { RemoveServerTagRequest as _fluss_v1_RemoveServerTagRequest, RemoveServerTagRequest__Output as _fluss_v1_RemoveServerTagRequest__Output } from './fluss/v1/RemoveServerTagRequest.ts';
import type { RemoveServerTagResponse as _fluss_v1_RemoveServerTagResponse, RemoveServerTagResponse__Output as _fluss_v1_RemoveServerTagResponse__Output } from './fluss/v1/RemoveServerTagResponse.ts';
import type { ReplicaDeletion as _fluss_v1_ReplicaDeletion, ReplicaDeletion__Output as _fluss_v1_ReplicaDeletion__Output } from './fluss/v1/ReplicaDeletion.ts';
import type { ReplicaRemoval as _fluss_v1_ReplicaRemoval, ReplicaRemoval__Output as _fluss_v1_ReplicaRemoval__Output } from './fluss/v1/ReplicaRemoval.ts';
import type { Schema as _fluss_v1_Schema, Schema__Output as _fluss_v1_Schema__Output } from './fluss/v1/Schema.ts';
import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from './fluss/v1/ServerNode.ts';
import type { ServerSummary as _fluss_v1_ServerSummary, ServerSummary__Output as _fluss_v1_ServerSummary__Output } from './fluss/v1/ServerSummary.ts';
import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from './fluss/v1/TableInfo.ts';
import type { TableMetadata as _fluss_v1_TableMetadata, TableMetadata__Output as _fluss_v1_TableMetadata__Output } from './fluss/v1/TableMetadata.ts';
import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from './fluss/v1/TablePath.ts';
import type { TableSpec as _fluss_v1_TableSpec, TableSpec__Output as _fluss_v1_TableSpec__Output } from './fluss/v1/TableSpec.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  fluss: {
    v1: {
      AddServerTagRequest: MessageTypeDefinition<_fluss_v1_AddServerTagRequest, _fluss_v1_AddServerTagRequest__Output>
      AddServerTagResponse: MessageTypeDefinition<_fluss_v1_AddServerTagResponse, _fluss_v1_AddServerTagResponse__Output>
      AlterIsrRequest: MessageTypeDefinition<_fluss_v1_AlterIsrRequest, _fluss_v1_AlterIsrRequest__Output>
      AlterIsrResponse: MessageTypeDefinition<_fluss_v1_AlterIsrResponse, _fluss_v1_AlterIsrResponse__Output>
      AlterTableRequest: MessageTypeDefinition<_fluss_v1_AlterTableRequest, _fluss_v1_AlterTableRequest__Output>
      AlterTableResponse: MessageTypeDefinition<_fluss_v1_AlterTableResponse, _fluss_v1_AlterTableResponse__Output>
      BucketIsrChange: MessageTypeDefinition<_fluss_v1_BucketIsrChange, _fluss_v1_BucketIsrChange__Output>
      BucketIsrResult: MessageTypeDefinition<_fluss_v1_BucketIsrResult, _fluss_v1_BucketIsrResult__Output>
      BucketLocation: MessageTypeDefinition<_fluss_v1_BucketLocation, _fluss_v1_BucketLocation__Output>
      BucketMove: MessageTypeDefinition<_fluss_v1_BucketMove, _fluss_v1_BucketMove__Output>
      CancelRebalanceRequest: MessageTypeDefinition<_fluss_v1_CancelRebalanceRequest, _fluss_v1_CancelRebalanceRequest__Output>
      CancelRebalanceResponse: MessageTypeDefinition<_fluss_v1_CancelRebalanceResponse, _fluss_v1_CancelRebalanceResponse__Output>
      Column: MessageTypeDefinition<_fluss_v1_Column, _fluss_v1_Column__Output>
      ColumnSpec: MessageTypeDefinition<_fluss_v1_ColumnSpec, _fluss_v1_ColumnSpec__Output>
      CommitKvSnapshotRequest: MessageTypeDefinition<_fluss_v1_CommitKvSnapshotRequest, _fluss_v1_CommitKvSnapshotRequest__Output>
      CommitKvSnapshotResponse: MessageTypeDefinition<_fluss_v1_CommitKvSnapshotResponse, _fluss_v1_CommitKvSnapshotResponse__Output>
      CommitRemoteLogManifestRequest: MessageTypeDefinition<_fluss_v1_CommitRemoteLogManifestRequest, _fluss_v1_CommitRemoteLogManifestRequest__Output>
      CommitRemoteLogManifestResponse: MessageTypeDefinition<_fluss_v1_CommitRemoteLogManifestResponse, _fluss_v1_CommitRemoteLogManifestResponse__Output>
      ControlledShutdownRequest: MessageTypeDefinition<_fluss_v1_ControlledShutdownRequest, _fluss_v1_ControlledShutdownRequest__Output>
      ControlledShutdownResponse: MessageTypeDefinition<_fluss_v1_ControlledShutdownResponse, _fluss_v1_ControlledShutdownResponse__Output>
      CoordinatorService: SubtypeConstructor<typeof grpc.Client, _fluss_v1_CoordinatorServiceClient> & { service: _fluss_v1_CoordinatorServiceDefinition }
      CreateDatabaseRequest: MessageTypeDefinition<_fluss_v1_CreateDatabaseRequest, _fluss_v1_CreateDatabaseRequest__Output>
      CreateDatabaseResponse: MessageTypeDefinition<_fluss_v1_CreateDatabaseResponse, _fluss_v1_CreateDatabaseResponse__Output>
      CreatePartitionRequest: MessageTypeDefinition<_fluss_v1_CreatePartitionRequest, _fluss_v1_CreatePartitionRequest__Output>
      CreatePartitionResponse: MessageTypeDefinition<_fluss_v1_CreatePartitionResponse, _fluss_v1_CreatePartitionResponse__Output>
      CreateTableRequest: MessageTypeDefinition<_fluss_v1_CreateTableRequest, _fluss_v1_CreateTableRequest__Output>
      CreateTableResponse: MessageTypeDefinition<_fluss_v1_CreateTableResponse, _fluss_v1_CreateTableResponse__Output>
      DropDatabaseRequest: MessageTypeDefinition<_fluss_v1_DropDatabaseRequest, _fluss_v1_DropDatabaseRequest__Output>
      DropDatabaseResponse: MessageTypeDefinition<_fluss_v1_DropDatabaseResponse, _fluss_v1_DropDatabaseResponse__Output>
      DropPartitionRequest: MessageTypeDefinition<_fluss_v1_DropPartitionRequest, _fluss_v1_DropPartitionRequest__Output>
      DropPartitionResponse: MessageTypeDefinition<_fluss_v1_DropPartitionResponse, _fluss_v1_DropPartitionResponse__Output>
      DropTableRequest: MessageTypeDefinition<_fluss_v1_DropTableRequest, _fluss_v1_DropTableRequest__Output>
      DropTableResponse: MessageTypeDefinition<_fluss_v1_DropTableResponse, _fluss_v1_DropTableResponse__Output>
      ElectPreferredLeadersRequest: MessageTypeDefinition<_fluss_v1_ElectPreferredLeadersRequest, _fluss_v1_ElectPreferredLeadersRequest__Output>
      ElectPreferredLeadersResponse: MessageTypeDefinition<_fluss_v1_ElectPreferredLeadersResponse, _fluss_v1_ElectPreferredLeadersResponse__Output>
      GetKvSnapshotsRequest: MessageTypeDefinition<_fluss_v1_GetKvSnapshotsRequest, _fluss_v1_GetKvSnapshotsRequest__Output>
      GetKvSnapshotsResponse: MessageTypeDefinition<_fluss_v1_GetKvSnapshotsResponse, _fluss_v1_GetKvSnapshotsResponse__Output>
      GetMetadataRequest: MessageTypeDefinition<_fluss_v1_GetMetadataRequest, _fluss_v1_GetMetadataRequest__Output>
      GetMetadataResponse: MessageTypeDefinition<_fluss_v1_GetMetadataResponse, _fluss_v1_GetMetadataResponse__Output>
      GetRebalanceProgressRequest: MessageTypeDefinition<_fluss_v1_GetRebalanceProgressRequest, _fluss_v1_GetRebalanceProgressRequest__Output>
      GetRebalanceProgressResponse: MessageTypeDefinition<_fluss_v1_GetRebalanceProgressResponse, _fluss_v1_GetRebalanceProgressResponse__Output>
      GetRemoteLogManifestsRequest: MessageTypeDefinition<_fluss_v1_GetRemoteLogManifestsRequest, _fluss_v1_GetRemoteLogManifestsRequest__Output>
      GetRemoteLogManifestsResponse: MessageTypeDefinition<_fluss_v1_GetRemoteLogManifestsResponse, _fluss_v1_GetRemoteLogManifestsResponse__Output>
      GetTableRequest: MessageTypeDefinition<_fluss_v1_GetTableRequest, _fluss_v1_GetTableRequest__Output>
      GetTableResponse: MessageTypeDefinition<_fluss_v1_GetTableResponse, _fluss_v1_GetTableResponse__Output>
      HeartbeatRequest: MessageTypeDefinition<_fluss_v1_HeartbeatRequest, _fluss_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_fluss_v1_HeartbeatResponse, _fluss_v1_HeartbeatResponse__Output>
      KvSnapshotRef: MessageTypeDefinition<_fluss_v1_KvSnapshotRef, _fluss_v1_KvSnapshotRef__Output>
      ListDatabasesRequest: MessageTypeDefinition<_fluss_v1_ListDatabasesRequest, _fluss_v1_ListDatabasesRequest__Output>
      ListDatabasesResponse: MessageTypeDefinition<_fluss_v1_ListDatabasesResponse, _fluss_v1_ListDatabasesResponse__Output>
      ListPartitionsRequest: MessageTypeDefinition<_fluss_v1_ListPartitionsRequest, _fluss_v1_ListPartitionsRequest__Output>
      ListPartitionsResponse: MessageTypeDefinition<_fluss_v1_ListPartitionsResponse, _fluss_v1_ListPartitionsResponse__Output>
      ListServersRequest: MessageTypeDefinition<_fluss_v1_ListServersRequest, _fluss_v1_ListServersRequest__Output>
      ListServersResponse: MessageTypeDefinition<_fluss_v1_ListServersResponse, _fluss_v1_ListServersResponse__Output>
      ListTablesRequest: MessageTypeDefinition<_fluss_v1_ListTablesRequest, _fluss_v1_ListTablesRequest__Output>
      ListTablesResponse: MessageTypeDefinition<_fluss_v1_ListTablesResponse, _fluss_v1_ListTablesResponse__Output>
      PartitionInfo: MessageTypeDefinition<_fluss_v1_PartitionInfo, _fluss_v1_PartitionInfo__Output>
      RebalanceProgress: MessageTypeDefinition<_fluss_v1_RebalanceProgress, _fluss_v1_RebalanceProgress__Output>
      RebalanceRequest: MessageTypeDefinition<_fluss_v1_RebalanceRequest, _fluss_v1_RebalanceRequest__Output>
      RebalanceResponse: MessageTypeDefinition<_fluss_v1_RebalanceResponse, _fluss_v1_RebalanceResponse__Output>
      RegisterTabletServerRequest: MessageTypeDefinition<_fluss_v1_RegisterTabletServerRequest, _fluss_v1_RegisterTabletServerRequest__Output>
      RegisterTabletServerResponse: MessageTypeDefinition<_fluss_v1_RegisterTabletServerResponse, _fluss_v1_RegisterTabletServerResponse__Output>
      RemoteLogBucket: MessageTypeDefinition<_fluss_v1_RemoteLogBucket, _fluss_v1_RemoteLogBucket__Output>
      RemoteLogManifestRef: MessageTypeDefinition<_fluss_v1_RemoteLogManifestRef, _fluss_v1_RemoteLogManifestRef__Output>
      RemoveServerTagRequest: MessageTypeDefinition<_fluss_v1_RemoveServerTagRequest, _fluss_v1_RemoveServerTagRequest__Output>
      RemoveServerTagResponse: MessageTypeDefinition<_fluss_v1_RemoveServerTagResponse, _fluss_v1_RemoveServerTagResponse__Output>
      ReplicaDeletion: MessageTypeDefinition<_fluss_v1_ReplicaDeletion, _fluss_v1_ReplicaDeletion__Output>
      ReplicaRemoval: MessageTypeDefinition<_fluss_v1_ReplicaRemoval, _fluss_v1_ReplicaRemoval__Output>
      Schema: MessageTypeDefinition<_fluss_v1_Schema, _fluss_v1_Schema__Output>
      ServerNode: MessageTypeDefinition<_fluss_v1_ServerNode, _fluss_v1_ServerNode__Output>
      ServerSummary: MessageTypeDefinition<_fluss_v1_ServerSummary, _fluss_v1_ServerSummary__Output>
      TableInfo: MessageTypeDefinition<_fluss_v1_TableInfo, _fluss_v1_TableInfo__Output>
      TableMetadata: MessageTypeDefinition<_fluss_v1_TableMetadata, _fluss_v1_TableMetadata__Output>
      TablePath: MessageTypeDefinition<_fluss_v1_TablePath, _fluss_v1_TablePath__Output>
      TableSpec: MessageTypeDefinition<_fluss_v1_TableSpec, _fluss_v1_TableSpec__Output>
    }
  }
}

