import type { PartitionInfo, TableInfo } from '../table/table-info.ts';
import type { BucketAssignment } from '../table/table-bucket.ts';
import type { BucketLocation__Output } from './generated/fluss/v1/BucketLocation.ts';
import type { TableInfo__Output } from './generated/fluss/v1/TableInfo.ts';
import type { TableInfo as WireTableInfo } from './generated/fluss/v1/TableInfo.ts';
import type { PartitionInfo as WirePartitionInfo } from './generated/fluss/v1/PartitionInfo.ts';
import { FlussError } from './errors.ts';

/** The wire message of a table (the domain shape is a subset of it). */
export function tableToWire(table: TableInfo): WireTableInfo {
  return { ...table };
}

/** A table received over the wire: path and schema must be there. */
export function tableFromWire(wire: TableInfo__Output): TableInfo {
  if (wire.path === null || wire.schema === null) {
    throw new FlussError('INVALID_ARGUMENT', `Table ${wire.tableId} arrived without its ${wire.path === null ? 'path' : 'schema'}`);
  }
  return {
    tableId: wire.tableId,
    incarnation: wire.incarnation,
    path: { database: wire.path.database, table: wire.path.table },
    schema: { schemaId: wire.schema.schemaId, columns: wire.schema.columns.map((c) => ({ ...c })) },
    primaryKey: [...wire.primaryKey],
    bucketKey: [...wire.bucketKey],
    buckets: wire.buckets,
    partitionKeys: [...wire.partitionKeys],
    properties: { ...wire.properties },
    comment: wire.comment,
    createdAtMs: wire.createdAtMs,
    modifiedAtMs: wire.modifiedAtMs,
    replicationFactor: wire.replicationFactor,
  };
}

export function partitionToWire(partition: PartitionInfo): WirePartitionInfo {
  return { ...partition };
}

export function bucketToWire(bucket: BucketAssignment): BucketLocation__Output {
  return { ...bucket, addingReplicas: bucket.addingReplicas ?? [], removingReplicas: bucket.removingReplicas ?? [] };
}

export function bucketFromWire(wire: BucketLocation__Output): BucketAssignment {
  const { addingReplicas, removingReplicas, ...rest } = wire;
  const moving =
    addingReplicas.length > 0 || removingReplicas.length > 0 ? { addingReplicas: [...addingReplicas], removingReplicas: [...removingReplicas] } : {};
  return { ...rest, replicas: [...wire.replicas], isr: [...wire.isr], ...moving };
}
