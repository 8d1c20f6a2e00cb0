import { randomUUID } from 'node:crypto';

/**
 * The cluster's own model of tables and buckets: what the coordinator keeps (and persists in
 * metadata.json) and what tablet servers work with. The gRPC messages are a separate, wire-only
 * shape; rpc/table-wire.ts converts at the edge, so a wire change never reaches storage or
 * metadata by accident.
 */

export interface TablePath {
  database: string;
  table: string;
}

/** A column of a schema. Its id is given once and never changes or gets reused. */
export interface ColumnInfo {
  id: number;
  name: string;
  /** A type as written in specs, e.g. `BIGINT`, `DECIMAL(10, 2)`, `TIMESTAMP_LTZ(3)`. */
  type: string;
  nullable: boolean;
  comment: string;
}

export interface Schema {
  schemaId: number;
  columns: ColumnInfo[];
}

/** A table as it exists in the cluster. */
export interface TableInfo {
  tableId: number;
  /** Unique to this creation of the table (a UUID), recorded in each replica's directory. */
  incarnation: string;
  path: TablePath;
  schema: Schema;
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

export interface PartitionInfo {
  partitionId: number;
  /** Partition values joined with `$` in partition-key order. */
  name: string;
  spec: Record<string, string>;
  createdAtMs: number;
}

/** A column as a table spec asks for it (the id is given at creation). */
export interface ColumnSpec {
  name: string;
  type: string;
  nullable: boolean;
  comment: string;
}

/** What a CreateTable asks for, before validation and defaults. */
export interface TableSpec {
  database: string;
  name: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  bucketKey: string[];
  buckets: number;
  partitionKeys: string[];
  properties: Record<string, string>;
  comment: string;
}

/** The incarnation given to tables created before incarnations existed. */
export function legacyIncarnation(table: { tableId: number; createdAtMs: number }): string {
  return `legacy-${table.tableId}-${table.createdAtMs}`;
}

export function isLegacyIncarnation(incarnation: string): boolean {
  return incarnation.startsWith('legacy-');
}

/** A new table's incarnation. */
export function newIncarnation(): string {
  return randomUUID();
}
