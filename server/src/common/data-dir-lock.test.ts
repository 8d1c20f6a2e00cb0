import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

/** Runs a child Node process that takes the lock, prints "locked", and holds it until killed. */
function holdLockInChild(dir: string): Promise<{ kill: () => Promise<void>; pid: number }> {
  const script = `
    import { lockDataDir } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).href)};
    await lockDataDir(${JSON.stringify(dir)}, 'test holder');
    console.log('locked');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) {
        resolve({
          pid: child.pid!,
          kill: () =>
            new Promise((done) => {
              child.on('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
  });
}

describe('data dir lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder in this process until the first releases', async () => {
    const first = await lockDataDir(dir, 'fluss coordinator');
    const error = await lockDataDir(dir, 'fluss local').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`fluss coordinator (pid ${process.pid}`);
    await first.release();
    const again = await lockDataDir(dir, 'fluss local');
    await again.release();
  });

  it('refuses while another process holds it, and is free once that process is killed with SIGKILL', async () => {
    const holder = await holdLockInChild(dir);
    await expect(lockDataDir(dir, 'second')).rejects.toThrow(`test holder (pid ${holder.pid}`);
    await holder.kill();
    const lock = await lockDataDir(dir, 'after the crash');
    await lock.release();
  });
});
