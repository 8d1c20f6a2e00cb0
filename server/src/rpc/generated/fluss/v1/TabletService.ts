// Original file: fluss/v1/tablet.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FetchLogRequest as _fluss_v1_FetchLogRequest, FetchLogRequest__Output as _fluss_v1_FetchLogRequest__Output } from '../../fluss/v1/FetchLogRequest.ts';
import type { FetchLogResponse as _fluss_v1_FetchLogResponse, FetchLogResponse__Output as _fluss_v1_FetchLogResponse__Output } from '../../fluss/v1/FetchLogResponse.ts';
import type { FetchRequest as _fluss_v1_FetchRequest, FetchRequest__Output as _fluss_v1_FetchRequest__Output } from '../../fluss/v1/FetchRequest.ts';
import type { FetchResponse as _fluss_v1_FetchResponse, FetchResponse__Output as _fluss_v1_FetchResponse__Output } from '../../fluss/v1/FetchResponse.ts';
import type { ListOffsetsRequest as _fluss_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _fluss_v1_ListOffsetsRequest__Output } from '../../fluss/v1/ListOffsetsRequest.ts';
import type { ListOffsetsResponse as _fluss_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _fluss_v1_ListOffsetsResponse__Output } from '../../fluss/v1/ListOffsetsResponse.ts';
import type { LookupRequest as _fluss_v1_LookupRequest, LookupRequest__Output as _fluss_v1_LookupRequest__Output } from '../../fluss/v1/LookupRequest.ts';
import type { LookupResponse as _fluss_v1_LookupResponse, LookupResponse__Output as _fluss_v1_LookupResponse__Output } from '../../fluss/v1/LookupResponse.ts';
import type { PrefixLookupRequest as _fluss_v1_PrefixLookupRequest, PrefixLookupRequest__Output as _fluss_v1_PrefixLookupRequest__Output } from '../../fluss/v1/PrefixLookupRequest.ts';
import type { PrefixLookupResponse as _fluss_v1_PrefixLookupResponse, PrefixLookupResponse__Output as _fluss_v1_PrefixLookupResponse__Output } from '../../fluss/v1/PrefixLookupResponse.ts';
import type { ProduceRequest as _fluss_v1_ProduceRequest, ProduceRequest__Output as _fluss_v1_ProduceRequest__Output } from '../../fluss/v1/ProduceRequest.ts';
import type { ProduceResponse as _fluss_v1_ProduceResponse, ProduceResponse__Output as _fluss_v1_ProduceResponse__Output } from '../../fluss/v1/ProduceResponse.ts';
import type { PutKvRequest as _fluss_v1_PutKvRequest, PutKvRequest__Output as _fluss_v1_PutKvRequest__Output } from '../../fluss/v1/PutKvRequest.ts';
import type { PutKvResponse as _fluss_v1_PutKvResponse, PutKvResponse__Output as _fluss_v1_PutKvResponse__Output } from '../../fluss/v1/PutKvResponse.ts';
import type { UpdateBucketStatesRequest as _fluss_v1_UpdateBucketStatesRequest, UpdateBucketStatesRequest__Output as _fluss_v1_UpdateBucketStatesRequest__Output } from '../../fluss/v1/UpdateBucketStatesRequest.ts';
import type { UpdateBucketStatesResponse as _fluss_v1_UpdateBucketStatesResponse, UpdateBucketStatesResponse__Output as _fluss_v1_UpdateBucketStatesResponse__Output } from '../../fluss/v1/UpdateBucketStatesResponse.ts';

export interface TabletServiceClient extends grpc.Client {
  Fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  FetchLog(argument: _fluss_v1_FetchLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  FetchLog(argument: _fluss_v1_FetchLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  FetchLog(argument: _fluss_v1_FetchLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  FetchLog(argument: _fluss_v1_FetchLogRequest, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  fetchLog(argument: _fluss_v1_FetchLogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  fetchLog(argument: _fluss_v1_FetchLogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  fetchLog(argument: _fluss_v1_FetchLogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  fetchLog(argument: _fluss_v1_FetchLogRequest, callback: grpc.requestCallback<_fluss_v1_FetchLogResponse__Output>): grpc.ClientUnaryCall;
  
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  Lookup(argument: _fluss_v1_LookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _fluss_v1_LookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _fluss_v1_LookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _fluss_v1_LookupRequest, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _fluss_v1_LookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _fluss_v1_LookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _fluss_v1_LookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _fluss_v1_LookupRequest, callback: grpc.requestCallback<_fluss_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  
  PrefixLookup(argument: _fluss_v1_PrefixLookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  PrefixLookup(argument: _fluss_v1_PrefixLookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  PrefixLookup(argument: _fluss_v1_PrefixLookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  PrefixLookup(argument: _fluss_v1_PrefixLookupRequest, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  prefixLookup(argument: _fluss_v1_PrefixLookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  prefixLookup(argument: _fluss_v1_PrefixLookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  prefixLookup(argument: _fluss_v1_PrefixLookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  prefixLookup(argument: _fluss_v1_PrefixLookupRequest, callback: grpc.requestCallback<_fluss_v1_PrefixLookupResponse__Output>): grpc.ClientUnaryCall;
  
  Produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  
  PutKv(argument: _fluss_v1_PutKvRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  PutKv(argument: _fluss_v1_PutKvRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  PutKv(argument: _fluss_v1_PutKvRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  PutKv(argument: _fluss_v1_PutKvRequest, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  putKv(argument: _fluss_v1_PutKvRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  putKv(argument: _fluss_v1_PutKvRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  putKv(argument: _fluss_v1_PutKvRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  putKv(argument: _fluss_v1_PutKvRequest, callback: grpc.requestCallback<_fluss_v1_PutKvResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  UpdateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  UpdateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  UpdateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  updateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  updateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  updateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  updateBucketStates(argument: _fluss_v1_UpdateBucketStatesRequest, callback: grpc.requestCallback<_fluss_v1_UpdateBucketStatesResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface TabletServiceHandlers extends grpc.UntypedServiceImplementation {
  Fetch: grpc.handleUnaryCall<_fluss_v1_FetchRequest__Output, _fluss_v1_FetchResponse>;
  
  FetchLog: grpc.handleUnaryCall<_fluss_v1_FetchLogRequest__Output, _fluss_v1_FetchLogResponse>;
  
  ListOffsets: grpc.handleUnaryCall<_fluss_v1_ListOffsetsRequest__Output, _fluss_v1_ListOffsetsResponse>;
  
  Lookup: grpc.handleUnaryCall<_fluss_v1_LookupRequest__Output, _fluss_v1_LookupResponse>;
  
  PrefixLookup: grpc.handleUnaryCall<_fluss_v1_PrefixLookupRequest__Output, _fluss_v1_PrefixLookupResponse>;
  
  Produce: grpc.handleUnaryCall<_fluss_v1_ProduceRequest__Output, _fluss_v1_ProduceResponse>;
  
  PutKv: grpc.handleUnaryCall<_fluss_v1_PutKvRequest__Output, _fluss_v1_PutKvResponse>;
  
  UpdateBucketStates: grpc.handleUnaryCall<_fluss_v1_UpdateBucketStatesRequest__Output, _fluss_v1_UpdateBucketStatesResponse>;
  
}

export interface TabletServiceDefinition extends grpc.ServiceDefinition {
  Fetch: MethodDefinition<_fluss_v1_FetchRequest, _fluss_v1_FetchResponse, _fluss_v1_FetchRequest__Output, _fluss_v1_FetchResponse__Output>
  FetchLog: MethodDefinition<_fluss_v1_FetchLogRequest, _fluss_v1_FetchLogResponse, _fluss_v1_FetchLogRequest__Output, _fluss_v1_FetchLogResponse__Output>
  ListOffsets: MethodDefinition<_fluss_v1_ListOffsetsRequest, _fluss_v1_ListOffsetsResponse, _fluss_v1_ListOffsetsRequest__Output, _fluss_v1_ListOffsetsResponse__Output>
  Lookup: MethodDefinition<_fluss_v1_LookupRequest, _fluss_v1_LookupResponse, _fluss_v1_LookupRequest__Output, _fluss_v1_LookupResponse__Output>
  PrefixLookup: MethodDefinition<_fluss_v1_PrefixLookupRequest, _fluss_v1_PrefixLookupResponse, _fluss_v1_PrefixLookupRequest__Output, _fluss_v1_PrefixLookupResponse__Output>
  Produce: MethodDefinition<_fluss_v1_ProduceRequest, _fluss_v1_ProduceResponse, _fluss_v1_ProduceRequest__Output, _fluss_v1_ProduceResponse__Output>
  PutKv: MethodDefinition<_fluss_v1_PutKvRequest, _fluss_v1_PutKvResponse, _fluss_v1_PutKvRequest__Output, _fluss_v1_PutKvResponse__Output>
  UpdateBucketStates: MethodDefinition<_fluss_v1_UpdateBucketStatesRequest, _fluss_v1_UpdateBucketStatesResponse, _fluss_v1_UpdateBucketStatesRequest__Output, _fluss_v1_UpdateBucketStatesResponse__Output>
}
