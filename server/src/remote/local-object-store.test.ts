import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { LocalObjectStore } from './local-object-store.ts';
import { listAll } from './object-store.ts';
import { objectStoreContract } from './object-store-contract.ts';
import { isObjectStoreError } from './object-store-error.ts';

objectStoreContract('local directory', async () => {
  const dir = tempDir('fluss-local-store');
  const root = join(dir.path, 'objects');
  const scratchDir = join(dir.path, 'scratch');
  await mkdir(scratchDir);
  return {
    store: await LocalObjectStore.open(root),
    multipartThresholdBytes: 1024 * 1024,
    scratchDir,
    storedFile: (key) => join(root, ...key.split('/')),
    dispose: async () => dir.remove(),
  };
});

/** A child process putting objects (new keys, one replaced key, if-absent keys) until SIGKILLed after `killAfterMs`. */
async function putUntilKilled(root: string, killAfterMs: number): Promise<void> {
  const script = `
    import { randomBytes } from 'node:crypto';
    import { LocalObjectStore } from ${JSON.stringify(new URL('./local-object-store.ts', import.meta.url).href)};
    const store = await LocalObjectStore.open(${JSON.stringify(root)});
    console.log('writing');
    for (let i = 0; ; i++) {
      const content = randomBytes(1 + ((i * 7919) % (3 * 1024 * 1024)));
      await Promise.all([
        store.put('many/' + process.pid + '-' + i, content),
        store.put('same', content),
        store.put('once/' + (i % 20), content, { ifAbsent: true }).catch(() => undefined),
      ]);
    }
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && resolve());
    void exited.then(() => reject(new Error('the writer exited before writing')));
  });
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  child.kill('SIGKILL');
  await exited;
}

describe('LocalObjectStore', () => {
  it('kill -9 in the middle of puts: every object listed afterwards reads back whole and verified', async () => {
    const dir = tempDir('fluss-local-store-crash');
    try {
      for (const killAfterMs of [150, 400, 700]) {
        await putUntilKilled(dir.path, killAfterMs);
        const store = await LocalObjectStore.open(dir.path);
        let objects = 0;
        for await (const entry of listAll(store, '')) {
          const content = await store.get(entry.key); // throws `corrupt` on a half-written object
          expect(content.byteLength).toBe(entry.size);
          objects++;
        }
        expect(objects).toBeGreaterThan(0);
        expect(await readdir(join(dir.path, '.staging', 'default'))).toEqual([]);
      }
    } finally {
      dir.remove();
    }
  });

  it('a torn file (cut short, so without its footer) is corrupt, not a shorter object', async () => {
    const dir = tempDir('fluss-local-store');
    try {
      const store = await LocalObjectStore.open(dir.path);
      await store.put('x', Buffer.alloc(100, 7));
      await writeFile(join(dir.path, 'x'), Buffer.alloc(60, 7));
      const error = await store.get('x').catch((thrown: unknown) => thrown);
      expect(isObjectStoreError(error, 'corrupt')).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('opening removes staging files a crash left behind; they were never listed', async () => {
    const dir = tempDir('fluss-local-store');
    try {
      const store = await LocalObjectStore.open(dir.path);
      await store.put('kept', Buffer.from('kept'));
      await writeFile(join(dir.path, '.staging', 'default', 'left-by-a-crash'), 'half');
      expect((await store.list('')).objects.map((o) => o.key)).toEqual(['kept']);
      await LocalObjectStore.open(dir.path);
      expect(await readdir(join(dir.path, '.staging', 'default'))).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it('owners sharing a root each remove only their own staging files', async () => {
    const dir = tempDir('fluss-local-store');
    try {
      await LocalObjectStore.open(dir.path, { owner: 'tablet-server-1' });
      await writeFile(join(dir.path, '.staging', 'tablet-server-1', 'in-flight'), 'half');
      const other = await LocalObjectStore.open(dir.path, { owner: 'tablet-server-2' });
      await other.put('k', Buffer.from('v'));
      expect(await readdir(join(dir.path, '.staging', 'tablet-server-1'))).toEqual(['in-flight']);
      expect((await other.list('')).objects.map((o) => o.key)).toEqual(['k']);
      await LocalObjectStore.open(dir.path, { owner: 'tablet-server-1' });
      expect(await readdir(join(dir.path, '.staging', 'tablet-server-1'))).toEqual([]);
      await expect(LocalObjectStore.open(dir.path, { owner: '../x' })).rejects.toThrow(RangeError);
    } finally {
      dir.remove();
    }
  });

  it('a key that is also a directory of other keys is refused (invalid), and .staging is not a key', async () => {
    const dir = tempDir('fluss-local-store');
    try {
      const store = await LocalObjectStore.open(dir.path);
      await store.put('a/b', Buffer.from('1'));
      const error = await store.put('a', Buffer.from('2')).catch((thrown: unknown) => thrown);
      expect(isObjectStoreError(error, 'invalid')).toBe(true);
      await expect(store.put('.staging/x', Buffer.from('3'))).rejects.toThrow(RangeError);
    } finally {
      dir.remove();
    }
  });

  it('a removed root is no-bucket', async () => {
    const dir = tempDir('fluss-local-store');
    const store = await LocalObjectStore.open(join(dir.path, 'root'));
    dir.remove();
    const error = await store.get('x').catch((thrown: unknown) => thrown);
    expect(isObjectStoreError(error, 'no-bucket')).toBe(true);
  });
});
