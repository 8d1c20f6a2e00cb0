import type { FileHandle } from 'node:fs/promises';
import { isNoSpace, writeFileVia } from '../common/files.ts';
import { noSpaceError } from './errors.ts';

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
 * Replaces a file's content durably (common/durable-files.ts); a full disk throws NO_SPACE and
 * leaves the old content.
 */
export async function writeFileAtomic(path: string, content: Uint8Array, options: { fsync: boolean }): Promise<void> {
  try {
    await writeFileVia(path, (file) => writeFully(file, [content], 0).then(() => undefined), options);
  } catch (error) {
    throw noSpaceAsLogError(path, error);
  }
}

export { isNotFound, syncDirectory } from '../common/files.ts';

/** The NO_SPACE LogError for a no-space failure writing `path`; any other error as it is. */
export function noSpaceAsLogError(path: string, error: unknown): unknown {
  return isNoSpace(error) ? noSpaceError(path, error) : error;
}
