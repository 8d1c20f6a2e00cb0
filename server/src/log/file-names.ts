/**
 * File names in a bucket's log directory. A segment's files are named by its base offset padded to
 * 20 digits (enough for any int64), so a lexical listing is in offset order.
 */
export const LOG_FILE_SUFFIX = '.log';
export const OFFSET_INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';
/** Written first by atomic replacements; a leftover one is an interrupted write and is deleted on open. */
export { TEMP_FILE_SUFFIX } from '../common/files.ts';
/** Offset below which every batch was durable when written; recovery validates CRCs above it. */
export const RECOVERY_CHECKPOINT_FILE = 'recovery-point-checkpoint';
/** A replicated log's high watermark as of its last checkpoint (high-watermark-file.ts). */
export const HIGH_WATERMARK_CHECKPOINT_FILE = 'high-watermark-checkpoint';
/** Present only while a truncation runs: recovery finishes it (truncation-plan.ts). */
export const TRUNCATION_PLAN_FILE = 'truncation-plan';
/** The log's leader epochs and where each starts (leader-epoch-file.ts). */
export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';

export type SegmentFileSuffix = typeof LOG_FILE_SUFFIX | typeof OFFSET_INDEX_FILE_SUFFIX | typeof TIME_INDEX_FILE_SUFFIX;
export const SEGMENT_FILE_SUFFIXES: readonly SegmentFileSuffix[] = [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX];

const OFFSET_DIGITS = 20;
const SEGMENT_FILE_PATTERN = /^(\d{20})(\.log|\.index|\.timeindex)$/;

export function segmentFileName(baseOffset: number, suffix: SegmentFileSuffix): string {
  return String(baseOffset).padStart(OFFSET_DIGITS, '0') + suffix;
}

export function parseSegmentFileName(name: string): { baseOffset: number; suffix: SegmentFileSuffix } | null {
  const match = SEGMENT_FILE_PATTERN.exec(name);
  if (match === null) return null;
  const baseOffset = Number(match[1]);
  if (!Number.isSafeInteger(baseOffset)) return null;
  return { baseOffset, suffix: match[2] as SegmentFileSuffix };
}
