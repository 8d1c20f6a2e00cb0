import { describe, expect, it } from 'vitest';
import type { TableShape } from '../api/types.ts';
import type { TableInfo } from '../../../server/src/client/admin.ts';
import { toTableSpec } from '../../../server/src/client/table-descriptor.ts';
import { diffTable, normalizeType } from './table-diff.ts';

const shape: TableShape = {
  database: 'shop',
  name: 'orders',
  schema: {
    columns: [
      { name: 'id', type: 'BIGINT', nullable: false },
      { name: 'amount', type: 'DECIMAL(10,2)' },
    ],
  },
  primaryKey: ['id'],
  buckets: 4,
  properties: { 'table.log.ttl': '7d' },
};

function liveTable(overrides: Partial<TableInfo> = {}): TableInfo {
  return {
    tableId: 7,
    path: { database: 'shop', table: 'orders' },
    schema: {
      schemaId: 1,
      columns: [
        { id: 0, name: 'id', type: 'BIGINT', nullable: false, comment: '' },
        { id: 1, name: 'amount', type: 'decimal(10, 2)', nullable: true, comment: '' },
      ],
    },
    primaryKey: ['id'],
    bucketKey: ['id'],
    buckets: 4,
    partitionKeys: [],
    properties: { 'table.log.ttl': '7d', 'table.replication.factor': '1' },
    comment: '',
    createdAtMs: 0,
    modifiedAtMs: 0,
    replicationFactor: 1,
    incarnation: 'i1',
    ...overrides,
  };
}

describe('toTableSpec (what the operator sends for a FlussTable spec)', () => {
  it('fills the defaults the coordinator expects', () => {
    expect(toTableSpec({ database: 'd', name: 't', schema: { columns: [{ name: 'a', type: 'INT' }] } })).toEqual({
      database: 'd',
      name: 't',
      columns: [{ name: 'a', type: 'INT', nullable: true, comment: '' }],
      primaryKey: [],
      bucketKey: [],
      buckets: 0,
      partitionKeys: [],
      properties: {},
      comment: '',
    });
  });
});

describe('diffTable', () => {
  it('finds nothing to do when the live table matches (type spelling and server defaults aside)', () => {
    expect(diffTable(shape, liveTable(), ['table.log.ttl'])).toEqual({ unsupported: [], alter: undefined });
  });

  it('sets changed properties and resets only keys it managed before', () => {
    const diff = diffTable({ ...shape, properties: { 'table.datalake.enabled': 'true' } }, liveTable(), ['table.log.ttl']);
    expect(diff.alter).toEqual({
      path: { database: 'shop', table: 'orders' },
      setProperties: { 'table.datalake.enabled': 'true' },
      resetProperties: ['table.log.ttl'],
      comment: '',
    });
  });

  it('reports schema, key and bucket changes as unsupported and does not alter for them', () => {
    const changed: TableShape = {
      ...shape,
      buckets: 8,
      schema: {
        columns: [
          { name: 'id', type: 'BIGINT', nullable: false },
          { name: 'amount', type: 'DOUBLE' },
          { name: 'note', type: 'STRING' },
        ],
      },
    };
    const diff = diffTable(changed, liveTable(), ['table.log.ttl']);
    expect(diff.unsupported).toEqual(['column amount type decimal(10, 2) -> DOUBLE', 'column note would be added', 'buckets 4 -> 8']);
    expect(diff.alter).toBeUndefined();
  });
});

describe('normalizeType', () => {
  it('ignores case and spaces', () => {
    expect(normalizeType('timestamp_ltz( 3 )')).toBe('TIMESTAMP_LTZ(3)');
  });
});
