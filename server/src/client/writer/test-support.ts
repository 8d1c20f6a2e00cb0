// Fakes shared by the writer's unit tests (not part of the client API).
import { RowError } from '../../arrow/index.ts';
import type { BatchEncoder } from '../codec.ts';
import type { Timers } from '../timers.ts';

/**
 * An encoder whose size is 10 bytes per row plus a 100-byte header, whose bytes spell the rows as
 * JSON (so tests can read back what was sent), and which refuses rows with `bad: true`.
 */
export class FakeEncoder implements BatchEncoder {
  rows: Record<string, unknown>[] = [];
  append(row: Record<string, unknown>): void {
    if (row['bad'] === true) throw new RowError('bad', 'Column "bad" refuses true');
    this.rows.push(row);
  }
  get rowCount(): number {
    return this.rows.length;
  }
  get byteSize(): number {
    return 100 + 10 * this.rows.length;
  }
  /** Like RowBatchEncoder, finishing empties the encoder. */
  finish(): Uint8Array {
    const bytes = new TextEncoder().encode(JSON.stringify(this.rows));
    this.rows = [];
    return bytes;
  }
}

export function decodeFake(bytes: Uint8Array): Record<string, unknown>[] {
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>[];
}

/** Timers driven by hand: `advance` runs what falls due, `sleep` resolves immediately. */
export class ManualTimers implements Timers {
  #now = 0;
  #tasks: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];
  readonly sleeps: number[] = [];
  now(): number {
    return this.#now;
  }
  schedule(callback: () => void, ms: number): () => void {
    const task = { at: this.#now + ms, callback, cancelled: false };
    this.#tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return Promise.resolve();
  }
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#tasks.filter((t) => t.at <= this.#now && !t.cancelled);
    this.#tasks = this.#tasks.filter((t) => !due.includes(t));
    for (const task of due) task.callback();
  }
}
