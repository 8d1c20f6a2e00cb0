// The contract every ObjectStore passes, run against each implementation by its own test file
// (local-object-store.test.ts, s3-object-store.test.ts) so that code written against one behaves
// the same on the other.
import { randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from './checksum.ts';
import { listAll, type ObjectStore } from './object-store.ts';
import { isObjectStoreError } from './object-store-error.ts';

export interface ContractFixture {
  /** A store with no objects. */
  store: ObjectStore;
  /** putFile of a larger file goes multipart (where the store has such a thing). */
  multipartThresholdBytes: number;
  /** A directory for source files of putFile. */
  scratchDir: string;
  /** The file that holds the object's bytes, behind the store's back (to damage it). */
  storedFile(key: string): string;
  dispose(): Promise<void>;
}

/** Flips the first byte of a stored object's content, as bit rot or a stray writer would. */
async function flipFirstByte(path: string): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, 0);
    byte[0] = byte[0]! ^ 0xff;
    await file.write(byte, 0, 1, 0);
  } finally {
    await file.close();
  }
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isObjectStoreError(error) ? error.code : error).toBe(code);
}

export function objectStoreContract(name: string, newFixture: () => Promise<ContractFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: ObjectStore;
    beforeEach(async () => {
      fixture = await newFixture();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('round trip: get returns what put stored, head its size and SHA-256; a put replaces', async () => {
      const content = randomBytes(10_000);
      await store.put('t/a/object.bin', content);
      expect(Buffer.from(await store.get('t/a/object.bin')).equals(content)).toBe(true);
      expect(await store.head('t/a/object.bin')).toMatchObject({ key: 't/a/object.bin', size: 10_000, sha256: sha256(content) });

      await store.put('t/a/object.bin', Buffer.from('second'));
      expect(Buffer.from(await store.get('t/a/object.bin')).toString()).toBe('second');
      await store.put('t/empty', new Uint8Array(0));
      expect((await store.get('t/empty')).byteLength).toBe(0);
    });

    it('a missing object: get fails with not-found, head answers undefined', async () => {
      await expectCode(store.get('no/such/key'), 'not-found');
      await expectCode(store.get('no/such/key', { offset: 0, length: 10 }), 'not-found');
      expect(await store.head('no/such/key')).toBeUndefined();
    });

    it('ranged get: the bytes of the range, fewer at the end of the object, none past it', async () => {
      const content = randomBytes(1000);
      await store.put('r', content);
      expect(Buffer.from(await store.get('r', { offset: 100, length: 50 })).equals(content.subarray(100, 150))).toBe(true);
      expect(Buffer.from(await store.get('r', { offset: 990, length: 50 })).equals(content.subarray(990))).toBe(true);
      expect((await store.get('r', { offset: 1000, length: 10 })).byteLength).toBe(0);
      await expect(store.get('r', { offset: -1, length: 10 })).rejects.toThrow(RangeError);
      await expect(store.get('r', { offset: 0, length: 0 })).rejects.toThrow(RangeError);
    });

    it('list: by prefix, in UTF-8 byte order, page by page', async () => {
      const keys = ['p/k1', 'p/k10', 'p/k2', 'p/sub/x', 'p/sub/y', 'p-other', 'p/\u00e9', 'q/k1'];
      for (const key of keys) await store.put(key, Buffer.from(key));
      const inP = ['p/k1', 'p/k10', 'p/k2', 'p/sub/x', 'p/sub/y', 'p/\u00e9'];

      const first = await store.list('p/', { maxKeys: 4 });
      expect(first.objects.map((o) => o.key)).toEqual(inP.slice(0, 4));
      expect(first.nextToken).toBeDefined();
      const second = await store.list('p/', { maxKeys: 4, token: first.nextToken! });
      expect(second.objects.map((o) => o.key)).toEqual(inP.slice(4));
      expect(second.nextToken).toBeUndefined();
      expect(second.objects[0]).toMatchObject({ key: 'p/sub/y', size: 7 });

      const all: string[] = [];
      for await (const entry of listAll(store, 'p/', { maxKeys: 2 })) all.push(entry.key);
      expect(all).toEqual(inP);
      expect((await store.list('p/k1')).objects.map((o) => o.key)).toEqual(['p/k1', 'p/k10']);
      expect((await store.list('p')).objects.map((o) => o.key)).toEqual(['p-other', ...inP]);
      expect((await store.list('none/')).objects).toEqual([]);
      expect((await store.list('')).objects).toHaveLength(keys.length);
    });

    it('put-if-absent: stores a new key, refuses a taken one (exists) and leaves it as it was', async () => {
      await store.put('commit/v1.json', Buffer.from('first'), { ifAbsent: true });
      await expectCode(store.put('commit/v1.json', Buffer.from('second'), { ifAbsent: true }), 'exists');
      expect(Buffer.from(await store.get('commit/v1.json')).toString()).toBe('first');
    });

    it('put-if-absent: of racing puts of one key exactly one wins', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => store.put('commit/v2.json', Buffer.from(`writer ${i}`), { ifAbsent: true })),
      );
      const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const result of results) if (result.status === 'rejected') expect(isObjectStoreError(result.reason, 'exists')).toBe(true);
      expect(Buffer.from(await store.get('commit/v2.json')).toString()).toBe(`writer ${won[0]}`);
    });

    it('delete: removes the object; deleting a missing key succeeds; deleteMany mixes both', async () => {
      await store.put('d/1', Buffer.from('1'));
      await store.put('d/2', Buffer.from('2'));
      await store.put('d/3', Buffer.from('3'));
      await store.delete('d/1');
      expect(await store.head('d/1')).toBeUndefined();
      await store.delete('d/1');
      await store.delete('never/there');
      await store.deleteMany(['d/2', 'd/missing', 'd/3']);
      expect((await store.list('d/')).objects).toEqual([]);
      await store.deleteMany([]);
    });

    it('putFile: a file past the multipart threshold round-trips, and honours ifAbsent', async () => {
      const size = Math.floor(fixture.multipartThresholdBytes * 2.2);
      const content = randomBytes(size);
      const source = join(fixture.scratchDir, 'big.bin');
      await writeFile(source, content);
      await store.putFile('big/segment.log', source);
      expect(await store.head('big/segment.log')).toMatchObject({ size, sha256: sha256(content) });
      expect(Buffer.from(await store.get('big/segment.log')).equals(content)).toBe(true);
      expect(Buffer.from(await store.get('big/segment.log', { offset: size - 10, length: 10 })).equals(content.subarray(size - 10))).toBe(true);
      await expectCode(store.putFile('big/segment.log', source, { ifAbsent: true }), 'exists');

      const small = join(fixture.scratchDir, 'small.bin');
      await writeFile(small, 'small file');
      await store.putFile('small/file', small, { ifAbsent: true });
      expect(Buffer.from(await store.get('small/file')).toString()).toBe('small file');
    });

    it('a stored object changed behind the store is detected (corrupt) and never returned', async () => {
      await store.put('c/object', randomBytes(4096));
      await flipFirstByte(fixture.storedFile('c/object'));
      await expectCode(store.get('c/object'), 'corrupt');
    });

    it('refuses malformed keys with a RangeError', async () => {
      for (const key of ['', '/abs', 'a//b', 'a/../b', 'trailing/', 'nul\0']) {
        await expect(store.put(key, Buffer.from('x')), JSON.stringify(key)).rejects.toThrow(RangeError);
      }
    });
  });
}
