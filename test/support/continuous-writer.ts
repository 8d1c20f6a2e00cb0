import type { AppendWriter, AppendWriterOptions, ScanRecord, Table } from '../../server/src/client/index.ts';
import { eventually } from './eventually.ts';

/**
 * A writer that never stops until told: batches of `batchRows` rows `{ id, payload }` with ids
 * 0, 1, 2, ..., each batch flushed (acknowledged) before the next. For tests of leadership moving
 * under load: every id below `acknowledged` was acknowledged; the first error ends the writing.
 */
export interface ContinuousWriter {
  readonly writer: AppendWriter;
  /** Rows acknowledged so far (ids 0 .. acknowledged - 1). */
  readonly acknowledged: number;
  /** The error that ended the writing, if one did. */
  readonly error: unknown;
  /** Waits until `target` rows are acknowledged; throws the writer's error if writing ended with one. */
  ackedPast(target: number, what: string, timeoutMs?: number): Promise<void>;
  /** Stops after the batch in flight, closes the writer and returns how many rows were acknowledged. */
  stop(): Promise<number>;
}

export function startContinuousWriter(table: Table, options: AppendWriterOptions & { batchRows?: number } = {}): ContinuousWriter {
  const { batchRows = 20, ...writerOptions } = options;
  const writer = table.newAppendWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300, ...writerOptions });
  let acknowledged = 0;
  let stopping = false;
  let error: unknown;
  const writing = (async () => {
    while (!stopping) {
      for (let i = 0; i < batchRows; i++) await writer.append({ id: acknowledged + i, payload: `row-${acknowledged + i}` });
      await writer.flush();
      acknowledged += batchRows;
    }
  })().catch((failure: unknown) => {
    error = failure;
  });
  return {
    writer,
    get acknowledged() {
      return acknowledged;
    },
    get error() {
      return error;
    },
    async ackedPast(target, what, timeoutMs = 60_000) {
      await eventually(
        what,
        async () => {
          if (error !== undefined) throw error;
          return acknowledged >= target;
        },
        timeoutMs,
        20,
      );
    },
    async stop() {
      stopping = true;
      await writing;
      await writer.close();
      return acknowledged;
    },
  };
}

/** Every record of the table from the start, until `total` are read or a poll brings nothing. */
export async function readWholeLog(table: Table, total: number): Promise<ScanRecord[]> {
  const scanner = table.newLogScanner();
  await scanner.subscribeAll('earliest');
  const records: ScanRecord[] = [];
  while (records.length < total) {
    const polled = await scanner.poll(2_000);
    if (polled.length === 0) break;
    records.push(...polled);
  }
  await scanner.close();
  return records;
}

/**
 * Checks a log written by a ContinuousWriter: each bucket's offsets contiguous from 0, and the ids
 * 0 .. total - 1 each exactly once over all buckets. Returns what is wrong (empty: nothing).
 */
export function exactlyOnceProblems(records: readonly ScanRecord[], total: number): string[] {
  const problems: string[] = [];
  const nextOffset = new Map<number, number>();
  for (const record of records) {
    const expected = nextOffset.get(record.bucket) ?? 0;
    if (record.offset !== expected) problems.push(`bucket ${record.bucket}: offset ${record.offset}, expected ${expected}`);
    nextOffset.set(record.bucket, record.offset + 1);
  }
  const seen = new Map<number, number>();
  for (const record of records) seen.set(Number(record.row['id']), (seen.get(Number(record.row['id'])) ?? 0) + 1);
  for (let id = 0; id < total; id++) if (seen.get(id) !== 1) problems.push(`id ${id} read ${seen.get(id) ?? 0} times`);
  for (const id of seen.keys()) if (id >= total) problems.push(`id ${id} was never acknowledged`);
  return problems.slice(0, 20);
}
