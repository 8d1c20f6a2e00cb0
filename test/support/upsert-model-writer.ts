import { expect } from 'vitest';
import type { ScanRecord, Table } from '../../server/src/client/index.ts';
import { seededRandom } from '../../server/src/common/seeded-random.ts';
import { eventually } from './eventually.ts';

/**
 * An acks=all upsert writer for primary-key tables under faults, which keeps the model of what was
 * acknowledged: the table is `MODEL_SCHEMA` with primary key `id`, and `model` holds every key's
 * last acknowledged write (a deleted key is absent). Checks compare lookups and the changelog with it.
 */
export const MODEL_SCHEMA = {
  columns: [
    { name: 'id', type: 'INT', nullable: false },
    { name: 'v', type: 'STRING' },
    { name: 'n', type: 'BIGINT' },
  ],
};

export type ModelRow = { id: number; v: string; n: bigint };

export interface UpsertModelWriter {
  /** Every key's last acknowledged write. */
  readonly model: Map<number, ModelRow>;
  /** Writes acknowledged so far. */
  readonly acknowledged: number;
  /** Waits until `target` writes are acknowledged; throws the writer's error if writing ended with one. */
  ackedPast(target: number, what: string): Promise<void>;
  /** Resolves once no batch is in flight, with the function that resumes writing. */
  pause(): Promise<() => void>;
  /** Stops after the batch in flight and closes the writer; throws the error that ended writing, if any. */
  stop(): Promise<void>;
}

/**
 * Batches of `batch` writes (one in ten a delete) over keys 0..keys-1 chosen by a seeded random,
 * each batch flushed before the next; `v` is `w<seq>` followed by `padding` characters (to fill
 * log segments faster), `n` the write's sequence number.
 */
export function startUpsertModelWriter(table: Table, options: { keys: number; batch: number; seed?: number; padding?: number }): UpsertModelWriter {
  const { keys, batch: batchSize, seed = 11, padding = 0 } = options;
  const writer = table.newUpsertWriter({ lingerMs: 1, retries: 10_000, retryBackoffMs: 50, retryBackoffMaxMs: 300 });
  const model = new Map<number, ModelRow>();
  const random = seededRandom(seed);
  const pad = 'x'.repeat(padding);
  let acknowledged = 0;
  let seq = 0;
  let stop = false;
  let error: unknown;
  let pauseAsked: { parked: () => void; resumed: Promise<void> } | undefined;
  const done = (async () => {
    while (!stop) {
      if (pauseAsked !== undefined) {
        pauseAsked.parked();
        await pauseAsked.resumed;
        continue;
      }
      const batch: Array<{ id: number; row: ModelRow | undefined }> = [];
      for (let i = 0; i < batchSize; i++) {
        const id = Math.floor(random() * keys);
        seq++;
        if (random() < 0.1) {
          await writer.delete({ id });
          batch.push({ id, row: undefined });
        } else {
          const row = { id, v: `w${seq}${pad}`, n: BigInt(seq) };
          await writer.upsert(row);
          batch.push({ id, row });
        }
      }
      await writer.flush();
      for (const { id, row } of batch) {
        if (row === undefined) model.delete(id);
        else model.set(id, row);
      }
      acknowledged += batchSize;
    }
    await writer.close();
  })().catch((e: unknown) => {
    error = e;
  });
  return {
    model,
    get acknowledged() {
      return acknowledged;
    },
    async ackedPast(target, what) {
      await eventually(
        what,
        async () => {
          if (error !== undefined) throw error;
          return acknowledged >= target;
        },
        60_000,
        20,
      );
    },
    async pause() {
      let parked!: () => void;
      let resume!: () => void;
      const isParked = new Promise<void>((resolve) => (parked = resolve));
      pauseAsked = { parked, resumed: new Promise<void>((resolve) => (resume = resolve)) };
      await Promise.race([isParked, done]);
      if (error !== undefined) throw error;
      return () => {
        pauseAsked = undefined;
        resume();
      };
    },
    async stop() {
      stop = true;
      pauseAsked?.parked();
      await done;
      if (error !== undefined) throw error;
    },
  };
}

/** The keys 0..keys-1 as lookup keys. */
export const modelKeys = (keys: number) => Array.from({ length: keys }, (_, id) => ({ id }));

/** The model as lookups answer it: every key in order, undefined where absent. */
export const expectedRows = (model: Map<number, ModelRow>, keys: number) => modelKeys(keys).map(({ id }) => model.get(id));

/**
 * Reads the changelog from the start and checks it: contiguous offsets from 0, every
 * -U and -D the key's previous image, +I only for an absent key, +U right after its -U; folded, it
 * must equal `final` (every key's value, as expectedRows gives it).
 */
export async function expectChangelogFoldsInto(table: Table, final: Array<ModelRow | undefined>): Promise<void> {
  const scanner = table.newLogScanner();
  await scanner.subscribeAll('earliest');
  const changes: ScanRecord[] = [];
  for (;;) {
    const records = await scanner.poll(2_000);
    if (records.length === 0) break;
    changes.push(...records);
  }
  await scanner.close();
  const folded = new Map<number, ModelRow>();
  changes.forEach((change, index) => {
    expect(change.offset).toBe(index);
    const row = change.row as ModelRow;
    const before = folded.get(row.id);
    if (change.changeType === '+I') expect(before, `+I of a present key at ${index}`).toBeUndefined();
    if (change.changeType === '-U' || change.changeType === '-D') expect(row, `${change.changeType} at ${index}`).toEqual(before);
    if (change.changeType === '+U') expect(changes[index - 1]?.changeType, `+U at ${index}`).toBe('-U');
    if (change.changeType === '-D' || change.changeType === '-U') folded.delete(row.id);
    else folded.set(row.id, row);
  });
  expect(modelKeys(final.length).map(({ id }) => folded.get(id))).toEqual(final);
}
