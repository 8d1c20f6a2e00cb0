// Original file: fluss/v1/coordinator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddServerTagRequest as _fluss_v1_AddServerTagRequest, AddServerTagRequest__Output as _fluss_v1_AddServerTagRequest__Output } from '../../fluss/v1/AddServerTagRequest.ts';
import type { AddServerTagResponse as _fluss_v1_AddServerTagResponse, AddServerTagResponse__Output as _fluss_v1_AddServerTagResponse__Output } from '../../fluss/v1/AddServerTagResponse.ts';
import type { AlterIsrRequest as _fluss_v1_AlterIsrRequest, AlterIsrRequest__Output as _fluss_v1_AlterIsrRequest__Output } from '../../fluss/v1/AlterIsrRequest.ts';
import type { AlterIsrResponse as _fluss_v1_AlterIsrResponse, AlterIsrResponse__Output as _fluss_v1_AlterIsrResponse__Output } from '../../fluss/v1/AlterIsrResponse.ts';
import type { AlterTableRequest as _fluss_v1_AlterTableRequest, AlterTableRequest__Output as _fluss_v1_AlterTableRequest__Output } from '../../fluss/v1/AlterTableRequest.ts';
import type { AlterTableResponse as _fluss_v1_AlterTableResponse, AlterTableResponse__Output as _fluss_v1_AlterTableResponse__Output } from '../../fluss/v1/AlterTableResponse.ts';
import type { CancelRebalanceRequest as _fluss_v1_CancelRebalanceRequest, CancelRebalanceRequest__Output as _fluss_v1_CancelRebalanceRequest__Output } from '../../fluss/v1/CancelRebalanceRequest.ts';
import type { CancelRebalanceResponse as _fluss_v1_CancelRebalanceResponse, CancelRebalanceResponse__Output as _fluss_v1_CancelRebalanceResponse__Output } from '../../fluss/v1/CancelRebalanceResponse.ts';
import type { CommitKvSnapshotRequest as _fluss_v1_CommitKvSnapshotRequest, CommitKvSnapshotRequest__Output as _fluss_v1_CommitKvSnapshotRequest__Output } from '../../fluss/v1/CommitKvSnapshotRequest.ts';
import type { CommitKvSnapshotResponse as _fluss_v1_CommitKvSnapshotResponse, CommitKvSnapshotResponse__Output as _fluss_v1_CommitKvSnapshotResponse__Output } from '../../fluss/v1/CommitKvSnapshotResponse.ts';
import type { CommitRemoteLogManifestRequest as _fluss_v1_CommitRemoteLogManifestRequest, CommitRemoteLogManifestRequest__Output as _fluss_v1_CommitRemoteLogManifestRequest__Output } from '../../fluss/v1/CommitRemoteLogManifestRequest.ts';
import type { CommitRemoteLogManifestResponse as _fluss_v1_CommitRemoteLogManifestResponse, CommitRemoteLogManifestResponse__Output as _fluss_v1_CommitRemoteLogManifestResponse__Output } from '../../fluss/v1/CommitRemoteLogManifestResponse.ts';
import type { ControlledShutdownRequest as _fluss_v1_ControlledShutdownRequest, ControlledShutdownRequest__Output as _fluss_v1_ControlledShutdownRequest__Output } from '../../fluss/v1/ControlledShutdownRequest.ts';
import type { ControlledShutdownResponse as _fluss_v1_ControlledShutdownResponse, ControlledShutdownResponse__Output as _fluss_v1_ControlledShutdownResponse__Output } from '../../fluss/v1/ControlledShutdownResponse.ts';
import type { CreateDatabaseRequest as _fluss_v1_CreateDatabaseRequest, CreateDatabaseRequest__Output as _fluss_v1_CreateDatabaseRequest__Output } from '../../fluss/v1/CreateDatabaseRequest.ts';
import type { CreateDatabaseResponse as _fluss_v1_CreateDatabaseResponse, CreateDatabaseResponse__Output as _fluss_v1_CreateDatabaseResponse__Output } from '../../fluss/v1/CreateDatabaseResponse.ts';
import type { CreatePartitionRequest as _fluss_v1_CreatePartitionRequest, CreatePartitionRequest__Output as _fluss_v1_CreatePartitionRequest__Output } from '../../fluss/v1/CreatePartitionRequest.ts';
import type { CreatePartitionResponse as _fluss_v1_CreatePartitionResponse, CreatePartitionResponse__Output as _fluss_v1_CreatePartitionResponse__Output } from '../../fluss/v1/CreatePartitionResponse.ts';
import type { CreateTableRequest as _fluss_v1_CreateTableRequest, CreateTableRequest__Output as _fluss_v1_CreateTableRequest__Output } from '../../fluss/v1/CreateTableRequest.ts';
import type { CreateTableResponse as _fluss_v1_CreateTableResponse, CreateTableResponse__Output as _fluss_v1_CreateTableResponse__Output } from '../../fluss/v1/CreateTableResponse.ts';
import type { DropDatabaseRequest as _fluss_v1_DropDatabaseRequest, DropDatabaseRequest__Output as _fluss_v1_DropDatabaseRequest__Output } from '../../fluss/v1/DropDatabaseRequest.ts';
import type { DropDatabaseResponse as _fluss_v1_DropDatabaseResponse, DropDatabaseResponse__Output as _fluss_v1_DropDatabaseResponse__Output } from '../../fluss/v1/DropDatabaseResponse.ts';
import type { DropPartitionRequest as _fluss_v1_DropPartitionRequest, DropPartitionRequest__Output as _fluss_v1_DropPartitionRequest__Output } from '../../fluss/v1/DropPartitionRequest.ts';
import type { DropPartitionResponse as _fluss_v1_DropPartitionResponse, DropPartitionResponse__Output as _fluss_v1_DropPartitionResponse__Output } from '../../fluss/v1/DropPartitionResponse.ts';
import type { DropTableRequest as _fluss_v1_DropTableRequest, DropTableRequest__Output as _fluss_v1_DropTableRequest__Output } from '../../fluss/v1/DropTableRequest.ts';
import type { DropTableResponse as _fluss_v1_DropTableResponse, DropTableResponse__Output as _fluss_v1_DropTableResponse__Output } from '../../fluss/v1/DropTableResponse.ts';
import type { ElectPreferredLeadersRequest as _fluss_v1_ElectPreferredLeadersRequest, ElectPreferredLeadersRequest__Output as _fluss_v1_ElectPreferredLeadersRequest__Output } from '../../fluss/v1/ElectPreferredLeadersRequest.ts';
import type { ElectPreferredLeadersResponse as _fluss_v1_ElectPreferredLeadersResponse, ElectPreferredLeadersResponse__Output as _fluss_v1_ElectPreferredLeadersResponse__Output } from '../../fluss/v1/ElectPreferredLeadersResponse.ts';
import type { GetKvSnapshotsRequest as _fluss_v1_GetKvSnapshotsRequest, GetKvSnapshotsRequest__Output as _fluss_v1_GetKvSnapshotsRequest__Output } from '../../fluss/v1/GetKvSnapshotsRequest.ts';
import type { GetKvSnapshotsResponse as _fluss_v1_GetKvSnapshotsResponse, GetKvSnapshotsResponse__Output as _fluss_v1_GetKvSnapshotsResponse__Output } from '../../fluss/v1/GetKvSnapshotsResponse.ts';
import type { GetMetadataRequest as _fluss_v1_GetMetadataRequest, GetMetadataRequest__Output as _fluss_v1_GetMetadataRequest__Output } from '../../fluss/v1/GetMetadataRequest.ts';
import type { GetMetadataResponse as _fluss_v1_GetMetadataResponse, GetMetadataResponse__Output as _fluss_v1_GetMetadataResponse__Output } from '../../fluss/v1/GetMetadataResponse.ts';
import type { GetRebalanceProgressRequest as _fluss_v1_GetRebalanceProgressRequest, GetRebalanceProgressRequest__Output as _fluss_v1_GetRebalanceProgressRequest__Output } from '../../fluss/v1/GetRebalanceProgressRequest.ts';
import type { GetRebalanceProgressResponse as _fluss_v1_GetRebalanceProgressResponse, GetRebalanceProgressResponse__Output as _fluss_v1_GetRebalanceProgressResponse__Output } from '../../fluss/v1/GetRebalanceProgressResponse.ts';
import type { GetRemoteLogManifestsRequest as _fluss_v1_GetRemoteLogManifestsRequest, GetRemoteLogManifestsRequest__Output as _fluss_v1_GetRemoteLogManifestsRequest__Output } from '../../fluss/v1/GetRemoteLogManifestsRequest.ts';
import type { GetRemoteLogManifestsResponse as _fluss_v1_GetRemoteLogManifestsResponse, GetRemoteLogManifestsResponse__Output as _fluss_v1_GetRemoteLogManifestsResponse__Output } from '../../fluss/v1/GetRemoteLogManifestsResponse.ts';
import type { GetTableRequest as _fluss_v1_GetTableRequest, GetTableRequest__Output as _fluss_v1_GetTableRequest__Output } from '../../fluss/v1/GetTableRequest.ts';
import type { GetTableResponse as _fluss_v1_GetTableResponse, GetTableResponse__Output as _fluss_v1_GetTableResponse__Output } from '../../fluss/v1/GetTableResponse.ts';
import type { HeartbeatRequest as _fluss_v1_HeartbeatRequest, HeartbeatRequest__Output as _fluss_v1_HeartbeatRequest__Output } from '../../fluss/v1/HeartbeatRequest.ts';
import type { HeartbeatResponse as _fluss_v1_HeartbeatResponse, HeartbeatResponse__Output as _fluss_v1_HeartbeatResponse__Output } from '../../fluss/v1/HeartbeatResponse.ts';
import type { ListDatabasesRequest as _fluss_v1_ListDatabasesRequest, ListDatabasesRequest__Output as _fluss_v1_ListDatabasesRequest__Output } from '../../fluss/v1/ListDatabasesRequest.ts';
import type { ListDatabasesResponse as _fluss_v1_ListDatabasesResponse, ListDatabasesResponse__Output as _fluss_v1_ListDatabasesResponse__Output } from '../../fluss/v1/ListDatabasesResponse.ts';
import type { ListPartitionsRequest as _fluss_v1_ListPartitionsRequest, ListPartitionsRequest__Output as _fluss_v1_ListPartitionsRequest__Output } from '../../fluss/v1/ListPartitionsRequest.ts';
import type { ListPartitionsResponse as _fluss_v1_ListPartitionsResponse, ListPartitionsResponse__Output as _fluss_v1_ListPartitionsResponse__Output } from '../../fluss/v1/ListPartitionsResponse.ts';
import type { ListServersRequest as _fluss_v1_ListServersRequest, ListServersRequest__Output as _fluss_v1_ListServersRequest__Output } from '../../fluss/v1/ListServersRequest.ts';
import type { ListServersResponse as _fluss_v1_ListServersResponse, ListServersResponse__Output as _fluss_v1_ListServersResponse__Output } from '../../fluss/v1/ListServersResponse.ts';
import type { ListTablesRequest as _fluss_v1_ListTablesRequest, ListTablesRequest__Output as _fluss_v1_ListTablesRequest__Output } from '../../fluss/v1/ListTablesRequest.ts';
import type { ListTablesResponse as _fluss_v1_ListTablesResponse, ListTablesResponse__Output as _fluss_v1_ListTablesResponse__Output } from '../../fluss/v1/ListTablesResponse.ts';
import type { RebalanceRequest as _fluss_v1_RebalanceRequest, RebalanceRequest__Output as _fluss_v1_RebalanceRequest__Output } from '../../fluss/v1/RebalanceRequest.ts';
import type { RebalanceResponse as _fluss_v1_RebalanceResponse, RebalanceResponse__Output as _fluss_v1_RebalanceResponse__Output } from '../../fluss/v1/RebalanceResponse.ts';
import type { RegisterTabletServerRequest as _fluss_v1_RegisterTabletServerRequest, RegisterTabletServerRequest__Output as _fluss_v1_RegisterTabletServerRequest__Output } from '../../fluss/v1/RegisterTabletServerRequest.ts';
import type { RegisterTabletServerResponse as _fluss_v1_RegisterTabletServerResponse, RegisterTabletServerResponse__Output as _fluss_v1_RegisterTabletServerResponse__Output } from '../../fluss/v1/RegisterTabletServerResponse.ts';
import type { RemoveServerTagRequest as _fluss_v1_RemoveServerTagRequest, RemoveServerTagRequest__Output as _fluss_v1_RemoveServerTagRequest__Output } from '../../fluss/v1/RemoveServerTagRequest.ts';
import type { RemoveServerTagResponse as _fluss_v1_RemoveServerTagResponse, RemoveServerTagResponse__Output as _fluss_v1_RemoveServerTagResponse__Output } from '../../fluss/v1/RemoveServerTagResponse.ts';

export interface CoordinatorServiceClient extends grpc.Client {
  AddServerTag(argument: _fluss_v1_AddServerTagRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  AddServerTag(argument: _fluss_v1_AddServerTagRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  AddServerTag(argument: _fluss_v1_AddServerTagRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  AddServerTag(argument: _fluss_v1_AddServerTagRequest, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  addServerTag(argument: _fluss_v1_AddServerTagRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  addServerTag(argument: _fluss_v1_AddServerTagRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  addServerTag(argument: _fluss_v1_AddServerTagRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  addServerTag(argument: _fluss_v1_AddServerTagRequest, callback: grpc.requestCallback<_fluss_v1_AddServerTagResponse__Output>): grpc.ClientUnaryCall;
  
  AlterIsr(argument: _fluss_v1_AlterIsrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  AlterIsr(argument: _fluss_v1_AlterIsrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  AlterIsr(argument: _fluss_v1_AlterIsrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  AlterIsr(argument: _fluss_v1_AlterIsrRequest, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  alterIsr(argument: _fluss_v1_AlterIsrRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  alterIsr(argument: _fluss_v1_AlterIsrRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  alterIsr(argument: _fluss_v1_AlterIsrRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  alterIsr(argument: _fluss_v1_AlterIsrRequest, callback: grpc.requestCallback<_fluss_v1_AlterIsrResponse__Output>): grpc.ClientUnaryCall;
  
  AlterTable(argument: _fluss_v1_AlterTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  AlterTable(argument: _fluss_v1_AlterTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  AlterTable(argument: _fluss_v1_AlterTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  AlterTable(argument: _fluss_v1_AlterTableRequest, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  alterTable(argument: _fluss_v1_AlterTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  alterTable(argument: _fluss_v1_AlterTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  alterTable(argument: _fluss_v1_AlterTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  alterTable(argument: _fluss_v1_AlterTableRequest, callback: grpc.requestCallback<_fluss_v1_AlterTableResponse__Output>): grpc.ClientUnaryCall;
  
  CancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  CancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  CancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  CancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  cancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  cancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  cancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  cancelRebalance(argument: _fluss_v1_CancelRebalanceRequest, callback: grpc.requestCallback<_fluss_v1_CancelRebalanceResponse__Output>): grpc.ClientUnaryCall;
  
  CommitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  CommitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  CommitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  CommitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  commitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  commitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  commitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  commitKvSnapshot(argument: _fluss_v1_CommitKvSnapshotRequest, callback: grpc.requestCallback<_fluss_v1_CommitKvSnapshotResponse__Output>): grpc.ClientUnaryCall;
  
  CommitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  CommitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  CommitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  CommitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  commitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  commitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  commitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  commitRemoteLogManifest(argument: _fluss_v1_CommitRemoteLogManifestRequest, callback: grpc.requestCallback<_fluss_v1_CommitRemoteLogManifestResponse__Output>): grpc.ClientUnaryCall;
  
  ControlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  ControlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  controlledShutdown(argument: _fluss_v1_ControlledShutdownRequest, callback: grpc.requestCallback<_fluss_v1_ControlledShutdownResponse__Output>): grpc.ClientUnaryCall;
  
  CreateDatabase(argument: _fluss_v1_CreateDatabaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  CreateDatabase(argument: _fluss_v1_CreateDatabaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  CreateDatabase(argument: _fluss_v1_CreateDatabaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  CreateDatabase(argument: _fluss_v1_CreateDatabaseRequest, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  createDatabase(argument: _fluss_v1_CreateDatabaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  createDatabase(argument: _fluss_v1_CreateDatabaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  createDatabase(argument: _fluss_v1_CreateDatabaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  createDatabase(argument: _fluss_v1_CreateDatabaseRequest, callback: grpc.requestCallback<_fluss_v1_CreateDatabaseResponse__Output>): grpc.ClientUnaryCall;
  
  CreatePartition(argument: _fluss_v1_CreatePartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  CreatePartition(argument: _fluss_v1_CreatePartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  CreatePartition(argument: _fluss_v1_CreatePartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  CreatePartition(argument: _fluss_v1_CreatePartitionRequest, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  createPartition(argument: _fluss_v1_CreatePartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  createPartition(argument: _fluss_v1_CreatePartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  createPartition(argument: _fluss_v1_CreatePartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  createPartition(argument: _fluss_v1_CreatePartitionRequest, callback: grpc.requestCallback<_fluss_v1_CreatePartitionResponse__Output>): grpc.ClientUnaryCall;
  
  CreateTable(argument: _fluss_v1_CreateTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  CreateTable(argument: _fluss_v1_CreateTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  CreateTable(argument: _fluss_v1_CreateTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  CreateTable(argument: _fluss_v1_CreateTableRequest, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  createTable(argument: _fluss_v1_CreateTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  createTable(argument: _fluss_v1_CreateTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  createTable(argument: _fluss_v1_CreateTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  createTable(argument: _fluss_v1_CreateTableRequest, callback: grpc.requestCallback<_fluss_v1_CreateTableResponse__Output>): grpc.ClientUnaryCall;
  
  DropDatabase(argument: _fluss_v1_DropDatabaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  DropDatabase(argument: _fluss_v1_DropDatabaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  DropDatabase(argument: _fluss_v1_DropDatabaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  DropDatabase(argument: _fluss_v1_DropDatabaseRequest, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  dropDatabase(argument: _fluss_v1_DropDatabaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  dropDatabase(argument: _fluss_v1_DropDatabaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  dropDatabase(argument: _fluss_v1_DropDatabaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  dropDatabase(argument: _fluss_v1_DropDatabaseRequest, callback: grpc.requestCallback<_fluss_v1_DropDatabaseResponse__Output>): grpc.ClientUnaryCall;
  
  DropPartition(argument: _fluss_v1_DropPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  DropPartition(argument: _fluss_v1_DropPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  DropPartition(argument: _fluss_v1_DropPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  DropPartition(argument: _fluss_v1_DropPartitionRequest, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  dropPartition(argument: _fluss_v1_DropPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  dropPartition(argument: _fluss_v1_DropPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  dropPartition(argument: _fluss_v1_DropPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  dropPartition(argument: _fluss_v1_DropPartitionRequest, callback: grpc.requestCallback<_fluss_v1_DropPartitionResponse__Output>): grpc.ClientUnaryCall;
  
  DropTable(argument: _fluss_v1_DropTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  DropTable(argument: _fluss_v1_DropTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  DropTable(argument: _fluss_v1_DropTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  DropTable(argument: _fluss_v1_DropTableRequest, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  dropTable(argument: _fluss_v1_DropTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  dropTable(argument: _fluss_v1_DropTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  dropTable(argument: _fluss_v1_DropTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  dropTable(argument: _fluss_v1_DropTableRequest, callback: grpc.requestCallback<_fluss_v1_DropTableResponse__Output>): grpc.ClientUnaryCall;
  
  ElectPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  electPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  electPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  electPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  electPreferredLeaders(argument: _fluss_v1_ElectPreferredLeadersRequest, callback: grpc.requestCallback<_fluss_v1_ElectPreferredLeadersResponse__Output>): grpc.ClientUnaryCall;
  
  GetKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  GetKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  GetKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  GetKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  getKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  getKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  getKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  getKvSnapshots(argument: _fluss_v1_GetKvSnapshotsRequest, callback: grpc.requestCallback<_fluss_v1_GetKvSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  
  GetMetadata(argument: _fluss_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _fluss_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _fluss_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _fluss_v1_GetMetadataRequest, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _fluss_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _fluss_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _fluss_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _fluss_v1_GetMetadataRequest, callback: grpc.requestCallback<_fluss_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  
  GetRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  GetRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  GetRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  GetRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  getRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  getRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  getRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  getRebalanceProgress(argument: _fluss_v1_GetRebalanceProgressRequest, callback: grpc.requestCallback<_fluss_v1_GetRebalanceProgressResponse__Output>): grpc.ClientUnaryCall;
  
  GetRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  GetRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  GetRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  GetRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  getRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  getRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  getRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  getRemoteLogManifests(argument: _fluss_v1_GetRemoteLogManifestsRequest, callback: grpc.requestCallback<_fluss_v1_GetRemoteLogManifestsResponse__Output>): grpc.ClientUnaryCall;
  
  GetTable(argument: _fluss_v1_GetTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  GetTable(argument: _fluss_v1_GetTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  GetTable(argument: _fluss_v1_GetTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  GetTable(argument: _fluss_v1_GetTableRequest, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  getTable(argument: _fluss_v1_GetTableRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  getTable(argument: _fluss_v1_GetTableRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  getTable(argument: _fluss_v1_GetTableRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  getTable(argument: _fluss_v1_GetTableRequest, callback: grpc.requestCallback<_fluss_v1_GetTableResponse__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _fluss_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _fluss_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _fluss_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _fluss_v1_HeartbeatRequest, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _fluss_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _fluss_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _fluss_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _fluss_v1_HeartbeatRequest, callback: grpc.requestCallback<_fluss_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  ListDatabases(argument: _fluss_v1_ListDatabasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  ListDatabases(argument: _fluss_v1_ListDatabasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  ListDatabases(argument: _fluss_v1_ListDatabasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  ListDatabases(argument: _fluss_v1_ListDatabasesRequest, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  listDatabases(argument: _fluss_v1_ListDatabasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  listDatabases(argument: _fluss_v1_ListDatabasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  listDatabases(argument: _fluss_v1_ListDatabasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  listDatabases(argument: _fluss_v1_ListDatabasesRequest, callback: grpc.requestCallback<_fluss_v1_ListDatabasesResponse__Output>): grpc.ClientUnaryCall;
  
  ListPartitions(argument: _fluss_v1_ListPartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitions(argument: _fluss_v1_ListPartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitions(argument: _fluss_v1_ListPartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitions(argument: _fluss_v1_ListPartitionsRequest, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  listPartitions(argument: _fluss_v1_ListPartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  listPartitions(argument: _fluss_v1_ListPartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  listPartitions(argument: _fluss_v1_ListPartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  listPartitions(argument: _fluss_v1_ListPartitionsRequest, callback: grpc.requestCallback<_fluss_v1_ListPartitionsResponse__Output>): grpc.ClientUnaryCall;
  
  ListServers(argument: _fluss_v1_ListServersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  ListServers(argument: _fluss_v1_ListServersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  ListServers(argument: _fluss_v1_ListServersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  ListServers(argument: _fluss_v1_ListServersRequest, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  listServers(argument: _fluss_v1_ListServersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  listServers(argument: _fluss_v1_ListServersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  listServers(argument: _fluss_v1_ListServersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  listServers(argument: _fluss_v1_ListServersRequest, callback: grpc.requestCallback<_fluss_v1_ListServersResponse__Output>): grpc.ClientUnaryCall;
  
  ListTables(argument: _fluss_v1_ListTablesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  ListTables(argument: _fluss_v1_ListTablesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  ListTables(argument: _fluss_v1_ListTablesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  ListTables(argument: _fluss_v1_ListTablesRequest, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  listTables(argument: _fluss_v1_ListTablesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  listTables(argument: _fluss_v1_ListTablesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  listTables(argument: _fluss_v1_ListTablesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  listTables(argument: _fluss_v1_ListTablesRequest, callback: grpc.requestCallback<_fluss_v1_ListTablesResponse__Output>): grpc.ClientUnaryCall;
  
  Rebalance(argument: _fluss_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _fluss_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _fluss_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _fluss_v1_RebalanceRequest, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _fluss_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _fluss_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _fluss_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _fluss_v1_RebalanceRequest, callback: grpc.requestCallback<_fluss_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  
  RegisterTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  RegisterTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  RegisterTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  RegisterTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  registerTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  registerTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  registerTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  registerTabletServer(argument: _fluss_v1_RegisterTabletServerRequest, callback: grpc.requestCallback<_fluss_v1_RegisterTabletServerResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveServerTag(argument: _fluss_v1_RemoveServerTagRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  RemoveServerTag(argument: _fluss_v1_RemoveServerTagRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  RemoveServerTag(argument: _fluss_v1_RemoveServerTagRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  RemoveServerTag(argument: _fluss_v1_RemoveServerTagRequest, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  removeServerTag(argument: _fluss_v1_RemoveServerTagRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  removeServerTag(argument: _fluss_v1_RemoveServerTagRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  removeServerTag(argument: _fluss_v1_RemoveServerTagRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  removeServerTag(argument: _fluss_v1_RemoveServerTagRequest, callback: grpc.requestCallback<_fluss_v1_RemoveServerTagResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CoordinatorServiceHandlers extends grpc.UntypedServiceImplementation {
  AddServerTag: grpc.handleUnaryCall<_fluss_v1_AddServerTagRequest__Output, _fluss_v1_AddServerTagResponse>;
  
  AlterIsr: grpc.handleUnaryCall<_fluss_v1_AlterIsrRequest__Output, _fluss_v1_AlterIsrResponse>;
  
  AlterTable: grpc.handleUnaryCall<_fluss_v1_AlterTableRequest__Output, _fluss_v1_AlterTableResponse>;
  
  CancelRebalance: grpc.handleUnaryCall<_fluss_v1_CancelRebalanceRequest__Output, _fluss_v1_CancelRebalanceResponse>;
  
  CommitKvSnapshot: grpc.handleUnaryCall<_fluss_v1_CommitKvSnapshotRequest__Output, _fluss_v1_CommitKvSnapshotResponse>;
  
  CommitRemoteLogManifest: grpc.handleUnaryCall<_fluss_v1_CommitRemoteLogManifestRequest__Output, _fluss_v1_CommitRemoteLogManifestResponse>;
  
  ControlledShutdown: grpc.handleUnaryCall<_fluss_v1_ControlledShutdownRequest__Output, _fluss_v1_ControlledShutdownResponse>;
  
  CreateDatabase: grpc.handleUnaryCall<_fluss_v1_CreateDatabaseRequest__Output, _fluss_v1_CreateDatabaseResponse>;
  
  CreatePartition: grpc.handleUnaryCall<_fluss_v1_CreatePartitionRequest__Output, _fluss_v1_CreatePartitionResponse>;
  
  CreateTable: grpc.handleUnaryCall<_fluss_v1_CreateTableRequest__Output, _fluss_v1_CreateTableResponse>;
  
  DropDatabase: grpc.handleUnaryCall<_fluss_v1_DropDatabaseRequest__Output, _fluss_v1_DropDatabaseResponse>;
  
  DropPartition: grpc.handleUnaryCall<_fluss_v1_DropPartitionRequest__Output, _fluss_v1_DropPartitionResponse>;
  
  DropTable: grpc.handleUnaryCall<_fluss_v1_DropTableRequest__Output, _fluss_v1_DropTableResponse>;
  
  ElectPreferredLeaders: grpc.handleUnaryCall<_fluss_v1_ElectPreferredLeadersRequest__Output, _fluss_v1_ElectPreferredLeadersResponse>;
  
  GetKvSnapshots: grpc.handleUnaryCall<_fluss_v1_GetKvSnapshotsRequest__Output, _fluss_v1_GetKvSnapshotsResponse>;
  
  GetMetadata: grpc.handleUnaryCall<_fluss_v1_GetMetadataRequest__Output, _fluss_v1_GetMetadataResponse>;
  
  GetRebalanceProgress: grpc.handleUnaryCall<_fluss_v1_GetRebalanceProgressRequest__Output, _fluss_v1_GetRebalanceProgressResponse>;
  
  GetRemoteLogManifests: grpc.handleUnaryCall<_fluss_v1_GetRemoteLogManifestsRequest__Output, _fluss_v1_GetRemoteLogManifestsResponse>;
  
  GetTable: grpc.handleUnaryCall<_fluss_v1_GetTableRequest__Output, _fluss_v1_GetTableResponse>;
  
  Heartbeat: grpc.handleUnaryCall<_fluss_v1_HeartbeatRequest__Output, _fluss_v1_HeartbeatResponse>;
  
  ListDatabases: grpc.handleUnaryCall<_fluss_v1_ListDatabasesRequest__Output, _fluss_v1_ListDatabasesResponse>;
  
  ListPartitions: grpc.handleUnaryCall<_fluss_v1_ListPartitionsRequest__Output, _fluss_v1_ListPartitionsResponse>;
  
  ListServers: grpc.handleUnaryCall<_fluss_v1_ListServersRequest__Output, _fluss_v1_ListServersResponse>;
  
  ListTables: grpc.handleUnaryCall<_fluss_v1_ListTablesRequest__Output, _fluss_v1_ListTablesResponse>;
  
  Rebalance: grpc.handleUnaryCall<_fluss_v1_RebalanceRequest__Output, _fluss_v1_RebalanceResponse>;
  
  RegisterTabletServer: grpc.handleUnaryCall<_fluss_v1_RegisterTabletServerRequest__Output, _fluss_v1_RegisterTabletServerResponse>;
  
  RemoveServerTag: grpc.handleUnaryCall<_fluss_v1_RemoveServerTagRequest__Output, _fluss_v1_RemoveServerTagResponse>;
  
}

export interface CoordinatorServiceDefinition extends grpc.ServiceDefinition {
  AddServerTag: MethodDefinition<_fluss_v1_AddServerTagRequest, _fluss_v1_AddServerTagResponse, _fluss_v1_AddServerTagRequest__Output, _fluss_v1_AddServerTagResponse__Output>
  AlterIsr: MethodDefinition<_fluss_v1_AlterIsrRequest, _fluss_v1_AlterIsrResponse, _fluss_v1_AlterIsrRequest__Output, _fluss_v1_AlterIsrResponse__Output>
  AlterTable: MethodDefinition<_fluss_v1_AlterTableRequest, _fluss_v1_AlterTableResponse, _fluss_v1_AlterTableRequest__Output, _fluss_v1_AlterTableResponse__Output>
  CancelRebalance: MethodDefinition<_fluss_v1_CancelRebalanceRequest, _fluss_v1_CancelRebalanceResponse, _fluss_v1_CancelRebalanceRequest__Output, _fluss_v1_CancelRebalanceResponse__Output>
  CommitKvSnapshot: MethodDefinition<_fluss_v1_CommitKvSnapshotRequest, _fluss_v1_CommitKvSnapshotResponse, _fluss_v1_CommitKvSnapshotRequest__Output, _fluss_v1_CommitKvSnapshotResponse__Output>
  CommitRemoteLogManifest: MethodDefinition<_fluss_v1_CommitRemoteLogManifestRequest, _fluss_v1_CommitRemoteLogManifestResponse, _fluss_v1_CommitRemoteLogManifestRequest__Output, _fluss_v1_CommitRemoteLogManifestResponse__Output>
  ControlledShutdown: MethodDefinition<_fluss_v1_ControlledShutdownRequest, _fluss_v1_ControlledShutdownResponse, _fluss_v1_ControlledShutdownRequest__Output, _fluss_v1_ControlledShutdownResponse__Output>
  CreateDatabase: MethodDefinition<_fluss_v1_CreateDatabaseRequest, _fluss_v1_CreateDatabaseResponse, _fluss_v1_CreateDatabaseRequest__Output, _fluss_v1_CreateDatabaseResponse__Output>
  CreatePartition: MethodDefinition<_fluss_v1_CreatePartitionRequest, _fluss_v1_CreatePartitionResponse, _fluss_v1_CreatePartitionRequest__Output, _fluss_v1_CreatePartitionResponse__Output>
  CreateTable: MethodDefinition<_fluss_v1_CreateTableRequest, _fluss_v1_CreateTableResponse, _fluss_v1_CreateTableRequest__Output, _fluss_v1_CreateTableResponse__Output>
  DropDatabase: MethodDefinition<_fluss_v1_DropDatabaseRequest, _fluss_v1_DropDatabaseResponse, _fluss_v1_DropDatabaseRequest__Output, _fluss_v1_DropDatabaseResponse__Output>
  DropPartition: MethodDefinition<_fluss_v1_DropPartitionRequest, _fluss_v1_DropPartitionResponse, _fluss_v1_DropPartitionRequest__Output, _fluss_v1_DropPartitionResponse__Output>
  DropTable: MethodDefinition<_fluss_v1_DropTableRequest, _fluss_v1_DropTableResponse, _fluss_v1_DropTableRequest__Output, _fluss_v1_DropTableResponse__Output>
  ElectPreferredLeaders: MethodDefinition<_fluss_v1_ElectPreferredLeadersRequest, _fluss_v1_ElectPreferredLeadersResponse, _fluss_v1_ElectPreferredLeadersRequest__Output, _fluss_v1_ElectPreferredLeadersResponse__Output>
  GetKvSnapshots: MethodDefinition<_fluss_v1_GetKvSnapshotsRequest, _fluss_v1_GetKvSnapshotsResponse, _fluss_v1_GetKvSnapshotsRequest__Output, _fluss_v1_GetKvSnapshotsResponse__Output>
  GetMetadata: MethodDefinition<_fluss_v1_GetMetadataRequest, _fluss_v1_GetMetadataResponse, _fluss_v1_GetMetadataRequest__Output, _fluss_v1_GetMetadataResponse__Output>
  GetRebalanceProgress: MethodDefinition<_fluss_v1_GetRebalanceProgressRequest, _fluss_v1_GetRebalanceProgressResponse, _fluss_v1_GetRebalanceProgressRequest__Output, _fluss_v1_GetRebalanceProgressResponse__Output>
  GetRemoteLogManifests: MethodDefinition<_fluss_v1_GetRemoteLogManifestsRequest, _fluss_v1_GetRemoteLogManifestsResponse, _fluss_v1_GetRemoteLogManifestsRequest__Output, _fluss_v1_GetRemoteLogManifestsResponse__Output>
  GetTable: MethodDefinition<_fluss_v1_GetTableRequest, _fluss_v1_GetTableResponse, _fluss_v1_GetTableRequest__Output, _fluss_v1_GetTableResponse__Output>
  Heartbeat: MethodDefinition<_fluss_v1_HeartbeatRequest, _fluss_v1_HeartbeatResponse, _fluss_v1_HeartbeatRequest__Output, _fluss_v1_HeartbeatResponse__Output>
  ListDatabases: MethodDefinition<_fluss_v1_ListDatabasesRequest, _fluss_v1_ListDatabasesResponse, _fluss_v1_ListDatabasesRequest__Output, _fluss_v1_ListDatabasesResponse__Output>
  ListPartitions: MethodDefinition<_fluss_v1_ListPartitionsRequest, _fluss_v1_ListPartitionsResponse, _fluss_v1_ListPartitionsRequest__Output, _fluss_v1_ListPartitionsResponse__Output>
  ListServers: MethodDefinition<_fluss_v1_ListServersRequest, _fluss_v1_ListServersResponse, _fluss_v1_ListServersRequest__Output, _fluss_v1_ListServersResponse__Output>
  ListTables: MethodDefinition<_fluss_v1_ListTablesRequest, _fluss_v1_ListTablesResponse, _fluss_v1_ListTablesRequest__Output, _fluss_v1_ListTablesResponse__Output>
  Rebalance: MethodDefinition<_fluss_v1_RebalanceRequest, _fluss_v1_RebalanceResponse, _fluss_v1_RebalanceRequest__Output, _fluss_v1_RebalanceResponse__Output>
  RegisterTabletServer: MethodDefinition<_fluss_v1_RegisterTabletServerRequest, _fluss_v1_RegisterTabletServerResponse, _fluss_v1_RegisterTabletServerRequest__Output, _fluss_v1_RegisterTabletServerResponse__Output>
  RemoveServerTag: MethodDefinition<_fluss_v1_RemoveServerTagRequest, _fluss_v1_RemoveServerTagResponse, _fluss_v1_RemoveServerTagRequest__Output, _fluss_v1_RemoveServerTagResponse__Output>
}
