// An in-memory coordinator admin for reconciler unit tests.
import { AdminError, type CoordinatorAdmin } from './admin-client.ts';
import type { AlterTableRequest, TableInfo, TablePath, TableSpecMessage } from './messages.ts';

export class FakeCoordinatorAdmin implements CoordinatorAdmin {
  readonly tables = new Map<string, TableInfo>();
  readonly calls: string[] = [];
  available = true;
  #nextId = 1;

  #check(call: string): void {
    this.calls.push(call);
    if (!this.available) throw new AdminError('UNAVAILABLE', 'connection refused');
  }

  async getTable(path: TablePath): Promise<TableInfo | undefined> {
    this.#check('getTable');
    return this.tables.get(`${path.database}.${path.table}`);
  }

  async createTable(spec: TableSpecMessage): Promise<TableInfo> {
    this.#check('createTable');
    const key = `${spec.database}.${spec.name}`;
    if (this.tables.has(key)) throw new AdminError('ALREADY_EXISTS', `${key} exists`);
    if (spec.columns.some((column) => column.type === 'NOPE')) throw new AdminError('INVALID_ARGUMENT', 'unknown type NOPE');
    const table: TableInfo = {
      tableId: this.#nextId++,
      path: { database: spec.database, table: spec.name },
      schema: { schemaId: 1, columns: spec.columns.map((column, id) => ({ id, ...column })) },
      primaryKey: spec.primaryKey,
      bucketKey: spec.bucketKey.length > 0 ? spec.bucketKey : spec.primaryKey,
      buckets: spec.buckets || 3,
      partitionKeys: spec.partitionKeys,
      properties: { ...spec.properties },
      comment: spec.comment,
      createdAtMs: 0,
      modifiedAtMs: 0,
      replicationFactor: 1,
    };
    this.tables.set(key, table);
    return table;
  }

  async alterTable(request: AlterTableRequest): Promise<TableInfo> {
    this.#check('alterTable');
    const table = this.tables.get(`${request.path.database}.${request.path.table}`);
    if (!table) throw new AdminError('NOT_FOUND', 'no table');
    for (const key of request.resetProperties) delete table.properties[key];
    Object.assign(table.properties, request.setProperties);
    if (request.comment) table.comment = request.comment;
    return table;
  }

  async dropTable(path: TablePath): Promise<boolean> {
    this.#check('dropTable');
    return this.tables.delete(`${path.database}.${path.table}`);
  }

  async ping(): Promise<void> {
    this.#check('ping');
  }

  close(): void {}
}
