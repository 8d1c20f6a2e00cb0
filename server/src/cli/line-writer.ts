import { createInterface } from 'node:readline';
import { RowError } from '../client/index.ts';
import { CliError } from './errors.ts';
import { parseRowLine } from './json-lines.ts';
import { rowProgress } from './progress.ts';

/** How often (in rows) the progress bar is updated: often enough to look live, rarely enough to cost nothing. */
const PROGRESS_EVERY_ROWS = 1_000;

/** What `writeJsonLines` needs of a writer: the append writer and the upsert writer both fit. */
export interface LineSink {
  flush(): Promise<void>;
  /** Rows acknowledged so far, for the progress bar. */
  ackedRows(): number;
}

/** A RowError says what is wrong with which column; add the line so the user can find the row. */
export function lineError(error: RowError, lineNumber: number): CliError {
  const column = error.column !== undefined && !error.message.includes(error.column) ? `column "${error.column}": ` : '';
  return new CliError(`Line ${lineNumber}: ${column}${error.message}`);
}

/** Writes the rows before a bad line; if that fails too, both failures are reported. */
async function flushBefore(sink: LineSink, lineFailure: unknown): Promise<void> {
  try {
    await sink.flush();
  } catch (flushError) {
    const message = lineFailure instanceof Error ? lineFailure.message : String(lineFailure);
    throw new CliError(`${message} (and rows before it failed: ${flushError instanceof Error ? flushError.message : String(flushError)})`);
  }
}

/**
 * Feeds every JSON line of stdin to `write` (a progress bar on a TTY), then flushes. A bad line
 * stops the command after the rows before it are flushed (they stay written); the error names
 * the line and the column. Returns the number of rows written.
 */
export async function writeJsonLines(what: string, sink: LineSink, write: (row: Record<string, unknown>) => Promise<void>): Promise<number> {
  const progress = rowProgress(what);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let rows = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      try {
        await write(parseRowLine(line, lineNumber));
      } catch (error) {
        const lineFailure = error instanceof RowError ? lineError(error, lineNumber) : error;
        await flushBefore(sink, lineFailure);
        throw lineFailure;
      }
      rows++;
      if (rows % PROGRESS_EVERY_ROWS === 0) progress.update(rows, sink.ackedRows());
    }
    await sink.flush();
    return rows;
  } finally {
    lines.close();
    progress.stop();
  }
}
