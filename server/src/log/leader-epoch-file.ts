import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { isNotFound, writeFileAtomic } from './file-io.ts';
import { LEADER_EPOCH_CHECKPOINT_FILE } from './file-names.ts';
import type { EpochEntry } from './leader-epoch-history.ts';

/**
 * The leader-epoch checkpoint file: the log's epoch history, one `<epoch> <startOffset>` line per
 * epoch, after a header line `v1 <count> <crc32c of the entry lines, 8 hex digits>`. Replaced
 * atomically. The batches stay the source of truth: open rebuilds the history from their headers
 * and rewrites this file when it is missing, damaged or stale (an epoch written here just before
 * its first batch was lost in a crash).
 */
const HEADER_PATTERN = /^v1 (\d+) ([0-9a-f]{8})$/;
const ENTRY_PATTERN = /^(\d+) (\d+)$/;

/** The history in the file; null when the file is missing or fails its checks. */
export async function readLeaderEpochFile(dir: string): Promise<EpochEntry[] | null> {
  let text: string;
  try {
    text = await readFile(join(dir, LEADER_EPOCH_CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  return parseLeaderEpochFile(text);
}

export function parseLeaderEpochFile(text: string): EpochEntry[] | null {
  const newline = text.indexOf('\n');
  const header = HEADER_PATTERN.exec(newline < 0 ? text : text.slice(0, newline));
  if (header === null) return null;
  const body = text.slice(newline + 1);
  if (checksum(body) !== header[2]) return null;
  const lines = body === '' ? [] : body.replace(/\n$/, '').split('\n');
  if (lines.length !== Number(header[1])) return null;
  const entries: EpochEntry[] = [];
  for (const line of lines) {
    const match = ENTRY_PATTERN.exec(line);
    if (match === null) return null;
    entries.push({ epoch: Number(match[1]), startOffset: Number(match[2]) });
  }
  return entries;
}

export function formatLeaderEpochFile(entries: readonly EpochEntry[]): string {
  const body = entries.map((entry) => `${entry.epoch} ${entry.startOffset}\n`).join('');
  return `v1 ${entries.length} ${checksum(body)}\n${body}`;
}

export async function writeLeaderEpochFile(dir: string, entries: readonly EpochEntry[], options: { fsync: boolean }): Promise<void> {
  await writeFileAtomic(join(dir, LEADER_EPOCH_CHECKPOINT_FILE), Buffer.from(formatLeaderEpochFile(entries)), options);
}

function checksum(body: string): string {
  return crc32c(Buffer.from(body, 'utf8')).toString(16).padStart(8, '0');
}
