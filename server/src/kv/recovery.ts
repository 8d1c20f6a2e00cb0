import type { LogLogger, LogTablet } from '../log/index.ts';
import { changelogChanges } from './changelog-changes.ts';
import { KvError } from './errors.ts';
import type { KeyCodec } from './key-codec.ts';
import type { KvStore } from './kv-store.ts';
import { CorruptSnapshotError, listSnapshots, readSnapshot } from './snapshot-files.ts';
import type { ValueCodec } from './value-codec.ts';

/** Rows written to RocksDB per write batch while loading a snapshot. */
const LOAD_BATCH_ENTRIES = 10_000;
const REPLAY_READ_BYTES = 4 * 1024 * 1024;

export interface RecoveryInput {
  store: KvStore;
  snapshotDir: string;
  log: LogTablet;
  keys: KeyCodec;
  values: ValueCodec;
  schemaId: number;
  logger: LogLogger;
  /**
   * Replay stops at this offset (or at the snapshot's, when later): the log's high watermark, so
   * RocksDB holds nothing a failover could take back. The changelog after it is the caller's.
   */
  replayUpTo: number;
}

export interface RecoveryResult {
  /** The log offset of the snapshot loaded; undefined when the state was rebuilt from the log start. */
  snapshotOffset: number | undefined;
  replayedRecords: number;
  appliedOffset: number;
}

/**
 * Rebuilds an empty store: the newest usable snapshot, then the changelog after it replayed from
 * the log (changelog-changes.ts) up to `replayUpTo`. Snapshots beyond the log end (a log that lost
 * its tail) or failing their checks are passed over for older ones. A snapshot beyond `replayUpTo`
 * is fine: it holds only what was below the high watermark when it was taken, and the checkpoint
 * of the high watermark may trail that.
 */
export async function recoverStore(input: RecoveryInput): Promise<RecoveryResult> {
  const { log, logger } = input;
  let from: number | undefined;
  for (const snapshot of await listSnapshots(input.snapshotDir)) {
    if (snapshot.logOffset > log.logEndOffset) {
      logger.warn({ snapshot: snapshot.path, logEndOffset: log.logEndOffset }, 'KV snapshot is beyond the log end; trying an older one');
      continue;
    }
    if (snapshot.logOffset < log.logStartOffset) {
      // The changelog after it is gone (older than any snapshot retention keeps the log for).
      logger.warn({ snapshot: snapshot.path, logStartOffset: log.logStartOffset }, 'KV snapshot is below the log start; cannot replay after it');
      break;
    }
    try {
      from = await loadSnapshot(input, snapshot.path);
      break;
    } catch (error) {
      if (!(error instanceof CorruptSnapshotError)) throw error;
      logger.warn({ err: error }, 'KV snapshot unusable; trying an older one');
    }
  }
  const snapshotOffset = from;
  from ??= 0;
  if (from < log.logStartOffset) {
    throw new KvError('STORAGE_ERROR', `Cannot recover KV state: the changelog from offset ${from} is gone (log starts at ${log.logStartOffset})`);
  }
  const { replayedRecords, appliedOffset } = await replayChangelog(input, from);
  return { snapshotOffset, replayedRecords, appliedOffset };
}

async function loadSnapshot(input: RecoveryInput, path: string): Promise<number> {
  const content = await readSnapshot(path);
  if (content.schemaId !== input.schemaId) {
    throw new CorruptSnapshotError(`KV snapshot ${path} has schema id ${content.schemaId}, the table ${input.schemaId}`);
  }
  for (let at = 0; at < content.entries.length; at += LOAD_BATCH_ENTRIES) {
    const puts = content.entries.slice(at, at + LOAD_BATCH_ENTRIES);
    await input.store.write({ puts, deletes: [], appliedOffset: content.logOffset });
  }
  if (content.entries.length === 0) await input.store.write({ puts: [], deletes: [], appliedOffset: content.logOffset });
  return content.logOffset;
}

async function replayChangelog(input: RecoveryInput, from: number): Promise<{ replayedRecords: number; appliedOffset: number }> {
  const { log, store, keys, values } = input;
  const upTo = Math.min(input.replayUpTo, log.logEndOffset);
  let offset = from;
  let replayed = 0;
  while (offset < upTo) {
    const { batches } = await log.read(offset, REPLAY_READ_BYTES);
    if (batches.length === 0) break;
    for (const batch of batches) {
      const end = batch.baseOffset + batch.recordCount;
      if (end > upTo) return { replayedRecords: replayed, appliedOffset: offset };
      if (end <= offset) continue; // an empty batch: nothing to replay
      const { changes } = changelogChanges(batch, offset, keys, values);
      const entries = [...changes.values()];
      await store.write({
        puts: entries.flatMap((e) => (e.value === undefined ? [] : [[e.key, e.value] as const])),
        deletes: entries.flatMap((e) => (e.value === undefined ? [e.key] : [])),
        appliedOffset: end,
      });
      replayed += end - offset;
      offset = end;
    }
  }
  return { replayedRecords: replayed, appliedOffset: offset };
}
