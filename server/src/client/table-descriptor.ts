import type { TableSpec } from '../rpc/generated/fluss/v1/TableSpec.ts';

export interface ColumnDescriptor {
  name: string;
  /** SQL-like spelling, e.g. "BIGINT", "DECIMAL(10,2)", "TIMESTAMP_LTZ(3)" (docs/data-types.md). */
  type: string;
  /** @default true */
  nullable?: boolean;
  comment?: string;
}

/**
 * A table to create, in the shape of a FlussTable spec and of `fluss table create -f` YAML, so the
 * operator, the CLI and programs describe tables the same way.
 */
export interface TableDescriptor {
  database: string;
  name: string;
  schema: { columns: ColumnDescriptor[] };
  primaryKey?: string[];
  /** @default the primary key without partition keys; none (sticky buckets) for log tables */
  bucketKey?: string[];
  /** @default the cluster's default bucket count */
  buckets?: number;
  partitionKeys?: string[];
  properties?: Record<string, string>;
  comment?: string;
}

/** The wire form of a descriptor; the coordinator validates it (docs/tables.md). */
export function toTableSpec(descriptor: TableDescriptor): TableSpec {
  return {
    database: descriptor.database,
    name: descriptor.name,
    columns: descriptor.schema.columns.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.nullable ?? true,
      comment: column.comment ?? '',
    })),
    primaryKey: descriptor.primaryKey ?? [],
    bucketKey: descriptor.bucketKey ?? [],
    buckets: descriptor.buckets ?? 0,
    partitionKeys: descriptor.partitionKeys ?? [],
    properties: descriptor.properties ?? {},
    comment: descriptor.comment ?? '',
  };
}
