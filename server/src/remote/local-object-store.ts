import { randomUUID } from 'node:crypto';
import { link, lstat, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isNotFound, syncDirectory, writeFileVia } from '../common/files.ts';
import { forEachChunk, newSha256, sha256 } from './checksum.ts';
import { decodeFooter, encodeFooter, FOOTER_BYTES } from './local-object-footer.ts';
import { checkKey, checkPrefix, compareKeys } from './object-key.ts';
import {
  checkMaxKeys,
  checkRange,
  MAX_LIST_KEYS,
  type ByteRange,
  type ListOptions,
  type ListPage,
  type ObjectEntry,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from './object-store.ts';
import { ObjectStoreError } from './object-store-error.ts';

/** Puts in flight, under the root so that the final rename or link stays on one file system. */
const STAGING_DIR = '.staging';

/**
 * Objects as files under a root directory: the embedded store of `fluss local`, and the stand-in
 * for S3 in tests. Key `a/b/c` is the file `<root>/a/b/c`; its content is followed by a footer
 * holding the content's length and SHA-256 (local-object-footer.ts), so one file carries both and a
 * torn or truncated file is recognised.
 *
 * A put writes `<root>/.staging/<owner>/<uuid>` durably (files.ts: temp, fsync, rename, directory fsync),
 * then renames it onto the key (replace) or hard-links it there (`ifAbsent`: link refuses an
 * existing name, atomically), and fsyncs the directory (and the parent of any directory it
 * created). A kill -9 at any point leaves the old state or the whole new object, plus at most a
 * staging file, removed when the store is next opened by the same owner.
 *
 * Limits: a key cannot also be a directory of other keys (`a` and `a/b`): such a put fails with
 * `invalid`. Directories emptied by deletes stay (S3 has none; they cost nothing but a listing
 * walk). One process per root.
 */
export class LocalObjectStore implements ObjectStore {
  readonly location: string;
  private readonly root: string;
  /** This opener's staging directory: `.staging/<owner>`. */
  private readonly staging: string;

  private constructor(root: string, owner: string) {
    this.root = root;
    this.staging = join(root, STAGING_DIR, owner);
    this.location = pathToFileURL(root + sep).href;
  }

  /**
   * Creates the root if needed and removes the staging files a crash of this `owner` left behind.
   * Processes sharing a root (the tablet servers of one cluster) each open it as their own owner
   * (e.g. `tablet-server-3`), so that none removes another's puts in flight.
   */
  static async open(root: string, options: { owner?: string } = {}): Promise<LocalObjectStore> {
    const owner = options.owner ?? 'default';
    if (!/^[A-Za-z0-9._-]+$/.test(owner) || owner === '.' || owner === '..') throw new RangeError(`Invalid local object store owner ${JSON.stringify(owner)}`);
    const store = new LocalObjectStore(root, owner);
    await rm(store.staging, { recursive: true, force: true });
    await mkdir(store.staging, { recursive: true });
    return store;
  }

  async put(key: string, content: Uint8Array, options: PutOptions = {}): Promise<void> {
    checkKey(key);
    const footer = encodeFooter(content.byteLength, sha256(content));
    await this.#commit(key, options, async (file) => {
      await file.write(content);
      await file.write(footer);
    });
  }

  async putFile(key: string, path: string, options: PutOptions = {}): Promise<void> {
    checkKey(key);
    await this.#commit(key, options, async (file) => {
      const hash = newSha256();
      const size = await forEachChunk(path, async (chunk) => {
        hash.update(chunk);
        await file.write(chunk);
      });
      await file.write(encodeFooter(size, hash.digest('base64')));
    });
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array> {
    checkKey(key);
    if (range) checkRange(range);
    return this.#withObject(key, async (file, info) => {
      if (range) {
        const length = Math.max(0, Math.min(range.length, info.size - range.offset));
        return readAt(file, range.offset, length);
      }
      const content = await readAt(file, 0, info.size);
      if (sha256(content) !== info.sha256) throw new ObjectStoreError('corrupt', `${this.#describe(key)}: content does not match its SHA-256`);
      return content;
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    checkKey(key);
    try {
      return await this.#withObject(key, async (_file, info) => info);
    } catch (error) {
      if (error instanceof ObjectStoreError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const maxKeys = options.maxKeys ?? MAX_LIST_KEYS;
    checkMaxKeys(maxKeys);
    await this.#checkRoot();
    // Walk only the directory the prefix names; order by UTF-8 bytes like S3 (a directory walk
    // would put `a/b` before `a-c`).
    const start = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys = (await this.#keysUnder(start))
      .filter((key) => key.startsWith(prefix) && (options.token === undefined || compareKeys(key, options.token) > 0))
      .sort(compareKeys);
    const page = keys.slice(0, maxKeys);
    const objects: ObjectEntry[] = [];
    for (const key of page) {
      const stats = await stat(this.#path(key)).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
      if (stats) objects.push({ key, size: Math.max(0, stats.size - FOOTER_BYTES), lastModified: stats.mtime });
    }
    return { objects, ...(keys.length > maxKeys && { nextToken: page.at(-1)! }) };
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.#checkRoot();
    const path = this.#path(key);
    try {
      await unlink(path);
    } catch (error) {
      if (isNotFound(error) || errorCode(error) === 'ENOTDIR') return;
      if (errorCode(error) === 'EISDIR' || errorCode(error) === 'EPERM') return; // a directory of other keys: no object here
      throw error;
    }
    await syncDirectory(dirname(path));
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.delete(key);
  }

  close(): void {}

  async #commit(key: string, options: PutOptions, fill: (file: FileHandle) => Promise<void>): Promise<void> {
    await this.#checkRoot();
    const path = this.#path(key);
    const staged = join(this.staging, randomUUID());
    try {
      await makeDirectories(dirname(path));
      await writeFileVia(staged, fill);
      if (options.ifAbsent) await link(staged, path);
      else await rename(staged, path);
    } catch (error) {
      throw await this.#putError(key, path, error);
    } finally {
      await unlink(staged).catch(() => undefined);
    }
    await syncDirectory(dirname(path));
  }

  async #putError(key: string, path: string, error: unknown): Promise<unknown> {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      const existing = await lstat(path).catch(() => undefined);
      if (existing?.isFile()) return new ObjectStoreError('exists', `${this.#describe(key)} already exists`, { cause: error });
    }
    if (code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') {
      return new ObjectStoreError('invalid', `${this.#describe(key)}: the key collides with a directory of other keys (or one of its directories is a key)`, {
        cause: error,
      });
    }
    return error;
  }

  /** Opens the object, reads and checks its footer, and runs `use` with the file still open. */
  async #withObject<T>(key: string, use: (file: FileHandle, info: ObjectInfo) => Promise<T>): Promise<T> {
    let file: FileHandle;
    try {
      file = await open(this.#path(key), 'r');
    } catch (error) {
      if (isNotFound(error) || errorCode(error) === 'ENOTDIR' || errorCode(error) === 'EISDIR') {
        await this.#checkRoot();
        throw new ObjectStoreError('not-found', `${this.#describe(key)} does not exist`, { cause: error });
      }
      throw error;
    }
    try {
      const stats = await file.stat();
      if (stats.isDirectory()) throw new ObjectStoreError('not-found', `${this.#describe(key)} does not exist`);
      const footer = stats.size >= FOOTER_BYTES ? decodeFooter(await readAt(file, stats.size - FOOTER_BYTES, FOOTER_BYTES)) : undefined;
      if (footer === undefined || footer.size !== stats.size - FOOTER_BYTES) {
        throw new ObjectStoreError('corrupt', `${this.#describe(key)}: the file is torn or not an object (no valid footer)`);
      }
      return await use(file, { key, size: footer.size, sha256: footer.sha256, lastModified: stats.mtime });
    } finally {
      await file.close();
    }
  }

  async #keysUnder(dirPrefix: string): Promise<string[]> {
    const entries = await readdir(join(this.root, dirPrefix), { recursive: true, withFileTypes: true }).catch((error: unknown) =>
      isNotFound(error) || errorCode(error) === 'ENOTDIR' ? [] : Promise.reject(error),
    );
    const keys: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (!key.startsWith(`${STAGING_DIR}/`)) keys.push(key);
    }
    return keys;
  }

  async #checkRoot(): Promise<void> {
    const stats = await stat(this.staging).catch(() => undefined);
    if (!stats?.isDirectory()) throw new ObjectStoreError('no-bucket', `The object store root ${this.root} (or its ${STAGING_DIR} directory) does not exist`);
  }

  #path(key: string): string {
    if (key === STAGING_DIR || key.startsWith(`${STAGING_DIR}/`))
      throw new RangeError(`Invalid object key ${JSON.stringify(key)}: ${STAGING_DIR} is the local store's own`);
    return join(this.root, ...key.split('/'));
  }

  #describe(key: string): string {
    return `Object ${key} in ${this.location}`;
  }
}

/** mkdir -p, with every new directory's entry fsynced in its parent, so a power loss cannot drop one under a committed object. */
async function makeDirectories(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let created = dir; ; created = dirname(created)) {
    await syncDirectory(dirname(created));
    if (created === first) return;
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new ObjectStoreError('corrupt', `File ended at ${position + done}, before the ${length} bytes expected from ${position}`);
    done += bytesRead;
  }
  return buffer;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
