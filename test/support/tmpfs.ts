import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small tmpfs for disk-full tests: a real file system that fills up. Mounting needs root, which
 * CI and the dev containers have; elsewhere this throws (a test must not pass without running).
 */
export interface Tmpfs {
  readonly path: string;
  /** Writes a filler file until the file system refuses more (ENOSPC). */
  fill(): Promise<void>;
  /** Deletes the filler file: the space is back. */
  free(): Promise<void>;
  unmount(): void;
}

const FILL_CHUNK_BYTES = 16 * 1024;

export function mountTmpfs(sizeBytes: number): Tmpfs {
  const uid = process.getuid?.();
  if (uid !== 0) throw new Error(`Disk-full tests mount a tmpfs, which needs root; this process runs as uid ${String(uid)}`);
  const path = mkdtempSync(join(tmpdir(), 'fluss-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(path);
    throw new Error(`Cannot mount a tmpfs at ${path} for a disk-full test: ${(error as Error).message}`, { cause: error });
  }
  const filler = join(path, 'filler');
  return {
    path,
    async fill() {
      const file = await open(filler, 'a');
      const chunk = Buffer.alloc(FILL_CHUNK_BYTES, 0x5a);
      try {
        // Down to single bytes, so that not even a partial page is left.
        for (let size = FILL_CHUNK_BYTES; size >= 1; ) {
          try {
            await file.write(chunk, 0, size);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            size >>= 1;
          }
        }
      } finally {
        await file.close();
      }
    },
    async free() {
      await rm(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', [path], { stdio: 'pipe' });
      rmdirSync(path);
    },
  };
}
