// An in-memory coordinator admin for reconciler unit tests, failing as the coordinator does
// (FlussErrors with its codes).
import type { BucketRemoteLog, TableInfo } from '../../../server/src/client/admin.ts';
import type { TableDescriptor } from '../../../server/src/client/table-descriptor.ts';
import { formatTablePath, toTablePath, type TablePath } from '../../../server/src/client/table-path.ts';
import { FlussError } from '../../../server/src/rpc/errors.ts';
import type { CoordinatorAdmin } from './admin-client.ts';

type AlterChanges = Parameters<CoordinatorAdmin['alterTable']>[1];

const keyOf = (path: string | TablePath): string => formatTablePath(toTablePath(path));
const unknownTable = (path: string | TablePath): FlussError => new FlussError('UNKNOWN_TABLE', `Table ${keyOf(path)} does not exist`);

export class FakeCoordinatorAdmin implements CoordinatorAdmin {
  readonly tables = new Map<string, TableInfo>();
  readonly calls: string[] = [];
  /** Remote log per bucket, by table path ('db.table'); a table without an entry has uploaded nothing. */
  readonly remoteLogByTable = new Map<string, BucketRemoteLog[]>();
  /** Thrown by remoteLogs only (a coordinator without the call, say). */
  remoteLogsError: Error | undefined;
  available = true;
  #nextId = 1;

  #check(call: string): void {
    this.calls.push(call);
    if (!this.available) throw new FlussError('UNAVAILABLE', 'connection refused');
  }

  #existing(path: string | TablePath): TableInfo {
    const table = this.tables.get(keyOf(path));
    if (!table) throw unknownTable(path);
    return table;
  }

  async getTable(path: string | TablePath): Promise<TableInfo> {
    this.#check('getTable');
    return this.#existing(path);
  }

  async createTable(spec: TableDescriptor): Promise<TableInfo> {
    this.#check('createTable');
    const key = `${spec.database}.${spec.name}`;
    if (this.tables.has(key)) throw new FlussError('TABLE_ALREADY_EXISTS', `${key} exists`);
    if (spec.schema.columns.some((column) => column.type === 'NOPE')) throw new FlussError('INVALID_ARGUMENT', 'unknown type NOPE');
    const primaryKey = spec.primaryKey ?? [];
    const bucketKey = spec.bucketKey ?? [];
    const table: TableInfo = {
      tableId: this.#nextId++,
      path: { database: spec.database, table: spec.name },
      schema: {
        schemaId: 1,
        columns: spec.schema.columns.map((column, id) => ({
          id,
          name: column.name,
          type: column.type,
          nullable: column.nullable ?? true,
          comment: column.comment ?? '',
        })),
      },
      primaryKey,
      bucketKey: bucketKey.length > 0 ? bucketKey : primaryKey,
      buckets: spec.buckets || 3,
      partitionKeys: spec.partitionKeys ?? [],
      properties: { ...spec.properties },
      comment: spec.comment ?? '',
      createdAtMs: 0,
      modifiedAtMs: 0,
      replicationFactor: 1,
      incarnation: `fake-${this.#nextId}`,
    };
    this.tables.set(key, table);
    return table;
  }

  async alterTable(path: string | TablePath, changes: AlterChanges): Promise<TableInfo> {
    this.#check('alterTable');
    const table = this.#existing(path);
    for (const key of changes.resetProperties ?? []) delete table.properties[key];
    Object.assign(table.properties, changes.setProperties);
    if (changes.comment) table.comment = changes.comment;
    return table;
  }

  async dropTable(path: string | TablePath, options: { ignoreIfNotExists?: boolean } = {}): Promise<void> {
    this.#check('dropTable');
    if (!this.tables.delete(keyOf(path)) && !options.ignoreIfNotExists) throw unknownTable(path);
  }

  async remoteLogs(path: string | TablePath): Promise<BucketRemoteLog[]> {
    this.#check('remoteLogs');
    if (this.remoteLogsError) throw this.remoteLogsError;
    const table = this.#existing(path);
    const none = { startOffset: 0, endOffset: 0, sizeBytes: 0, segments: 0 };
    return this.remoteLogByTable.get(keyOf(path)) ?? Array.from({ length: table.buckets }, (_, bucket) => ({ partitionId: -1, bucket, ...none }));
  }
}
