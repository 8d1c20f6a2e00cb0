import { open, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tryLock, unlock } from 'fs-native-extensions';

/** The file in each data dir that its process holds locked (flock) while it runs. */
export const LOCK_FILE = '.lock';

/** Another process (or another server of this process) already runs on the data dir. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  readonly dir: string;
  constructor(dir: string, holder: string) {
    super(`Data dir ${dir} is in use by ${holder}; two servers on one data dir would overwrite each other's data`);
    this.dir = dir;
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock of a data dir, or throws DataDirLockedError naming the holder. The lock
 * is an OS file lock (flock), so a crashed holder, even one killed with SIGKILL, never leaves a stale
 * lock behind; the file's content only tells who holds it.
 */
export async function lockDataDir(dir: string, role: string): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  const file = await open(path, 'a+');
  let locked = false;
  try {
    locked = tryLock(file.fd);
    if (!locked) throw new DataDirLockedError(dir, await describeHolder(file));
    const holder = { pid: process.pid, host: hostname(), role, since: new Date().toISOString() };
    await file.truncate(0);
    await file.write(`${JSON.stringify(holder)}\n`, 0);
  } catch (error) {
    if (locked) unlock(file.fd);
    await file.close();
    throw error;
  }
  return {
    async release() {
      unlock(file.fd);
      await file.close();
    },
  };
}

async function describeHolder(file: FileHandle): Promise<string> {
  const text = (await file.readFile('utf8')).trim();
  try {
    const holder = JSON.parse(text) as { pid?: number; host?: string; role?: string; since?: string };
    return `${holder.role ?? 'a fluss server'} (pid ${holder.pid} on host ${holder.host}, since ${holder.since})`;
  } catch {
    // The holder took the lock and has not written its name yet.
    return 'another fluss process';
  }
}
