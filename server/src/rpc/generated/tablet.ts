import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from './fluss/v1/BucketLocation.ts';
import type { BucketOffset as _fluss_v1_BucketOffset, BucketOffset__Output as _fluss_v1_BucketOffset__Output } from './fluss/v1/BucketOffset.ts';
import type { Column as _fluss_v1_Column, Column__Output as _fluss_v1_Column__Output } from './fluss/v1/Column.ts';
import type { ColumnSpec as _fluss_v1_ColumnSpec, ColumnSpec__Output as _fluss_v1_ColumnSpec__Output } from './fluss/v1/ColumnSpec.ts';
import type { FetchBucket as _fluss_v1_FetchBucket, FetchBucket__Output as _fluss_v1_FetchBucket__Output } from './fluss/v1/FetchBucket.ts';
import type { FetchLogRequest as _fluss_v1_FetchLogRequest, FetchLogRequest__Output as _fluss_v1_FetchLogRequest__Output } from './fluss/v1/FetchLogRequest.ts';
import type { FetchLogResponse as _fluss_v1_FetchLogResponse, FetchLogResponse__Output as _fluss_v1_FetchLogResponse__Output } from './fluss/v1/FetchLogResponse.ts';
import type { FetchRequest as _fluss_v1_FetchRequest, FetchRequest__Output as _fluss_v1_FetchRequest__Output } from './fluss/v1/FetchRequest.ts';
import type { FetchResponse as _fluss_v1_FetchResponse, FetchResponse__Output as _fluss_v1_FetchResponse__Output } from './fluss/v1/FetchResponse.ts';
import type { FetchedBucket as _fluss_v1_FetchedBucket, FetchedBucket__Output as _fluss_v1_FetchedBucket__Output } from './fluss/v1/FetchedBucket.ts';
import type { ListOffsetsRequest as _fluss_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _fluss_v1_ListOffsetsRequest__Output } from './fluss/v1/ListOffsetsRequest.ts';
import type { ListOffsetsResponse as _fluss_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _fluss_v1_ListOffsetsResponse__Output } from './fluss/v1/ListOffsetsResponse.ts';
import type { LookupRequest as _fluss_v1_LookupRequest, LookupRequest__Output as _fluss_v1_LookupRequest__Output } from './fluss/v1/LookupRequest.ts';
import type { LookupResponse as _fluss_v1_LookupResponse, LookupResponse__Output as _fluss_v1_LookupResponse__Output } from './fluss/v1/LookupResponse.ts';
import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from './fluss/v1/PartitionInfo.ts';
import type { PrefixLookupRequest as _fluss_v1_PrefixLookupRequest, PrefixLookupRequest__Output as _fluss_v1_PrefixLookupRequest__Output } from './fluss/v1/PrefixLookupRequest.ts';
import type { PrefixLookupResponse as _fluss_v1_PrefixLookupResponse, PrefixLookupResponse__Output as _fluss_v1_PrefixLookupResponse__Output } from './fluss/v1/PrefixLookupResponse.ts';
import type { ProduceRequest as _fluss_v1_ProduceRequest, ProduceRequest__Output as _fluss_v1_ProduceRequest__Output } from './fluss/v1/ProduceRequest.ts';
import type { ProduceResponse as _fluss_v1_ProduceResponse, ProduceResponse__Output as _fluss_v1_ProduceResponse__Output } from './fluss/v1/ProduceResponse.ts';
import type { PutKvRequest as _fluss_v1_PutKvRequest, PutKvRequest__Output as _fluss_v1_PutKvRequest__Output } from './fluss/v1/PutKvRequest.ts';
import type { PutKvResponse as _fluss_v1_PutKvResponse, PutKvResponse__Output as _fluss_v1_PutKvResponse__Output } from './fluss/v1/PutKvResponse.ts';
import type { RecordBatch as _fluss_v1_RecordBatch, RecordBatch__Output as _fluss_v1_RecordBatch__Output } from './fluss/v1/RecordBatch.ts';
import type { ReplicaFetchBucket as _fluss_v1_ReplicaFetchBucket, ReplicaFetchBucket__Output as _fluss_v1_ReplicaFetchBucket__Output } from './fluss/v1/ReplicaFetchBucket.ts';
import type { ReplicaFetchedBucket as _fluss_v1_ReplicaFetchedBucket, ReplicaFetchedBucket__Output as _fluss_v1_ReplicaFetchedBucket__Output } from './fluss/v1/ReplicaFetchedBucket.ts';
import type { Schema as _fluss_v1_Schema, Schema__Output as _fluss_v1_Schema__Output } from './fluss/v1/Schema.ts';
import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from './fluss/v1/ServerNode.ts';
import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from './fluss/v1/TableInfo.ts';
import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from './fluss/v1/TablePath.ts';
import type { TableSpec as _fluss_v1_TableSpec, TableSpec__Output as _fluss_v1_TableSpec__Output } from './fluss/v1/TableSpec.ts';
import type { TabletServiceClient as _fluss_v1_TabletServiceClient, TabletServiceDefinition as _fluss_v1_TabletServiceDefinition } from './fluss/v1/TabletService.ts';
import type { UpdateBucketStatesRequest as _fluss_v1_UpdateBucketStatesRequest, UpdateBucketStatesRequest__Output as _fluss_v1_UpdateBucketStatesRequest__Output } from './fluss/v1/UpdateBucketStatesRequest.ts';
import type { UpdateBucketStatesResponse as _fluss_v1_UpdateBucketStatesResponse, UpdateBucketStatesResponse__Output as _fluss_v1_UpdateBucketStatesResponse__Output } from './fluss/v1/UpdateBucketStatesResponse.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  fluss: {
    v1: {
      BucketLocation: MessageTypeDefinition<_fluss_v1_BucketLocation, _fluss_v1_BucketLocation__Output>
      BucketOffset: MessageTypeDefinition<_fluss_v1_BucketOffset, _fluss_v1_BucketOffset__Output>
      Column: MessageTypeDefinition<_fluss_v1_Column, _fluss_v1_Column__Output>
      ColumnSpec: MessageTypeDefinition<_fluss_v1_ColumnSpec, _fluss_v1_ColumnSpec__Output>
      FetchBucket: MessageTypeDefinition<_fluss_v1_FetchBucket, _fluss_v1_FetchBucket__Output>
      FetchLogRequest: MessageTypeDefinition<_fluss_v1_FetchLogRequest, _fluss_v1_FetchLogRequest__Output>
      FetchLogResponse: MessageTypeDefinition<_fluss_v1_FetchLogResponse, _fluss_v1_FetchLogResponse__Output>
      FetchRequest: MessageTypeDefinition<_fluss_v1_FetchRequest, _fluss_v1_FetchRequest__Output>
      FetchResponse: MessageTypeDefinition<_fluss_v1_FetchResponse, _fluss_v1_FetchResponse__Output>
      FetchedBucket: MessageTypeDefinition<_fluss_v1_FetchedBucket, _fluss_v1_FetchedBucket__Output>
      ListOffsetsRequest: MessageTypeDefinition<_fluss_v1_ListOffsetsRequest, _fluss_v1_ListOffsetsRequest__Output>
      ListOffsetsResponse: MessageTypeDefinition<_fluss_v1_ListOffsetsResponse, _fluss_v1_ListOffsetsResponse__Output>
      LookupRequest: MessageTypeDefinition<_fluss_v1_LookupRequest, _fluss_v1_LookupRequest__Output>
      LookupResponse: MessageTypeDefinition<_fluss_v1_LookupResponse, _fluss_v1_LookupResponse__Output>
      OffsetSpec: EnumTypeDefinition
      PartitionInfo: MessageTypeDefinition<_fluss_v1_PartitionInfo, _fluss_v1_PartitionInfo__Output>
      PrefixLookupRequest: MessageTypeDefinition<_fluss_v1_PrefixLookupRequest, _fluss_v1_PrefixLookupRequest__Output>
      PrefixLookupResponse: MessageTypeDefinition<_fluss_v1_PrefixLookupResponse, _fluss_v1_PrefixLookupResponse__Output>
      ProduceRequest: MessageTypeDefinition<_fluss_v1_ProduceRequest, _fluss_v1_ProduceRequest__Output>
      ProduceResponse: MessageTypeDefinition<_fluss_v1_ProduceResponse, _fluss_v1_ProduceResponse__Output>
      PutKvRequest: MessageTypeDefinition<_fluss_v1_PutKvRequest, _fluss_v1_PutKvRequest__Output>
      PutKvResponse: MessageTypeDefinition<_fluss_v1_PutKvResponse, _fluss_v1_PutKvResponse__Output>
      RecordBatch: MessageTypeDefinition<_fluss_v1_RecordBatch, _fluss_v1_RecordBatch__Output>
      ReplicaFetchBucket: MessageTypeDefinition<_fluss_v1_ReplicaFetchBucket, _fluss_v1_ReplicaFetchBucket__Output>
      ReplicaFetchedBucket: MessageTypeDefinition<_fluss_v1_ReplicaFetchedBucket, _fluss_v1_ReplicaFetchedBucket__Output>
      Schema: MessageTypeDefinition<_fluss_v1_Schema, _fluss_v1_Schema__Output>
      ServerNode: MessageTypeDefinition<_fluss_v1_ServerNode, _fluss_v1_ServerNode__Output>
      TableInfo: MessageTypeDefinition<_fluss_v1_TableInfo, _fluss_v1_TableInfo__Output>
      TablePath: MessageTypeDefinition<_fluss_v1_TablePath, _fluss_v1_TablePath__Output>
      TableSpec: MessageTypeDefinition<_fluss_v1_TableSpec, _fluss_v1_TableSpec__Output>
      TabletService: SubtypeConstructor<typeof grpc.Client, _fluss_v1_TabletServiceClient> & { service: _fluss_v1_TabletServiceDefinition }
      UpdateBucketStatesRequest: MessageTypeDefinition<_fluss_v1_UpdateBucketStatesRequest, _fluss_v1_UpdateBucketStatesRequest__Output>
      UpdateBucketStatesResponse: MessageTypeDefinition<_fluss_v1_UpdateBucketStatesResponse, _fluss_v1_UpdateBucketStatesResponse__Output>
    }
  }
}

