import { fstatSync, lstatSync, readdirSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * What a power loss leaves of a data dir, for the simulation: every file back at the length it had
 * when it was last fsynced (FileHandle.sync/datasync, the only way the server code syncs), or
 * torn somewhere between that and its current length (the kernel may have written some of the
 * later pages). Files never fsynced keep what they hold, and directory entries (creations,
 * renames, deletions) all survive: a milder loss than a real one, which can also undo those when
 * the directory was not synced.
 *
 * It watches syncs by wrapping FileHandle's sync and datasync for the whole test process, and
 * keys what it saw by inode, so a rename keeps it. A reused inode can only cut bytes of a file
 * that was not fsynced since, which a power loss may do anyway.
 */
const syncedLength = new Map<number, number>();
let installed = false;

async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(tmpdir(), 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

/** Starts watching fsyncs (once per test process; idempotent). */
export async function watchFsyncs(): Promise<void> {
  if (installed) return;
  installed = true;
  const prototype = await fileHandlePrototype();
  for (const name of ['sync', 'datasync'] as const) {
    const original = prototype[name];
    prototype[name] = async function (this: FileHandle): Promise<void> {
      // What was written before the call is what the sync makes durable.
      const stat = fstatSync(this.fd);
      await original.call(this);
      if (stat.isFile()) syncedLength.set(stat.ino, stat.size);
    };
  }
}

/**
 * Cuts every file of `copy`, a copy of `dir` taken as the power went, as the power loss would
 * leave it (see above); `random` decides how much of each unsynced tail survives. Files are
 * visited in name order, so a seed replays.
 */
export function losePower(dir: string, copy: string, random: () => number): void {
  for (const path of filesUnder(dir)) {
    const stat = lstatSync(path);
    const synced = syncedLength.get(stat.ino);
    if (synced === undefined || stat.size <= synced) continue;
    const torn = random() < 0.5 ? Math.floor(random() * (stat.size - synced)) : 0;
    truncateSync(join(copy, relative(dir, path)), synced + torn);
  }
}

/** What is on disk after a crash is durable: the files of `dir` (new inodes after a copy) count as fsynced. */
export function markDurable(dir: string): void {
  for (const path of filesUnder(dir)) {
    const stat = lstatSync(path);
    syncedLength.set(stat.ino, stat.size);
  }
}

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
