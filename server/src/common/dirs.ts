import { readdir } from 'node:fs/promises';
import { isNotFound } from './fs-errors.ts';

/** The names in a directory, or none when it does not exist. */
export async function listDirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
