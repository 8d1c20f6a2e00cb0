import type { Command } from 'commander';
import type { RebalanceProgress, ServerSummary } from '../../client/index.ts';
import { bootstrapOption, collect, integerAtLeast, print, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { formatColumns } from '../text-table.ts';

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

/** Server ids as `1,2` or `1 2`; a clear error otherwise. */
function parseServerIds(text: string): number[] {
  const ids = text.split(/[,\s]+/).filter((part) => part !== '');
  if (ids.length === 0 || ids.some((id) => !/^\d+$/.test(id))) throw new TypeError(`Expected tablet server ids like 3 or 3,4, not '${text}'`);
  return ids.map(Number);
}

function moveCounts(progress: RebalanceProgress): string {
  const counts = new Map<string, number>();
  for (const move of progress.moves) counts.set(move.status, (counts.get(move.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'no moves';
}

/** A rebalance for people: its state, counts, and a line per bucket move. */
export function formatRebalance(progress: RebalanceProgress): string {
  const lines = [`Rebalance ${progress.rebalanceId}: ${progress.state} (${moveCounts(progress)})`, `Goals: ${progress.goals.join(', ')}`];
  if (progress.moves.length > 0) {
    const rows = progress.moves.map((m) => [
      m.table ? `${m.table.database}.${m.table.table}` : `table ${m.tableId}`,
      m.partitionName || '-',
      String(m.bucket),
      `${m.originalReplicas.join(',')} (leader ${m.originalLeader})`,
      `${m.newReplicas.join(',')} (leader ${m.newLeader})`,
      m.error ? `${m.status}: ${m.error}` : m.status,
    ]);
    lines.push(indent(formatColumns([['TABLE', 'PARTITION', 'BUCKET', 'FROM', 'TO', 'STATUS'], ...rows])));
  }
  if (progress.unmovable.length > 0) lines.push('Cannot move:', ...progress.unmovable.map((u) => `  ${u}`));
  return lines.join('\n');
}

function formatServers(servers: readonly ServerSummary[]): string {
  const rows = servers.map((s) => [
    String(s.node?.id ?? '?'),
    s.node?.host ? `${s.node.host}:${s.node.port}` : '-',
    s.node?.rack || '-',
    s.live ? (s.shuttingDown ? 'shutting down' : 'live') : 'down',
    s.tags.join(',') || '-',
    String(s.replicas),
    String(s.leaders),
  ]);
  return formatColumns([['ID', 'ADDRESS', 'RACK', 'STATE', 'TAGS', 'REPLICAS', 'LEADERS'], ...rows]);
}

type Json = { json?: true };

async function rebalance(options: ClientOptions & Json & { goals?: string[]; dryRun?: true; maxConcurrentMoves?: number; throttle?: number }): Promise<void> {
  await withConnection(options, async (connection) => {
    const goals = (options.goals ?? []).flatMap((g) => g.split(',')).filter((g) => g !== '');
    const progress = await connection.admin().rebalance({
      goals,
      dryRun: options.dryRun === true,
      maxConcurrentMoves: options.maxConcurrentMoves,
      throttleBytesPerSec: options.throttle,
    });
    print(options.json === true ? JSON.stringify(progress, null, 2) : formatRebalance(progress));
  });
}

async function rebalanceStatus(options: ClientOptions & Json): Promise<void> {
  await withConnection(options, async (connection) => {
    const progress = await connection.admin().rebalanceProgress();
    if (options.json === true) print(JSON.stringify(progress ?? null, null, 2));
    else print(progress === undefined ? 'No rebalance has run on this cluster.' : formatRebalance(progress));
  });
}

async function rebalanceCancel(options: ClientOptions & Json & { id?: string }): Promise<void> {
  await withConnection(options, async (connection) => {
    const progress = await connection.admin().cancelRebalance(options.id);
    print(options.json === true ? JSON.stringify(progress, null, 2) : formatRebalance(progress));
  });
}

async function tagServers(servers: string, tag: string, options: ClientOptions, remove: boolean): Promise<void> {
  const ids = parseServerIds(servers);
  await withConnection(options, async (connection) => {
    const admin = connection.admin();
    await (remove ? admin.removeServerTag(ids, tag) : admin.addServerTag(ids, tag));
    print(`${remove ? 'Removed' : 'Added'} tag ${tag.toUpperCase()} ${remove ? 'from' : 'to'} tablet server ${ids.join(', ')}.`);
  });
}

async function listServers(options: ClientOptions & Json): Promise<void> {
  await withConnection(options, async (connection) => {
    const servers = await connection.admin().listServers();
    print(options.json === true ? JSON.stringify(servers, null, 2) : formatServers(servers));
  });
}

/** `fluss cluster servers|tag|untag|rebalance|rebalance-status|rebalance-cancel` (docs/rebalance.md). */
export function registerRebalanceCommands(cluster: Command): void {
  const servers = cluster
    .command('servers')
    .description('List every tablet server the coordinator knows: live or down, tags, replicas and leaderships it holds')
    .option('--json', 'print it as JSON')
    .addOption(bootstrapOption());
  withExamples(servers, ['fluss cluster servers', 'fluss cluster servers --json']);
  servers.action(listServers);

  for (const remove of [false, true]) {
    const name = remove ? 'untag' : 'tag';
    const command = cluster
      .command(`${name} <servers> <tag>`)
      .description(
        remove
          ? 'Remove a tag from tablet servers (comma-separated ids)'
          : 'Tag tablet servers (comma-separated ids): PERMANENT_OFFLINE (the next rebalance drains them) or TEMPORARY_OFFLINE (it moves their leaderships away)',
      )
      .addOption(bootstrapOption());
    withExamples(command, [`fluss cluster ${name} 3,4 PERMANENT_OFFLINE`, `fluss cluster ${name} 2 TEMPORARY_OFFLINE`]);
    command.action((serverIds: string, tag: string, options: ClientOptions) => tagServers(serverIds, tag, options, remove));
  }

  const start = cluster
    .command('rebalance')
    .description('Plan bucket moves that meet the goals and start them (one rebalance at a time); prints the plan')
    .option(
      '--goals <goals>',
      'goals in priority order, comma-separated or repeated: RACK_AWARE, REPLICA_DISTRIBUTION, LEADER_DISTRIBUTION (default: all)',
      collect,
    )
    .option('--dry-run', 'only print the plan; nothing moves')
    .option(
      '--max-concurrent-moves <n>',
      "buckets moved at once (default: the coordinator's rebalance.max-concurrent-moves)",
      integerAtLeast(1, 'a move count'),
    )
    .option('--throttle <bytes-per-second>', 'limit what each server fetches for the replicas it adds (default: unthrottled)', integerAtLeast(1, 'a byte rate'))
    .option('--json', 'print the rebalance as JSON')
    .addOption(bootstrapOption());
  withExamples(start, ['fluss cluster rebalance --dry-run', 'fluss cluster rebalance --goals REPLICA_DISTRIBUTION,LEADER_DISTRIBUTION --throttle 50000000']);
  start.action(rebalance);

  const status = cluster
    .command('rebalance-status')
    .description('Show the current or last rebalance: its state and every bucket move')
    .option('--json', 'print it as JSON')
    .addOption(bootstrapOption());
  withExamples(status, ['fluss cluster rebalance-status', 'fluss cluster rebalance-status --json | jq .state']);
  status.action(rebalanceStatus);

  const cancel = cluster
    .command('rebalance-cancel')
    .description('Cancel the running rebalance: moves not started are dropped, moves past adding replicas finish; prints what moved')
    .option('--id <rebalance-id>', 'only if this is the running one')
    .option('--json', 'print the rebalance as JSON')
    .addOption(bootstrapOption());
  withExamples(cancel, ['fluss cluster rebalance-cancel']);
  cancel.action(rebalanceCancel);
}
