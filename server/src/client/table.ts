import type { TableInfo__Output } from '../rpc/generated/fluss/v1/TableInfo.ts';
import type { PartitionSpec } from '../table/partitions.ts';
import { encoderFactory } from './codec.ts';
import type { FlussConnection } from './connection.ts';
import type { TableSnapshot } from './metadata.ts';
import { bucketsOf, listOffsets, type BucketOffset, type OffsetQuery } from './offsets.ts';
import { ClusterScannerBackend } from './scanner/cluster-backend.ts';
import { LogScanner, type LogScannerOptions } from './scanner/log-scanner.ts';
import { formatTablePath, type TablePath } from './table-path.ts';
import { ClusterKvBackend } from './kv/cluster-kv-backend.ts';
import { Lookuper, PrefixLookuper, type LookuperOptions } from './kv/lookupers.ts';
import { UpsertWriter, type UpsertWriterOptions } from './kv/upsert-writer.ts';
import { AppendWriter } from './writer/append-writer.ts';
import { ClusterWriterBackend } from './writer/cluster-backend.ts';
import type { AppendWriterOptions } from './writer/options.ts';

/** Ids in [1, 2^53): random, so writers of different processes do not collide on a server. */
function randomWriterId(random: () => number): number {
  return 1 + Math.floor(random() * (Number.MAX_SAFE_INTEGER - 1));
}

/** A handle on one table: makes writers and scanners that share the connection's clients. */
export class Table {
  readonly path: TablePath;
  readonly #connection: FlussConnection;
  readonly #snapshot: TableSnapshot;

  constructor(connection: FlussConnection, path: TablePath, snapshot: TableSnapshot) {
    this.#connection = connection;
    this.path = path;
    this.#snapshot = snapshot;
  }

  /** The table as it was when this handle was made (schema with column ids, keys, buckets). */
  get info(): TableInfo__Output {
    return this.#snapshot.info;
  }

  get name(): string {
    return formatTablePath(this.path);
  }

  newAppendWriter(options: AppendWriterOptions = {}): AppendWriter {
    const random = this.#connection.random;
    return new AppendWriter(
      {
        backend: new ClusterWriterBackend(this.#connection, this.path, this.#snapshot),
        newEncoder: encoderFactory(this.#snapshot.info),
        timers: this.#connection.timers,
        random,
        newWriterId: () => randomWriterId(random),
      },
      options,
    );
  }

  /** Upserts and deletes for a primary-key table; `targetColumns` makes it a partial-update writer. */
  newUpsertWriter(options: UpsertWriterOptions = {}): UpsertWriter {
    const random = this.#connection.random;
    return new UpsertWriter({ backend: this.#kvBackend(), timers: this.#connection.timers, random, newWriterId: () => randomWriterId(random) }, options);
  }

  /** Point lookups by primary key (primary-key tables). */
  newLookuper(options: LookuperOptions = {}): Lookuper {
    return new Lookuper(this.#kvBackend(), this.#connection.timers, this.#connection.random, options);
  }

  /** Lookups by bucket key, a prefix of the primary key (primary-key tables). */
  newPrefixLookuper(options: LookuperOptions = {}): PrefixLookuper {
    return new PrefixLookuper(this.#kvBackend(), this.#connection.timers, this.#connection.random, options);
  }

  #kvBackend(): ClusterKvBackend {
    return new ClusterKvBackend(this.#connection, this.path, this.#snapshot);
  }

  newLogScanner(options: LogScannerOptions = {}): LogScanner {
    return new LogScanner(new ClusterScannerBackend(this.#connection, this.path), this.#snapshot, options);
  }

  /** Offsets of every bucket of the partitions matching `partitionFilter` (all buckets if not partitioned). */
  async listOffsets(query: OffsetQuery, partitionFilter: PartitionSpec = {}): Promise<BucketOffset[]> {
    const snapshot = await this.#connection.metadata.refresh(this.path);
    return listOffsets(this.#connection, this.path, bucketsOf(snapshot, partitionFilter), query);
  }
}
