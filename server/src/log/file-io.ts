import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { isNoSpace } from '../common/fs-errors.ts';
import { dirname } from 'node:path';
import { noSpaceError } from './errors.ts';
import { TEMP_FILE_SUFFIX } from './file-names.ts';

/**
 * Reads `length` bytes at `position` into `buffer`, looping over short reads. Returns the bytes read,
 * fewer than `length` only at end of file.
 */
export async function readFully(file: FileHandle, buffer: Uint8Array, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Writes `buffers` back to back at `position` with one writev, looping over short writes. */
export async function writeFully(file: FileHandle, buffers: Uint8Array[], position: number): Promise<void> {
  let pending = buffers.filter((buffer) => buffer.byteLength > 0);
  let at = position;
  while (pending.length > 0) {
    const { bytesWritten } = await file.writev(pending, at);
    if (bytesWritten <= 0) throw new Error(`Cannot write at position ${at}: writev wrote nothing`);
    at += bytesWritten;
    pending = dropPrefix(pending, bytesWritten);
  }
}

function dropPrefix(buffers: Uint8Array[], bytes: number): Uint8Array[] {
  let remaining = bytes;
  const rest: Uint8Array[] = [];
  for (const buffer of buffers) {
    if (remaining >= buffer.byteLength) {
      remaining -= buffer.byteLength;
    } else {
      rest.push(remaining > 0 ? buffer.subarray(remaining) : buffer);
      remaining = 0;
    }
  }
  return rest;
}

/**
 * Replaces a file's content: write a temp file, optionally fsync it, rename it over the target.
 * A crash leaves the old or the new content, never a mix (the directory entry is fsynced by the
 * caller when it needs the rename itself to be durable). A failure before the rename removes the
 * temp file and leaves the old content; a full disk then throws NO_SPACE.
 */
export async function writeFileAtomic(path: string, content: Uint8Array, options: { fsync: boolean }): Promise<void> {
  const temp = path + TEMP_FILE_SUFFIX;
  try {
    const file = await open(temp, 'w');
    try {
      await writeFully(file, [content], 0);
      if (options.fsync) await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    // A half-written temp file would hold on to the space a full disk needs back.
    await unlink(temp).catch(() => undefined);
    throw noSpaceAsLogError(path, error);
  }
  if (options.fsync) await syncDirectory(dirname(path));
}

/** Makes created, renamed and deleted directory entries durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export { isNoSpace, isNotFound } from '../common/fs-errors.ts';

/** The NO_SPACE LogError for a no-space failure writing `path`; any other error as it is. */
export function noSpaceAsLogError(path: string, error: unknown): unknown {
  return isNoSpace(error) ? noSpaceError(path, error) : error;
}
