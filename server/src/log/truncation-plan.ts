import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { BatchScanner } from './batch-scanner.ts';
import { isNotFound, syncDirectory, writeFileAtomic } from './file-io.ts';
import { LOG_FILE_SUFFIX, segmentFileName, TRUNCATION_PLAN_FILE } from './file-names.ts';
import { deleteSegmentFiles } from './segment.ts';
import type { LogLogger } from './types.ts';

/**
 * A truncation in progress, written durably before the first file is cut and removed after the
 * last: `v1 <kind> <offset> <crc32c>`. `to` drops every batch at or after the offset
 * (LogTablet.truncateTo); `fully` drops every batch and restarts the log empty at the offset
 * (truncateFully). A crash can stop a truncation after any unlink or cut; recovery then finishes
 * it from the plan, so truncated batches never come back even though each single step is valid on
 * its own (a log missing only its last segments looks like a complete, shorter log).
 *
 * The recovery checkpoint is lowered to at most the offset before the plan is written, so nothing
 * the truncation removes is below it: recovery never reports the cut as lost acknowledged data.
 */
export interface TruncationPlan {
  kind: 'to' | 'fully';
  offset: number;
}

const PATTERN = /^v1 (to|fully) (\d+) ([0-9a-f]{8})\n$/;

export async function writeTruncationPlan(dir: string, plan: TruncationPlan, options: { fsync: boolean }): Promise<void> {
  const body = `v1 ${plan.kind} ${plan.offset}`;
  await writeFileAtomic(join(dir, TRUNCATION_PLAN_FILE), Buffer.from(`${body} ${checksum(body)}\n`), options);
}

export async function removeTruncationPlan(dir: string, options: { fsync: boolean }): Promise<void> {
  await unlink(join(dir, TRUNCATION_PLAN_FILE));
  if (options.fsync) await syncDirectory(dir);
}

/**
 * The plan in the log directory; null when there is none. A damaged plan (atomic writes make that
 * bit rot, or a rename that outran its data without fsync) reads as 'damaged': the checkpoint was
 * lowered before it was written, so the log is consistent without it, only maybe not truncated.
 */
export async function readTruncationPlan(dir: string): Promise<TruncationPlan | 'damaged' | null> {
  let text: string;
  try {
    text = await readFile(join(dir, TRUNCATION_PLAN_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const match = PATTERN.exec(text);
  if (match === null || checksum(`v1 ${match[1]} ${match[2]}`) !== match[3]) return 'damaged';
  const offset = Number(match[2]);
  if (!Number.isSafeInteger(offset)) return 'damaged';
  return { kind: match[1] as TruncationPlan['kind'], offset };
}

/**
 * Recovery's part: carries out `plan` on the segment files (`baseOffsets`, ascending) and returns
 * the base offsets left. Idempotent, so a crash while finishing is finished by the next open.
 * A `to` cut stops short at unreadable data before the offset: the loader deals with that like
 * any other damage, and it lies below the offset, so nothing truncated survives it.
 */
export async function carryOutTruncationPlan(dir: string, baseOffsets: readonly number[], plan: TruncationPlan, logger: LogLogger): Promise<number[]> {
  // Segments starting past the offset go, newest first, so that the log stays a prefix throughout;
  // the last one starting at or before it holds the cut.
  const keep = plan.kind === 'fully' ? [] : baseOffsets.filter((baseOffset) => baseOffset <= plan.offset);
  for (const baseOffset of baseOffsets.filter((baseOffset) => !keep.includes(baseOffset)).reverse()) await deleteSegmentFiles(dir, baseOffset);
  const holding = keep.at(-1);
  if (holding !== undefined) await cutSegmentFile(dir, holding, plan.offset);
  if (plan.kind === 'fully') await (await open(join(dir, segmentFileName(plan.offset, LOG_FILE_SUFFIX)), 'w')).close();
  await syncDirectory(dir);
  logger.warn({ dir, ...plan }, 'Finished a truncation interrupted by a crash');
  return plan.kind === 'fully' ? [plan.offset] : keep;
}

async function cutSegmentFile(dir: string, baseOffset: number, offset: number): Promise<void> {
  const file = await open(join(dir, segmentFileName(baseOffset, LOG_FILE_SUFFIX)), 'r+');
  try {
    const size = (await file.stat()).size;
    const scanner = new BatchScanner(file, { offset: baseOffset, position: 0 }, size);
    for (;;) {
      const step = await scanner.next();
      if (step.kind !== 'batch') return;
      if (step.header.baseOffset >= offset) {
        await file.truncate(step.position);
        await file.sync();
        return;
      }
    }
  } finally {
    await file.close();
  }
}

function checksum(body: string): string {
  return crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0');
}
