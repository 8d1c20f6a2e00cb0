import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound, writeFileAtomic } from './file-io.ts';
import { RECOVERY_CHECKPOINT_FILE } from './file-names.ts';

/**
 * The recovery checkpoint: one line, `v1 <offset>`, the offset below which every batch was on disk
 * (fsynced, or fully written when fsync is off) when the file was written. Recovery trusts the data
 * below it and validates every CRC above it. Written atomically, so it is either old or new; an old
 * value only makes recovery check more.
 */
const VERSION = 'v1';

/** The checkpointed offset, or null when the file is missing or unreadable (then recovery checks everything). */
export async function readRecoveryPoint(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(join(dir, RECOVERY_CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const match = /^v1 (\d+)\n$/.exec(text);
  const offset = match === null ? NaN : Number(match[1]);
  return Number.isSafeInteger(offset) ? offset : null;
}

export async function writeRecoveryPoint(dir: string, offset: number, options: { fsync: boolean }): Promise<void> {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`Cannot checkpoint offset: ${offset}`);
  await writeFileAtomic(join(dir, RECOVERY_CHECKPOINT_FILE), Buffer.from(`${VERSION} ${offset}\n`), options);
}
