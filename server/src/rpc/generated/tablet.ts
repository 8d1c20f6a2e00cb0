import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BucketOffset as _fluss_v1_BucketOffset, BucketOffset__Output as _fluss_v1_BucketOffset__Output } from './fluss/v1/BucketOffset.ts';
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
import type { PrefixLookupRequest as _fluss_v1_PrefixLookupRequest, PrefixLookupRequest__Output as _fluss_v1_PrefixLookupRequest__Output } from './fluss/v1/PrefixLookupRequest.ts';
import type { PrefixLookupResponse as _fluss_v1_PrefixLookupResponse, PrefixLookupResponse__Output as _fluss_v1_PrefixLookupResponse__Output } from './fluss/v1/PrefixLookupResponse.ts';
import type { ProduceRequest as _fluss_v1_ProduceRequest, ProduceRequest__Output as _fluss_v1_ProduceRequest__Output } from './fluss/v1/ProduceRequest.ts';
import type { ProduceResponse as _fluss_v1_ProduceResponse, ProduceResponse__Output as _fluss_v1_ProduceResponse__Output } from './fluss/v1/ProduceResponse.ts';
import type { PutKvRequest as _fluss_v1_PutKvRequest, PutKvRequest__Output as _fluss_v1_PutKvRequest__Output } from './fluss/v1/PutKvRequest.ts';
import type { PutKvResponse as _fluss_v1_PutKvResponse, PutKvResponse__Output as _fluss_v1_PutKvResponse__Output } from './fluss/v1/PutKvResponse.ts';
import type { RecordBatch as _fluss_v1_RecordBatch, RecordBatch__Output as _fluss_v1_RecordBatch__Output } from './fluss/v1/RecordBatch.ts';
import type { ReplicaFetchBucket as _fluss_v1_ReplicaFetchBucket, ReplicaFetchBucket__Output as _fluss_v1_ReplicaFetchBucket__Output } from './fluss/v1/ReplicaFetchBucket.ts';
import type { ReplicaFetchedBucket as _fluss_v1_ReplicaFetchedBucket, ReplicaFetchedBucket__Output as _fluss_v1_ReplicaFetchedBucket__Output } from './fluss/v1/ReplicaFetchedBucket.ts';
import type { TabletServiceClient as _fluss_v1_TabletServiceClient, TabletServiceDefinition as _fluss_v1_TabletServiceDefinition } from './fluss/v1/TabletService.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  fluss: {
    v1: {
      BucketOffset: MessageTypeDefinition<_fluss_v1_BucketOffset, _fluss_v1_BucketOffset__Output>
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
      PrefixLookupRequest: MessageTypeDefinition<_fluss_v1_PrefixLookupRequest, _fluss_v1_PrefixLookupRequest__Output>
      PrefixLookupResponse: MessageTypeDefinition<_fluss_v1_PrefixLookupResponse, _fluss_v1_PrefixLookupResponse__Output>
      ProduceRequest: MessageTypeDefinition<_fluss_v1_ProduceRequest, _fluss_v1_ProduceRequest__Output>
      ProduceResponse: MessageTypeDefinition<_fluss_v1_ProduceResponse, _fluss_v1_ProduceResponse__Output>
      PutKvRequest: MessageTypeDefinition<_fluss_v1_PutKvRequest, _fluss_v1_PutKvRequest__Output>
      PutKvResponse: MessageTypeDefinition<_fluss_v1_PutKvResponse, _fluss_v1_PutKvResponse__Output>
      RecordBatch: MessageTypeDefinition<_fluss_v1_RecordBatch, _fluss_v1_RecordBatch__Output>
      ReplicaFetchBucket: MessageTypeDefinition<_fluss_v1_ReplicaFetchBucket, _fluss_v1_ReplicaFetchBucket__Output>
      ReplicaFetchedBucket: MessageTypeDefinition<_fluss_v1_ReplicaFetchedBucket, _fluss_v1_ReplicaFetchedBucket__Output>
      TabletService: SubtypeConstructor<typeof grpc.Client, _fluss_v1_TabletServiceClient> & { service: _fluss_v1_TabletServiceDefinition }
    }
  }
}

