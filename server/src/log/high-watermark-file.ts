import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { isNotFound, writeFileAtomic } from './file-io.ts';
import { HIGH_WATERMARK_CHECKPOINT_FILE } from './file-names.ts';

/**
 * The high-watermark checkpoint of a replicated log (Kafka's replication-offset-checkpoint, one
 * per log here): `v1 <offset> <crc32c hex>`, replaced atomically. A restart starts its high
 * watermark there; being behind is harmless (the leader moves it on again), so a missing or
 * damaged file reads as null and the log starts from its log start offset.
 */
const PATTERN = /^v1 (\d+) ([0-9a-f]{8})\n$/;

export async function readHighWatermark(dir: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const match = PATTERN.exec(text);
  if (match === null || checksum(match[1]!) !== match[2]) return null;
  const offset = Number(match[1]);
  return Number.isSafeInteger(offset) ? offset : null;
}

export async function writeHighWatermark(dir: string, offset: number, options: { fsync: boolean }): Promise<void> {
  await writeFileAtomic(join(dir, HIGH_WATERMARK_CHECKPOINT_FILE), Buffer.from(`v1 ${offset} ${checksum(String(offset))}\n`), options);
}

function checksum(text: string): string {
  return crc32c(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');
}
