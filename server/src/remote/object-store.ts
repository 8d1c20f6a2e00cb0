/**
 * The one interface the servers use to keep data in object storage (remote log segments, KV
 * snapshots, lake files): S3 in a cluster, a local directory for `fluss local`. Both
 * implementations pass the same contract tests (object-store-contract.ts).
 *
 * Guarantees every implementation gives:
 * - A put is atomic: readers see the old state or the whole new object, never part of it.
 * - `ifAbsent` puts are the atomic commit: of two racing puts of one key, exactly one succeeds and
 *   the other fails with `exists`.
 * - Every object carries the SHA-256 of its content, stored with it at put time; a whole-object get
 *   verifies it and fails with `corrupt` instead of returning changed bytes. Ranged gets are not
 *   verified (that would read the whole object): what callers read by range (log batches) carries
 *   its own CRC.
 * - Failures are ObjectStoreErrors with a code (object-store-error.ts); arguments that can never be
 *   valid (a malformed key, a negative range) are a RangeError.
 */
export interface ObjectStore {
  /** Where the objects live, for messages: `s3://bucket/prefix/` or `file:///dir/`. */
  readonly location: string;

  /** Stores `content` under `key`, replacing any object there unless `ifAbsent`. */
  put(key: string, content: Uint8Array, options?: PutOptions): Promise<void>;

  /** Stores a file's content under `key`, streamed (S3: multipart above the store's threshold). */
  putFile(key: string, path: string, options?: PutOptions): Promise<void>;

  /** The whole object, checksum verified; or the bytes of `range` (fewer at the end of the object). */
  get(key: string, range?: ByteRange): Promise<Uint8Array>;

  /** The object's size and checksum, or undefined when there is none under `key`. */
  head(key: string): Promise<ObjectInfo | undefined>;

  /** One page of the objects whose key starts with `prefix`, in key order (UTF-8 bytes). */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;

  /** Deletes the object; deleting a missing key succeeds (deletes are retried). */
  delete(key: string): Promise<void>;

  /** Deletes every object named (in batches where the store allows); missing keys succeed. */
  deleteMany(keys: readonly string[]): Promise<void>;

  /** Releases connections; the store must not be used afterwards. */
  close(): void;
}

export interface PutOptions {
  /** Fail with `exists` instead of replacing an object already under the key. */
  ifAbsent?: boolean;
}

/** Bytes [offset, offset + length) of an object. */
export interface ByteRange {
  offset: number;
  length: number;
}

export interface ObjectEntry {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectInfo extends ObjectEntry {
  /** Base64 SHA-256 of the content (the form S3's `x-amz-checksum-sha256` uses). */
  sha256: string;
}

export interface ListOptions {
  /** At most this many objects per page (1..1000). @default 1000 */
  maxKeys?: number;
  /** The `nextToken` of the previous page. */
  token?: string;
}

export interface ListPage {
  objects: ObjectEntry[];
  /** Present when more objects follow: pass it as `token` for the next page. */
  nextToken?: string;
}

export const MAX_LIST_KEYS = 1000;

/** Every object under `prefix`, page by page. */
export async function* listAll(store: ObjectStore, prefix: string, options: { maxKeys?: number } = {}): AsyncGenerator<ObjectEntry> {
  let token: string | undefined;
  do {
    const page = await store.list(prefix, { ...options, ...(token !== undefined && { token }) });
    yield* page.objects;
    token = page.nextToken;
  } while (token !== undefined);
}

/** Checks the arguments every implementation takes the same way. */
export function checkRange(range: ByteRange): void {
  if (!Number.isSafeInteger(range.offset) || range.offset < 0) throw new RangeError(`Invalid range offset ${range.offset}`);
  if (!Number.isSafeInteger(range.length) || range.length < 1) throw new RangeError(`Invalid range length ${range.length}: at least 1 byte`);
}

export function checkMaxKeys(maxKeys: number): void {
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1 || maxKeys > MAX_LIST_KEYS) throw new RangeError(`Invalid maxKeys ${maxKeys}: 1..${MAX_LIST_KEYS}`);
}
