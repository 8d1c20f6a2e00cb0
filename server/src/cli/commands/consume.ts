import type { Command } from 'commander';
import { partitionBucketKey } from '../../table/table-bucket.ts';
import { toJsonValue } from '../../arrow/index.ts';
import type { BucketOffset, LogScanner, ScanRecord } from '../../client/index.ts';
import type { PartitionSpec } from '../../table/partitions.ts';
import { bootstrapOption, collect, integerAtLeast, withConnection, withExamples, type ClientOptions } from '../context.ts';
import { partitionSpecOf } from './partition.ts';
import { parseStartPosition } from '../start-position.ts';

interface ConsumeOptions extends ClientOptions {
  from: string;
  columns?: string;
  partition?: string[];
  max?: number;
  follow?: true;
}

const POLL_TIMEOUT_MS = 500;
const MAX_POLL_RECORDS = 10_000;

/**
 * One output line: the row's columns in projection order, values in their JSON form
 * (docs/data-types.md), plus `_change_type` (+I, -U, +U, -D) for a primary-key table.
 */
export function formatRecord(record: ScanRecord): string {
  const json: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.row)) json[name] = toJsonValue(value);
  // A primary-key table's changelog row says what it is.
  if (record.changeType !== undefined) json._change_type = record.changeType;
  return JSON.stringify(json);
}

/**
 * Where reading stops without --follow: the end offsets seen at start. Buckets that show up later
 * (new partitions) have no end, so nothing of them is printed.
 */
class CatchUp {
  readonly #ends: Map<string, number>;
  readonly #partitionIds: Map<string | undefined, number>;

  constructor(ends: readonly BucketOffset[]) {
    this.#ends = new Map(ends.map((end) => [partitionBucketKey(end), end.offset]));
    this.#partitionIds = new Map(ends.map((end) => [end.partition, end.partitionId]));
  }

  includes(record: ScanRecord): boolean {
    const partitionId = this.#partitionIds.get(record.partition);
    const end = partitionId === undefined ? undefined : this.#ends.get(partitionBucketKey({ partitionId, bucket: record.bucket }));
    return end !== undefined && record.offset < end;
  }

  reached(positions: readonly BucketOffset[]): boolean {
    return positions.every((position) => {
      const end = this.#ends.get(partitionBucketKey(position));
      return end === undefined || position.offset >= end;
    });
  }
}

/** Writes respecting stdout backpressure, so a slow reader (`| less`) does not grow memory. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

async function consume(scanner: LogScanner, options: { max: number; catchUp: CatchUp | undefined; signal: AbortSignal }): Promise<number> {
  let printed = 0;
  while (printed < options.max && !options.signal.aborted) {
    if (options.catchUp?.reached(scanner.assignment()) === true) break;
    const records = await scanner.poll(POLL_TIMEOUT_MS);
    const lines: string[] = [];
    for (const record of records) {
      if (printed + lines.length >= options.max) break;
      if (options.catchUp !== undefined && !options.catchUp.includes(record)) continue;
      lines.push(formatRecord(record));
    }
    if (lines.length > 0) await write(`${lines.join('\n')}\n`);
    printed += lines.length;
  }
  return printed;
}

/** `fluss consume`: subscribe, then print until caught up, --max, or Ctrl-C. */
async function consumeTable(name: string, options: ConsumeOptions): Promise<void> {
  const from = parseStartPosition(options.from);
  const filter: PartitionSpec = options.partition === undefined ? {} : partitionSpecOf(options.partition);
  await withConnection(options, async (connection) => {
    const table = await connection.getTable(name);
    const columns = options.columns
      ?.split(',')
      .map((column) => column.trim())
      .filter((column) => column !== '');
    // Small polls keep output flowing and decode no more than --max needs.
    const maxPollRecords = Math.min(options.max ?? Number.POSITIVE_INFINITY, MAX_POLL_RECORDS);
    const scanner = table.newLogScanner({ partitionFilter: filter, maxPollRecords, ...(columns !== undefined && { columns }) });
    try {
      await scanner.subscribeAll(from);
      const catchUp = options.follow === true ? undefined : new CatchUp(await table.listOffsets('latest', filter));
      // Ctrl-C ends --follow cleanly: the poll under way finishes, then the scanner closes.
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      await consume(scanner, { max: options.max ?? Number.POSITIVE_INFINITY, catchUp, signal: stop.signal });
    } finally {
      await scanner.close();
    }
  });
}

export function registerConsumeCommand(program: Command): void {
  const command = program
    .command('consume <table>')
    .description('Print rows of a log table (database.table) as JSON lines; stops at the end seen at start unless --follow')
    .option('--from <position>', 'earliest, latest, an ISO-8601 time or epoch milliseconds', 'earliest')
    .option('--columns <a,b>', 'only these columns, in this order')
    .option('--partition <key=value>', 'only partitions with these values, repeatable', collect)
    .option('--max <n>', 'stop after this many rows', integerAtLeast(1, 'a row count'))
    .option('--follow', 'keep reading new rows until interrupted')
    .addOption(bootstrapOption());
  withExamples(command, [
    'fluss consume demo.events --max 10',
    'fluss consume demo.events --from latest --follow',
    'fluss consume demo.events --from 2026-11-26T10:00:00Z --columns id,ts --partition day=20261126',
  ]);
  command.action(consumeTable);
}
