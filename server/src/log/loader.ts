import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { batchEndOffset, type BatchHeader } from './batch-format.ts';
import { readRecoveryPoint, writeRecoveryPoint } from './checkpoint.ts';
import type { LogConfig } from './config.ts';
import { LogError } from './errors.ts';
import { syncDirectory } from './file-io.ts';
import { LOG_FILE_SUFFIX, parseSegmentFileName, segmentFileName, TEMP_FILE_SUFFIX } from './file-names.ts';
import { readLeaderEpochFile, writeLeaderEpochFile } from './leader-epoch-file.ts';
import { LeaderEpochHistory } from './leader-epoch-history.ts';
import { deleteSegmentFiles, LogSegment } from './segment.ts';
import { carryOutTruncationPlan, readTruncationPlan, removeTruncationPlan } from './truncation-plan.ts';
import type { LogLogger } from './types.ts';
import { WriterStateManager } from './writer-state.ts';

export interface LoadedLog {
  /** In offset order, never empty; the last one is active. */
  segments: LogSegment[];
  writerState: WriterStateManager;
  epochs: LeaderEpochHistory;
}

/**
 * Opens a bucket's log directory and brings it to a consistent state, in the order of Kafka's
 * LogLoader:
 *
 * 1. Create the directory; delete leftovers of interrupted work (`*.tmp` files, index files whose
 *    log file is gone because retention was interrupted between unlinks).
 * 2. Finish an interrupted truncation (truncation-plan.ts): cut the files as the plan says, lower
 *    the recovery checkpoint to the plan's offset if it is above, remove the plan. A damaged plan
 *    is removed with a warning (the checkpoint was lowered before it was written, so the log is
 *    consistent, only perhaps not truncated: the replication layer truncates again).
 * 3. Read the recovery checkpoint: batches below it were on disk before the last checkpoint.
 * 4. Load every segment in offset order, scanning its headers (structure and offset continuity) to
 *    rebuild its indexes, the writer state and the leader-epoch history. CRCs are checked for
 *    batches past the checkpoint, for the last batch of the log, whose record count decides the log
 *    end, and for every batch whose leader epoch differs from the previous one's (a flipped epoch
 *    byte would invent an epoch; epoch changes are rare, so this costs little).
 * 5. An invalid batch past the checkpoint is a torn or lost write: cut the segment there and delete
 *    all later segments. One below the checkpoint is corruption of acknowledged data. In a closed
 *    segment wholly below the checkpoint it is kept (warn, reads of it fail); anywhere else the end
 *    of the log cannot be known without cutting acknowledged batches, so the open fails with
 *    CORRUPT_RECORD and leaves every file as it is. So does a log that ends before the checkpoint.
 * 6. Rewrite missing or stale index files, make the recovered tail durable, and checkpoint the log
 *    end so the next open trusts what this one validated.
 * 7. Compare the leader-epoch checkpoint file with the history rebuilt in 4; rewrite it when it is
 *    missing, damaged or stale.
 */
export async function loadLog(dir: string, config: LogConfig, logger: LogLogger): Promise<LoadedLog> {
  await mkdir(dir, { recursive: true });
  const baseOffsets = await finishTruncation(dir, await removeLeftovers(dir, logger), logger);
  const recoveryPoint = (await readRecoveryPoint(dir)) ?? 0;
  const writerState = new WriterStateManager();
  const epochs = new LeaderEpochHistory();
  const segments: LogSegment[] = [];
  try {
    await loadSegments(dir, baseOffsets, { config, logger, recoveryPoint, writerState, epochs, segments });
    const logEndOffset = segments.at(-1)?.nextOffset ?? 0;
    if (logEndOffset < recoveryPoint) {
      throw new LogError(
        'CORRUPT_RECORD',
        `Log in ${dir} ends at offset ${logEndOffset}, before its recovery checkpoint ${recoveryPoint}: acknowledged batches are missing (files left untouched)`,
      );
    }
    if (segments.length === 0) segments.push(await LogSegment.create(dir, 0, config));
    for (const segment of segments) {
      if (await segment.persistIndexes({ fsync: config.fsync, onlyIfStale: true })) {
        logger.info({ dir, baseOffset: segment.baseOffset }, 'Rebuilt segment index files');
      }
    }
    const active = segments[segments.length - 1]!;
    if (config.fsync) {
      for (const segment of segments) if (segment.nextOffset > recoveryPoint) await segment.sync();
      await syncDirectory(dir);
    }
    await writeRecoveryPoint(dir, active.nextOffset, { fsync: config.fsync });
    await verifyEpochFile(dir, epochs, config, logger);
    return { segments, writerState, epochs };
  } catch (error) {
    await Promise.allSettled(segments.map((segment) => segment.close()));
    throw error;
  }
}

interface LoadContext {
  config: LogConfig;
  logger: LogLogger;
  recoveryPoint: number;
  writerState: WriterStateManager;
  epochs: LeaderEpochHistory;
  /** Filled with the loaded segments. */
  segments: LogSegment[];
}

async function loadSegments(dir: string, baseOffsets: number[], context: LoadContext): Promise<void> {
  const { config, logger, recoveryPoint, writerState, epochs, segments } = context;
  let previousEpoch: number | null = null;
  const onBatch = (header: BatchHeader): void => {
    if (epochs.assign(header.leaderEpoch, header.baseOffset) === 'stale') {
      logger.warn(
        { dir, baseOffset: header.baseOffset, leaderEpoch: header.leaderEpoch, latestEpoch: epochs.latestEpoch },
        'Batch of an older leader epoch than the one before it',
      );
    }
    previousEpoch = header.leaderEpoch;
    writerState.replay(header);
  };
  for (let i = 0; i < baseOffsets.length; i++) {
    const baseOffset = baseOffsets[i]!;
    const nextBaseOffset = baseOffsets[i + 1];
    const isLast = nextBaseOffset === undefined;
    const { segment, invalid } = await LogSegment.load(dir, baseOffset, {
      indexIntervalBytes: config.indexIntervalBytes,
      // Empty batches end at their base, so the checkpoint cannot vouch for them: always checked (they are tiny).
      verifyCrc: (header, isLastInFile) =>
        batchEndOffset(header) > recoveryPoint || header.recordCount === 0 || header.leaderEpoch !== previousEpoch || (isLast && isLastInFile),
      onBatch,
    });
    segments.push(segment);
    if (invalid === null) {
      if (!isLast && segment.nextOffset !== nextBaseOffset) {
        logger.warn({ dir, baseOffset, endOffset: segment.nextOffset, nextBaseOffset }, 'Log segments are not contiguous');
      }
      continue;
    }
    const reachesPastCheckpoint = nextBaseOffset === undefined || nextBaseOffset > recoveryPoint;
    if (reachesPastCheckpoint && invalid.offset < recoveryPoint) {
      // Cutting here would drop acknowledged batches and hand their offsets out again.
      const file = join(dir, segmentFileName(baseOffset, LOG_FILE_SUFFIX));
      throw new LogError(
        'CORRUPT_RECORD',
        `Corrupt batch at offset ${invalid.offset} (byte ${invalid.position} of ${file}: ${invalid.reason}) lies below the recovery ` +
          `checkpoint ${recoveryPoint}: acknowledged data is damaged, so the log is not opened (files left untouched)`,
      );
    }
    if (reachesPastCheckpoint) {
      const truncatedBytes = await segment.truncateInvalidTail();
      const removed = baseOffsets.slice(i + 1);
      for (const later of removed) await deleteSegmentFiles(dir, later);
      logger.warn({ dir, baseOffset, ...invalid, truncatedBytes, deletedSegments: removed.length }, 'Truncated torn log tail');
      return;
    }
    logger.warn({ dir, baseOffset, ...invalid }, 'Corrupt batch in closed segment: reads from this offset will fail');
  }
}

/** Pass 2: returns the base offsets of the log files left. */
async function finishTruncation(dir: string, baseOffsets: number[], logger: LogLogger): Promise<number[]> {
  const plan = await readTruncationPlan(dir);
  if (plan === null) return baseOffsets;
  if (plan === 'damaged') {
    logger.warn({ dir }, 'Removed a damaged truncation plan; the log may not be truncated');
    await removeTruncationPlan(dir, { fsync: true });
    return baseOffsets;
  }
  const left = await carryOutTruncationPlan(dir, baseOffsets, plan, logger);
  const recoveryPoint = await readRecoveryPoint(dir);
  if (recoveryPoint !== null && recoveryPoint > plan.offset) await writeRecoveryPoint(dir, plan.offset, { fsync: true });
  await removeTruncationPlan(dir, { fsync: true });
  return left;
}

/** Pass 7: the epoch file must say what the batches say. */
async function verifyEpochFile(dir: string, epochs: LeaderEpochHistory, config: LogConfig, logger: LogLogger): Promise<void> {
  const stored = await readLeaderEpochFile(dir);
  if (stored !== null && epochs.equals(stored)) return;
  if (stored !== null) logger.info({ dir, stored, rebuilt: epochs.entries }, 'Rewrote stale leader-epoch checkpoint');
  await writeLeaderEpochFile(dir, epochs.entries, { fsync: config.fsync });
}

/** Deletes interrupted-write leftovers; returns the base offsets of the log files, ascending. */
async function removeLeftovers(dir: string, logger: LogLogger): Promise<number[]> {
  const names = await readdir(dir);
  const logBaseOffsets = new Set<number>();
  const indexFiles: { name: string; baseOffset: number }[] = [];
  for (const name of names) {
    if (name.endsWith(TEMP_FILE_SUFFIX)) {
      await unlink(join(dir, name));
      logger.info({ dir, name }, 'Deleted leftover temporary file');
      continue;
    }
    const parsed = parseSegmentFileName(name);
    if (parsed === null) continue;
    if (parsed.suffix === LOG_FILE_SUFFIX) logBaseOffsets.add(parsed.baseOffset);
    else indexFiles.push({ name, baseOffset: parsed.baseOffset });
  }
  for (const { name, baseOffset } of indexFiles) {
    if (logBaseOffsets.has(baseOffset)) continue;
    await unlink(join(dir, name));
    logger.info({ dir, name }, 'Deleted index file without a log file');
  }
  return [...logBaseOffsets].sort((a, b) => a - b);
}
