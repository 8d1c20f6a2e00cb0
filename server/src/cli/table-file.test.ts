import { describe, expect, it } from 'vitest';
import { parseTableFile } from './table-file.ts';

const SPEC = `
database: shop
name: orders
schema:
  columns:
    - {name: id, type: BIGINT, nullable: false}
    - {name: region, type: STRING, comment: "where"}
    - {name: total, type: "DECIMAL(10,2)"}
primaryKey: [id, region]
bucketKey: [id]
buckets: 8
partitionKeys: [region]
properties:
  table.log.ttl: 3d
  table.auto-partition.num-precreate: 3
  table.auto-partition.enabled: false
comment: orders by region
`;

describe('parseTableFile', () => {
  it('reads a table spec, stringifying numeric and boolean properties', () => {
    expect(parseTableFile(SPEC, 'orders.yaml')).toEqual([
      {
        database: 'shop',
        name: 'orders',
        schema: {
          columns: [
            { name: 'id', type: 'BIGINT', nullable: false },
            { name: 'region', type: 'STRING', comment: 'where' },
            { name: 'total', type: 'DECIMAL(10,2)' },
          ],
        },
        primaryKey: ['id', 'region'],
        bucketKey: ['id'],
        buckets: 8,
        partitionKeys: ['region'],
        properties: { 'table.log.ttl': '3d', 'table.auto-partition.num-precreate': '3', 'table.auto-partition.enabled': 'false' },
        comment: 'orders by region',
      },
    ]);
  });

  it('takes the spec of a FlussTable resource and reads every document', () => {
    const resource = `apiVersion: fluss.apache.org/v1alpha1
kind: FlussTable
metadata: {name: t}
spec:
  clusterRef: {name: demo}
  database: a
  name: t
  schema: {columns: [{name: x, type: INT}]}
---
database: b
name: u
schema: {columns: [{name: y, type: STRING}]}
`;
    expect(parseTableFile(resource, 'f.yaml').map((t) => `${t.database}.${t.name}`)).toEqual(['a.t', 'b.u']);
  });

  it('names the problem and where it is', () => {
    expect(() => parseTableFile('database: a\nname: t\n', 'f.yaml')).toThrow('f.yaml: "schema.columns" must be a list of columns');
    expect(() => parseTableFile('database: a\nname: t\nschema: {columns: [{name: x}]}\n', 'f.yaml')).toThrow(
      'f.yaml: schema.columns[0] ("x"): type must be a non-empty string',
    );
    expect(() => parseTableFile('database: a\nname: t\nbuckets: 0\nschema: {columns: [{name: x, type: INT}]}\n', 'f.yaml')).toThrow(
      '"buckets" must be a positive integer: 0',
    );
    expect(() => parseTableFile('database: a\nname: t\nprimarykey: [x]\nschema: {columns: []}\n', 'f.yaml')).toThrow('unknown field "primarykey"');
    expect(() => parseTableFile('name: [t\n', 'f.yaml')).toThrow(/^f\.yaml: .+/);
  });

  it('ignores empty documents', () => {
    expect(parseTableFile('', 'f.yaml')).toEqual([]);
    expect(parseTableFile('---\n---\n', 'f.yaml')).toEqual([]);
  });
});
