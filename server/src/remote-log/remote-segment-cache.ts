import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/files.ts';
import { SegmentReader } from '../log/index.ts';
import { segmentFileName } from '../log/file-names.ts';
import { sha256 } from '../remote/checksum.ts';
import type { ObjectStore } from '../remote/object-store.ts';
import { ObjectStoreError } from '../remote/object-store-error.ts';
import type { RemoteSegment } from './manifest.ts';

interface CachedSegment {
  reader: Promise<SegmentReader>;
  /** Its own directory per download: a segment evicted and fetched again never shares one. */
  dir: string;
  sizeBytes: number;
  /** Reads using it now: not evicted while any runs. */
  users: number;
  lastUsed: number;
}

/**
 * Remote segments a tablet server reads (fetches below its local log start), downloaded to a local
 * directory and kept open, least recently used evicted beyond `maxBytes`. A download is checked
 * twice: by the store (the object's own SHA-256) and against the SHA-256 the manifest recorded at
 * upload, so neither a torn object nor another object under the key is ever served (`corrupt`).
 * Concurrent reads of one segment share its download. The directory is emptied on start.
 */
export class RemoteSegmentCache {
  readonly #store: ObjectStore;
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #indexIntervalBytes: number;
  readonly #segments = new Map<string, CachedSegment>();
  #useCounter = 0;
  #downloads = 0;

  private constructor(store: ObjectStore, dir: string, maxBytes: number, indexIntervalBytes: number) {
    this.#indexIntervalBytes = indexIntervalBytes;
    this.#store = store;
    this.#dir = dir;
    this.#maxBytes = maxBytes;
  }

  static async open(store: ObjectStore, dir: string, options: { maxBytes: number; indexIntervalBytes: number }): Promise<RemoteSegmentCache> {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return new RemoteSegmentCache(store, dir, options.maxBytes, options.indexIntervalBytes);
  }

  /** Runs `work` on the segment's reader, downloading it first when it is not cached. */
  async withSegment<T>(segment: RemoteSegment, work: (reader: SegmentReader) => Promise<T>): Promise<T> {
    let cached = this.#segments.get(segment.id);
    if (cached === undefined) {
      const dir = join(this.#dir, `${segment.id}-${++this.#downloads}`);
      cached = { reader: this.#download(segment, dir), dir, sizeBytes: segment.sizeBytes, users: 0, lastUsed: 0 };
      this.#segments.set(segment.id, cached);
      const entry = cached;
      entry.reader.catch(() => {
        if (this.#segments.get(segment.id) === entry) this.#segments.delete(segment.id);
      });
    }
    cached.users++;
    cached.lastUsed = ++this.#useCounter;
    try {
      return await work(await cached.reader);
    } finally {
      cached.users--;
      await this.#evict();
    }
  }

  /** Closes every cached reader. */
  async close(): Promise<void> {
    const readers = [...this.#segments.values()].map((cached) => cached.reader);
    this.#segments.clear();
    await Promise.allSettled(readers.map(async (reader) => (await reader).close()));
  }

  async #download(segment: RemoteSegment, dir: string): Promise<SegmentReader> {
    const content = await this.#store.get(segment.keys.log);
    if (sha256(content) !== segment.sha256) {
      throw new ObjectStoreError('corrupt', `Remote segment ${segment.keys.log}: content does not match the SHA-256 its manifest recorded`);
    }
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, segmentFileName(segment.segmentBaseOffset, '.log')), content);
    return SegmentReader.open(dir, segment.segmentBaseOffset, { indexIntervalBytes: this.#indexIntervalBytes });
  }

  async #evict(): Promise<void> {
    let total = [...this.#segments.values()].reduce((sum, cached) => sum + cached.sizeBytes, 0);
    const idle = [...this.#segments].filter(([, cached]) => cached.users === 0).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [id, cached] of idle) {
      if (total <= this.#maxBytes) break;
      this.#segments.delete(id);
      total -= cached.sizeBytes;
      await (await cached.reader.catch(() => undefined))?.close();
      await rm(cached.dir, { recursive: true, force: true });
    }
  }
}
