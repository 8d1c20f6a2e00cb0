import type { BucketRemoteLog, ClusterMetadata, PartitionInfo, TableInfo } from '../client/index.ts';
import { formatSize } from '../common/size.ts';
import { formatColumns } from './text-table.ts';
import { partitionBucketKey } from '../table/table-bucket.ts';

export interface TableDescription {
  table: TableInfo;
  partitions: readonly PartitionInfo[];
  metadata: ClusterMetadata;
  /** High watermark by `partitionId/bucket`, where its leader answered. */
  highWatermarks: ReadonlyMap<string, number>;
  /** Committed remote log by `partitionId/bucket`. */
  remoteLogs: ReadonlyMap<string, BucketRemoteLog>;
}

/** `fluss table describe`: schema with column ids, keys, buckets, partitions and bucket leaders. */
export function describeTable({ table, partitions, metadata, highWatermarks, remoteLogs }: TableDescription): string {
  const path = `${table.path?.database ?? '?'}.${table.path?.table ?? '?'}`;
  const columns = table.schema?.columns ?? [];
  const keyRoles = (name: string): string =>
    [
      table.primaryKey.includes(name) ? 'PRIMARY KEY' : '',
      table.bucketKey.includes(name) ? 'BUCKET KEY' : '',
      table.partitionKeys.includes(name) ? 'PARTITION KEY' : '',
    ]
      .filter(Boolean)
      .join(', ');
  const lines = [
    formatColumns([
      ['Table:', `${path} (id ${table.tableId}, schema ${table.schema?.schemaId ?? 0})`],
      ...(table.comment ? [['Comment:', table.comment]] : []),
      ['Primary key:', table.primaryKey.join(', ') || '(none: log table)'],
      ['Bucket key:', table.bucketKey.join(', ') || '(none: sticky buckets)'],
      ['Buckets:', String(table.buckets)],
      ['Partition keys:', table.partitionKeys.join(', ') || '(not partitioned)'],
      ['Created:', new Date(table.createdAtMs).toISOString()],
    ]),
    '',
    'Columns:',
    indent(
      formatColumns([
        ['ID', 'NAME', 'TYPE', 'NULL', 'KEY', 'COMMENT'],
        ...columns.map((c) => [String(c.id), c.name, c.type, c.nullable ? 'YES' : 'NO', keyRoles(c.name), c.comment]),
      ]),
    ),
  ];
  const properties = Object.entries(table.properties).sort(([a], [b]) => a.localeCompare(b));
  if (properties.length > 0) {
    lines.push('', 'Properties:', indent(formatColumns(properties.map(([key, value]) => [key, value]))));
  }
  if (table.partitionKeys.length > 0) {
    lines.push('', `Partitions (${partitions.length}):`);
    if (partitions.length > 0) {
      lines.push(indent(formatColumns([['ID', 'NAME', 'SPEC'], ...partitions.map((p) => [String(p.partitionId), p.name, formatSpec(p.spec)])])));
    }
  }
  lines.push('', 'Buckets:', indent(bucketTable(metadata, partitions, highWatermarks, remoteLogs)));
  return lines.join('\n');
}

function bucketTable(
  metadata: ClusterMetadata,
  partitions: readonly PartitionInfo[],
  highWatermarks: ReadonlyMap<string, number>,
  remoteLogs: ReadonlyMap<string, BucketRemoteLog>,
): string {
  const servers = new Map(metadata.tabletServers.map((s) => [s.id, `${s.id} (${s.host}:${s.port})`]));
  const partitionName = new Map(partitions.map((p) => [p.partitionId, p.name]));
  const locations = [...(metadata.tables[0]?.buckets ?? [])].sort((a, b) => a.partitionId - b.partitionId || a.bucket - b.bucket);
  if (locations.length === 0) return '(no buckets yet)';
  return formatColumns([
    ['PARTITION', 'BUCKET', 'LEADER', 'REPLICAS', 'ISR', 'LEADER EPOCH', 'HIGH WATERMARK', 'REMOTE LOG'],
    ...locations.map((l) => [
      l.partitionId < 0 ? '-' : (partitionName.get(l.partitionId) ?? String(l.partitionId)),
      String(l.bucket),
      l.leader < 0 ? '(none)' : (servers.get(l.leader) ?? `${l.leader} (not live)`),
      l.replicas.join(','),
      l.isr.join(','),
      String(l.leaderEpoch),
      String(highWatermarks.get(partitionBucketKey(l)) ?? '-'),
      remoteLogText(remoteLogs.get(partitionBucketKey(l))),
    ]),
  ]);
}

/** "[0, 1200) 12.0 MiB in 3 segments", or "-" when nothing is uploaded. */
function remoteLogText(remote: BucketRemoteLog | undefined): string {
  if (remote === undefined || remote.segments === 0) return '-';
  return `[${remote.startOffset}, ${remote.endOffset}) ${formatSize(remote.sizeBytes)} in ${remote.segments} segment${remote.segments === 1 ? '' : 's'}`;
}

export function formatSpec(spec: Record<string, string>): string {
  return Object.entries(spec)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
