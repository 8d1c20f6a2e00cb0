// Original file: fluss/v1/tablet.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FetchRequest as _fluss_v1_FetchRequest, FetchRequest__Output as _fluss_v1_FetchRequest__Output } from '../../fluss/v1/FetchRequest.ts';
import type { FetchResponse as _fluss_v1_FetchResponse, FetchResponse__Output as _fluss_v1_FetchResponse__Output } from '../../fluss/v1/FetchResponse.ts';
import type { ListOffsetsRequest as _fluss_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _fluss_v1_ListOffsetsRequest__Output } from '../../fluss/v1/ListOffsetsRequest.ts';
import type { ListOffsetsResponse as _fluss_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _fluss_v1_ListOffsetsResponse__Output } from '../../fluss/v1/ListOffsetsResponse.ts';
import type { ProduceRequest as _fluss_v1_ProduceRequest, ProduceRequest__Output as _fluss_v1_ProduceRequest__Output } from '../../fluss/v1/ProduceRequest.ts';
import type { ProduceResponse as _fluss_v1_ProduceResponse, ProduceResponse__Output as _fluss_v1_ProduceResponse__Output } from '../../fluss/v1/ProduceResponse.ts';

export interface TabletServiceClient extends grpc.Client {
  Fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _fluss_v1_FetchRequest, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _fluss_v1_FetchRequest, callback: grpc.requestCallback<_fluss_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _fluss_v1_ListOffsetsRequest, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _fluss_v1_ListOffsetsRequest, callback: grpc.requestCallback<_fluss_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  Produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _fluss_v1_ProduceRequest, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _fluss_v1_ProduceRequest, callback: grpc.requestCallback<_fluss_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface TabletServiceHandlers extends grpc.UntypedServiceImplementation {
  Fetch: grpc.handleUnaryCall<_fluss_v1_FetchRequest__Output, _fluss_v1_FetchResponse>;
  
  ListOffsets: grpc.handleUnaryCall<_fluss_v1_ListOffsetsRequest__Output, _fluss_v1_ListOffsetsResponse>;
  
  Produce: grpc.handleUnaryCall<_fluss_v1_ProduceRequest__Output, _fluss_v1_ProduceResponse>;
  
}

export interface TabletServiceDefinition extends grpc.ServiceDefinition {
  Fetch: MethodDefinition<_fluss_v1_FetchRequest, _fluss_v1_FetchResponse, _fluss_v1_FetchRequest__Output, _fluss_v1_FetchResponse__Output>
  ListOffsets: MethodDefinition<_fluss_v1_ListOffsetsRequest, _fluss_v1_ListOffsetsResponse, _fluss_v1_ListOffsetsRequest__Output, _fluss_v1_ListOffsetsResponse__Output>
  Produce: MethodDefinition<_fluss_v1_ProduceRequest, _fluss_v1_ProduceResponse, _fluss_v1_ProduceRequest__Output, _fluss_v1_ProduceResponse__Output>
}
