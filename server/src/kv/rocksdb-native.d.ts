// The part of rocksdb-native 3.18 (a CommonJS package without types) that the KV store uses.
// Keys and values are raw bytes: no key/value encodings are configured.
declare module 'rocksdb-native' {
  interface RocksDBOptions {
    createIfMissing?: boolean;
    maxBackgroundJobs?: number;
  }

  interface IteratorRange {
    gt?: Uint8Array;
    gte?: Uint8Array;
    lt?: Uint8Array;
    lte?: Uint8Array;
    reverse?: boolean;
    limit?: number;
    /** Entries fetched per native call. */
    capacity?: number;
  }

  /** A read batch: queue gets, then one native call answers them all. */
  interface ReadBatch {
    get(key: Uint8Array): Promise<Buffer | null>;
    tryFlush(): void;
    flush(): Promise<void>;
    destroy(): void;
  }

  /** A write batch: applied atomically by flush. Must be destroyed, or close() never returns. */
  interface WriteBatch {
    tryPut(key: Uint8Array, value: Uint8Array): void;
    tryDelete(key: Uint8Array): void;
    tryDeleteRange(start: Uint8Array, end: Uint8Array): void;
    flush(): Promise<void>;
    destroy(): void;
  }

  class RocksDB {
    constructor(path: string, options?: RocksDBOptions);
    ready(): Promise<void>;
    close(options?: { force?: boolean }): Promise<void>;
    /** A session reading from a point-in-time view; close it to release the snapshot. */
    snapshot(): RocksDB;
    read(options?: { capacity?: number }): ReadBatch;
    write(options?: { capacity?: number }): WriteBatch;
    get(key: Uint8Array): Promise<Buffer | null>;
    iterator(range: IteratorRange): AsyncIterable<{ key: Buffer; value: Buffer }>;
    flush(): Promise<void>;
  }

  export = RocksDB;
}
