// The admin messages as proto-loader decodes them (keepCase false: camelCase; longs: Number;
// defaults: true, so every field is present). Mirrors server/proto/fluss/v1/common.proto.

export interface TablePath {
  database: string;
  table: string;
}

export interface ColumnSpecMessage {
  name: string;
  type: string;
  nullable: boolean;
  comment: string;
}

export interface TableSpecMessage {
  database: string;
  name: string;
  columns: ColumnSpecMessage[];
  primaryKey: string[];
  bucketKey: string[];
  buckets: number;
  partitionKeys: string[];
  properties: Record<string, string>;
  comment: string;
}

export interface ColumnMessage {
  id: number;
  name: string;
  type: string;
  nullable: boolean;
  comment: string;
}

export interface TableInfo {
  tableId: number;
  path: TablePath | null;
  schema: { schemaId: number; columns: ColumnMessage[] } | null;
  primaryKey: string[];
  bucketKey: string[];
  buckets: number;
  partitionKeys: string[];
  properties: Record<string, string>;
  comment: string;
  createdAtMs: number;
  modifiedAtMs: number;
  replicationFactor: number;
}

export interface AlterTableRequest {
  path: TablePath;
  setProperties: Record<string, string>;
  resetProperties: string[];
  comment: string;
}
