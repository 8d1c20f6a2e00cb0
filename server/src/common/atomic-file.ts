import { open, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces a file's content atomically: write a temp file, fsync it, rename over the target,
 * fsync the directory. A crash leaves either the old or the new content, never a mix.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
