import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The server's one file-safety layer: what a failed file system call means, listing directories
 * that may not exist, and writing files so that a crash never leaves a mix of old and new content
 * (logs, KV snapshots and metadata all write through here).
 *
 * Durable replacement: A file is written under a temp name
 * (`<name>.tmp`), fsynced, renamed over its final name, and the directory is fsynced so the rename
 * itself survives a power loss. A failed write (a full disk) removes the temp file, which would
 * otherwise hold on to the space, and leaves the old content.
 */

/** The suffix of a file being written; one left behind by a crash is deleted by its owner on open. */
export const TEMP_FILE_SUFFIX = '.tmp';

export interface DurabilityOptions {
  /** fsync the file and its directory (off only where the caller's settings say so). @default true */
  fsync?: boolean;
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

/** Writes a file through `fill` under its temp name, then puts it in place (see above). */
export async function writeFileVia(path: string, fill: (file: FileHandle) => Promise<void>, options: DurabilityOptions = {}): Promise<void> {
  const fsync = options.fsync ?? true;
  const temp = path + TEMP_FILE_SUFFIX;
  try {
    const file = await open(temp, 'w');
    try {
      await fill(file);
      if (fsync) await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (fsync) await syncDirectory(dirname(path));
}

/** Replaces a file's whole content (see above). */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: DurabilityOptions = {}): Promise<void> {
  await writeFileVia(path, (file) => file.writeFile(content), options);
}

/** ENOENT: the file or directory does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** ENOSPC, or EDQUOT (a quota is a full disk to this process). */
export function isNoSpace(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOSPC' || error.code === 'EDQUOT');
}

/** The names in a directory, or none when it does not exist. */
export async function listDirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
