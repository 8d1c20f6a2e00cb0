import { readdir } from 'node:fs/promises';

/** The names in a directory, or none when it does not exist. */
export async function listDirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
