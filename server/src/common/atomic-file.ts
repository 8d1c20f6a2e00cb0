import { open, rename, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces a file's content atomically: write a temp file, fsync it, rename over the target,
 * fsync the directory. A crash leaves either the old or the new content, never a mix; a failed
 * write (a full disk) leaves the old content and no temp file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await rename(temp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
