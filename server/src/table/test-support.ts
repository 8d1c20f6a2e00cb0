import type { TableInfo } from './table-info.ts';

/** A one-column log table (tests only): override what a test cares about. */
export function testTableInfo(overrides: Partial<TableInfo> = {}): TableInfo {
  return {
    tableId: 1,
    incarnation: 'incarnation-1',
    path: { database: 'db', table: 'events' },
    schema: { schemaId: 1, columns: [{ id: 0, name: 'id', type: 'BIGINT', nullable: false, comment: '' }] },
    primaryKey: [],
    bucketKey: [],
    buckets: 1,
    partitionKeys: [],
    properties: {},
    comment: '',
    createdAtMs: 0,
    modifiedAtMs: 0,
    replicationFactor: 1,
    ...overrides,
  };
}
