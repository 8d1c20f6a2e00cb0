import RocksDB from 'rocksdb-native';

/** Rows live under this one-byte namespace; tablet metadata under META. */
const DATA = 0x01;
const META = 0x00;
const APPLIED_OFFSET_KEY = Buffer.from([META, ...Buffer.from('applied-offset')]);

export interface KvWrite {
  /** Keys (without namespace) to set, with their encoded rows. */
  readonly puts: ReadonlyArray<readonly [Buffer, Buffer]>;
  readonly deletes: readonly Buffer[];
  /** The log end offset these writes bring the store to (recorded in the same atomic batch). */
  readonly appliedOffset: number;
}

/**
 * The RocksDB instance of one bucket's KV tablet: rows by encoded primary key plus the log offset
 * they reflect. Every write is one atomic write batch carrying that offset, so the store (and a
 * snapshot of it) always says exactly which prefix of the changelog it holds.
 */
export class KvStore {
  readonly #db: RocksDB;

  private constructor(db: RocksDB) {
    this.#db = db;
  }

  static async open(dir: string): Promise<KvStore> {
    const db = new RocksDB(dir, { createIfMissing: true, maxBackgroundJobs: 2 });
    await db.ready();
    return new KvStore(db);
  }

  /** Values of `keys` in one native call; null where absent. */
  async multiGet(keys: readonly Buffer[]): Promise<(Buffer | null)[]> {
    if (keys.length === 0) return [];
    const batch = this.#db.read({ capacity: keys.length });
    try {
      const results = keys.map((key) => batch.get(dataKey(key)));
      batch.tryFlush();
      return await Promise.all(results);
    } finally {
      batch.destroy();
    }
  }

  async write(write: KvWrite): Promise<void> {
    const batch = this.#db.write({ capacity: write.puts.length + write.deletes.length + 1 });
    try {
      for (const [key, value] of write.puts) batch.tryPut(dataKey(key), value);
      for (const key of write.deletes) batch.tryDelete(dataKey(key));
      batch.tryPut(APPLIED_OFFSET_KEY, encodeOffset(write.appliedOffset));
      await batch.flush();
    } finally {
      batch.destroy(); // an undestroyed batch keeps close() waiting forever
    }
  }

  /** Rows whose key starts with `prefix`, in key order, at most `limit`. */
  async scanPrefix(prefix: Buffer, limit: number): Promise<Buffer[]> {
    const values: Buffer[] = [];
    for await (const { value } of this.#db.iterator({ ...prefixRange(prefix), limit, capacity: Math.min(limit, 1024) })) {
      values.push(value);
    }
    return values;
  }

  /** The log offset the store reflects; 0 for a new store. */
  async appliedOffset(): Promise<number> {
    const bytes = await this.#db.get(APPLIED_OFFSET_KEY);
    return bytes === null ? 0 : decodeOffset(bytes);
  }

  /**
   * Reads a point-in-time view: its applied offset and every row. The view is taken before this
   * returns, so later writes do not show in it; `entries` may be iterated once.
   */
  async openSnapshot(): Promise<StoreSnapshot> {
    const view = this.#db.snapshot();
    const bytes = await view.get(APPLIED_OFFSET_KEY);
    return {
      appliedOffset: bytes === null ? 0 : decodeOffset(bytes),
      entries: (async function* () {
        for await (const { key, value } of view.iterator({ gte: Buffer.from([DATA]), lt: Buffer.from([DATA + 1]), capacity: 1024 })) {
          yield [key.subarray(1), value] as const;
        }
      })(),
      close: () => view.close(),
    };
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}

export interface StoreSnapshot {
  readonly appliedOffset: number;
  /** (key without namespace, value) in key order. */
  readonly entries: AsyncIterable<readonly [Buffer, Buffer]>;
  close(): Promise<void>;
}

function dataKey(key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(key.length + 1);
  out[0] = DATA;
  key.copy(out, 1);
  return out;
}

/** [prefix, next prefix): the smallest key greater than every key starting with `prefix`. */
function prefixRange(prefix: Buffer): { gte: Buffer; lt: Buffer } {
  const gte = dataKey(prefix);
  const lt = Buffer.from(gte);
  let end = lt.length;
  while (end > 0 && lt[end - 1] === 0xff) end--;
  // The namespace byte is never 0xff, so `end` stays >= 1.
  lt[end - 1] = lt[end - 1]! + 1;
  return { gte, lt: lt.subarray(0, end) };
}

function encodeOffset(offset: number): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeBigUInt64BE(BigInt(offset));
  return bytes;
}

function decodeOffset(bytes: Buffer): number {
  return Number(bytes.readBigUInt64BE(0));
}
