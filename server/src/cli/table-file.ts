import { parseAllDocuments } from 'yaml';
import type { ColumnDescriptor, TableDescriptor } from '../client/index.ts';
import { CliError } from './errors.ts';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the tables of a YAML file: each document is a table spec (`database`, `name`, `schema`,
 * ...) or a whole FlussTable resource, whose `spec` is used. Errors name the document and field.
 */
export function parseTableFile(text: string, source: string): TableDescriptor[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  return documents.flatMap((document, index) => {
    const first = document.errors[0];
    // The parser's message continues with a source excerpt; its first line says it all.
    if (first !== undefined) throw new CliError(`${source}: ${first.message.split('\n')[0]}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    const where = documents.length > 1 ? `${source} (document ${index + 1})` : source;
    const spec = isFields(value) && value['kind'] === 'FlussTable' ? value['spec'] : value;
    return [toDescriptor(spec, where)];
  });
}

function toDescriptor(value: unknown, where: string): TableDescriptor {
  const fail = (message: string): never => {
    throw new CliError(`${where}: ${message}`);
  };
  if (!isFields(value)) return fail('expected a mapping with database, name and schema');
  const known = new Set([
    'database',
    'name',
    'schema',
    'primaryKey',
    'bucketKey',
    'buckets',
    'partitionKeys',
    'properties',
    'comment',
    'clusterRef',
    'deletionPolicy',
  ]);
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) fail(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);

  const text = (field: string, required: boolean): string | undefined => {
    const v = value[field];
    if (v === undefined || v === null) return required ? fail(`"${field}" is required`) : undefined;
    if (typeof v !== 'string' || v === '') return fail(`"${field}" must be a non-empty string`);
    return v;
  };
  const names = (field: string): string[] | undefined => {
    const v = value[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((item) => typeof item === 'string')) return fail(`"${field}" must be a list of column names`);
    return v as string[];
  };

  const schema = value['schema'];
  if (!isFields(schema) || !Array.isArray(schema['columns'])) return fail('"schema.columns" must be a list of columns');
  const columns = (schema['columns'] as unknown[]).map((column, i) => toColumn(column, `schema.columns[${i}]`, fail));

  const descriptor: TableDescriptor = { database: text('database', true)!, name: text('name', true)!, schema: { columns } };
  const primaryKey = names('primaryKey');
  const bucketKey = names('bucketKey');
  const partitionKeys = names('partitionKeys');
  const comment = text('comment', false);
  if (primaryKey !== undefined) descriptor.primaryKey = primaryKey;
  if (bucketKey !== undefined) descriptor.bucketKey = bucketKey;
  if (partitionKeys !== undefined) descriptor.partitionKeys = partitionKeys;
  if (comment !== undefined) descriptor.comment = comment;
  const buckets = value['buckets'];
  if (buckets !== undefined && buckets !== null) {
    if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets < 1) fail(`"buckets" must be a positive integer: ${String(buckets)}`);
    descriptor.buckets = buckets as number;
  }
  const properties = value['properties'];
  if (properties !== undefined && properties !== null) {
    if (!isFields(properties)) return fail('"properties" must be a mapping of strings');
    descriptor.properties = Object.fromEntries(
      Object.entries(properties).map(([key, v]) => {
        // YAML reads `7d` as a string but `3` and `true` as scalars: the wire wants strings.
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          return fail(`property "${key}" must be a string, number or boolean`);
        }
        return [key, String(v)];
      }),
    );
  }
  return descriptor;
}

function toColumn(value: unknown, where: string, fail: (message: string) => never): ColumnDescriptor {
  if (!isFields(value)) return fail(`${where} must be a mapping with name and type`);
  const { name, type, nullable, comment } = value;
  if (typeof name !== 'string' || name === '') return fail(`${where}.name must be a non-empty string`);
  if (typeof type !== 'string' || type === '') return fail(`${where} ("${name}"): type must be a non-empty string`);
  const column: ColumnDescriptor = { name, type };
  if (nullable !== undefined && nullable !== null) {
    if (typeof nullable !== 'boolean') return fail(`${where} ("${name}"): nullable must be true or false`);
    column.nullable = nullable;
  }
  if (typeof comment === 'string') column.comment = comment;
  return column;
}
