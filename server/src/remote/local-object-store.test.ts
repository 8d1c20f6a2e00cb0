import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { LocalObjectStore } from './local-object-store.ts';
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

describe('LocalObjectStore', () => {
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
      await writeFile(join(dir.path, '.staging', 'left-by-a-crash'), 'half');
      expect((await store.list('')).objects.map((o) => o.key)).toEqual(['kept']);
      await LocalObjectStore.open(dir.path);
      expect(await readdir(join(dir.path, '.staging'))).toEqual([]);
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
