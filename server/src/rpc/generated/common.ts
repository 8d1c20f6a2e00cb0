import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BucketLocation as _fluss_v1_BucketLocation, BucketLocation__Output as _fluss_v1_BucketLocation__Output } from './fluss/v1/BucketLocation.ts';
import type { Column as _fluss_v1_Column, Column__Output as _fluss_v1_Column__Output } from './fluss/v1/Column.ts';
import type { ColumnSpec as _fluss_v1_ColumnSpec, ColumnSpec__Output as _fluss_v1_ColumnSpec__Output } from './fluss/v1/ColumnSpec.ts';
import type { PartitionInfo as _fluss_v1_PartitionInfo, PartitionInfo__Output as _fluss_v1_PartitionInfo__Output } from './fluss/v1/PartitionInfo.ts';
import type { Schema as _fluss_v1_Schema, Schema__Output as _fluss_v1_Schema__Output } from './fluss/v1/Schema.ts';
import type { ServerNode as _fluss_v1_ServerNode, ServerNode__Output as _fluss_v1_ServerNode__Output } from './fluss/v1/ServerNode.ts';
import type { TableInfo as _fluss_v1_TableInfo, TableInfo__Output as _fluss_v1_TableInfo__Output } from './fluss/v1/TableInfo.ts';
import type { TablePath as _fluss_v1_TablePath, TablePath__Output as _fluss_v1_TablePath__Output } from './fluss/v1/TablePath.ts';
import type { TableSpec as _fluss_v1_TableSpec, TableSpec__Output as _fluss_v1_TableSpec__Output } from './fluss/v1/TableSpec.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  fluss: {
    v1: {
      BucketLocation: MessageTypeDefinition<_fluss_v1_BucketLocation, _fluss_v1_BucketLocation__Output>
      Column: MessageTypeDefinition<_fluss_v1_Column, _fluss_v1_Column__Output>
      ColumnSpec: MessageTypeDefinition<_fluss_v1_ColumnSpec, _fluss_v1_ColumnSpec__Output>
      PartitionInfo: MessageTypeDefinition<_fluss_v1_PartitionInfo, _fluss_v1_PartitionInfo__Output>
      Schema: MessageTypeDefinition<_fluss_v1_Schema, _fluss_v1_Schema__Output>
      ServerNode: MessageTypeDefinition<_fluss_v1_ServerNode, _fluss_v1_ServerNode__Output>
      TableInfo: MessageTypeDefinition<_fluss_v1_TableInfo, _fluss_v1_TableInfo__Output>
      TablePath: MessageTypeDefinition<_fluss_v1_TablePath, _fluss_v1_TablePath__Output>
      TableSpec: MessageTypeDefinition<_fluss_v1_TableSpec, _fluss_v1_TableSpec__Output>
    }
  }
}

