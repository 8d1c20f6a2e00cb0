import { fstatSync, lstatSync, readdirSync, readlinkSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The simulated disk under the real files: fsync takes simulated time, and a power loss keeps only
 * what was fsynced. It wraps FileHandle's sync and datasync (the only way the server code syncs)
 * for the whole test process:
 *  - a sync first waits for the latency the simulation gives it (`setSyncLatency`), on the
 *    simulated clock of the process that asked, so other events (a follower reading what was
 *    written, a crash) can come between a write and its fsync; a process that crashes meanwhile
 *    never gets its sync done;
 *  - the length a file had when a sync of it was asked is what that sync made durable, remembered
 *    by inode (a rename keeps it).
 * A power loss (`losePower`) cuts every file back to that length, or tears it somewhere between
 * that and its current length (the kernel may have written some later pages). Files never
 * fsynced keep what they hold, and directory entries (creations, renames, deletions) all survive:
 * milder than a real power loss, which can also undo those when the directory was not synced. A
 * reused inode can only cut bytes of a file not fsynced since, which a power loss may do anyway.
 */
const syncedLength = new Map<number, number>();
let installed = false;

/** Resolves true once the sync of `path` may run; false: its process died meanwhile (skip it). */
export type SyncLatency = (path: string) => Promise<boolean>;
let latency: SyncLatency | undefined;

export function setSyncLatency(value: SyncLatency | undefined): void {
  latency = value;
}

async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(tmpdir(), 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

/** Installs the wrappers (once per test process; idempotent). */
export async function installSimDisk(): Promise<void> {
  if (installed) return;
  installed = true;
  const prototype = await fileHandlePrototype();
  for (const name of ['sync', 'datasync'] as const) {
    const original = prototype[name];
    prototype[name] = async function (this: FileHandle): Promise<void> {
      // What was written before the call is what the sync makes durable.
      const stat = fstatSync(this.fd);
      if (latency !== undefined && !(await latency(readlinkSync(`/proc/self/fd/${this.fd}`)))) return;
      await original.call(this);
      if (stat.isFile()) syncedLength.set(stat.ino, stat.size);
    };
  }
}

/**
 * Cuts every file of `copy`, a copy of `dir` taken as the power went, as the power loss leaves
 * it (see above); `random` decides how much of each unsynced tail survives. Files are visited in
 * name order, so a seed replays.
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
