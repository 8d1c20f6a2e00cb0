import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeFileVia } from '../common/files.ts';
import { snapshotDirOf, snapshotFileName } from '../kv/snapshot-files.ts';
import { fileSha256, sha256 } from '../remote/checksum.ts';
import type { ObjectStore } from '../remote/object-store.ts';
import { FlussError } from '../rpc/errors.ts';
import { kvSnapshotFromWire } from '../rpc/kv-snapshot-wire.ts';
import type { KvSnapshotRecord } from '../coordinator/kv-snapshot-commits.ts';
import { tableBucketKey, tableBucketText, type TableBucket } from '../table/table-bucket.ts';
import type { Replica } from '../tablet/replica.ts';
import type { RemoteLogCoordinator } from './remote-log-coordinator.ts';
import { kvSnapshotKey } from './remote-log-keys.ts';

/** What a led bucket's leader knows of its recorded remote KV snapshot (valid for one leader epoch). */
interface Recorded {
  leaderEpoch: number;
  record: KvSnapshotRecord | undefined;
}

/**
 * KV snapshots of primary-key buckets in the object store (docs/remote-storage.md). Each round of
 * the remote log, the leader of a primary-key bucket uploads its newest local snapshot that the
 * committed remote log reaches (its offset at or below the remote log end, so a replica restoring
 * it finds the changelog after it remotely), under a fresh key with put-if-absent, then records it
 * through the coordinator (fenced by the leader epoch, never an older offset) and deletes the
 * previous one. An empty replica restores the recorded snapshot, then the changelog after it.
 */
export class RemoteKvSnapshots {
  readonly #store: ObjectStore;
  readonly #coordinator: RemoteLogCoordinator;
  readonly #serverId: number;
  readonly #logger: Logger;
  readonly #recorded = new Map<string, Recorded>();

  constructor(options: { store: ObjectStore; coordinator: RemoteLogCoordinator; serverId: number; logger: Logger }) {
    this.#store = options.store;
    this.#coordinator = options.coordinator;
    this.#serverId = options.serverId;
    this.#logger = options.logger;
  }

  /** The bucket's recorded remote KV snapshot, as the coordinator has it. */
  async recorded(tb: TableBucket, tableIncarnation: string): Promise<KvSnapshotRecord | undefined> {
    const bucket = { tableId: tb.tableId, partitionId: tb.partitionId, bucket: tb.bucket };
    const { snapshots } = await this.#coordinator.getKvSnapshots({ buckets: [bucket] });
    return snapshots[0] === undefined ? undefined : kvSnapshotFromWire(snapshots[0], tableIncarnation);
  }

  /** Forgets buckets this server no longer leads. */
  retain(led: ReadonlySet<string>): void {
    for (const key of this.#recorded.keys()) if (!led.has(key)) this.#recorded.delete(key);
  }

  /** Uploads and records the replica's newest local snapshot at or below `remoteEnd`, when newer than the recorded one. */
  async upload(replica: Replica, remoteEnd: number | undefined): Promise<void> {
    const kv = replica.kv;
    if (kv === undefined || remoteEnd === undefined) return;
    const key = tableBucketKey(replica);
    const incarnation = replica.table.incarnation;
    let known = this.#recorded.get(key);
    if (known === undefined || known.leaderEpoch !== replica.leaderEpoch) {
      known = { leaderEpoch: replica.leaderEpoch, record: await this.recorded(replica, incarnation) };
      this.#recorded.set(key, known);
    }
    const recordedOffset = known.record?.logOffset ?? -1;
    const file = (await kv.snapshotFiles()).find((candidate) => candidate.logOffset <= remoteEnd && candidate.logOffset > recordedOffset);
    if (file === undefined) return;
    const objectKey = kvSnapshotKey(replica, incarnation, file.logOffset, randomUUID());
    const { sha256: checksum, size } = await fileSha256(file.path);
    await this.#store.putFile(objectKey, file.path, { ifAbsent: true });
    const record: KvSnapshotRecord = {
      logOffset: file.logOffset,
      key: objectKey,
      sizeBytes: size,
      sha256: checksum,
      leaderEpoch: replica.leaderEpoch,
      tableIncarnation: incarnation,
    };
    const bucket = { tableId: replica.tableId, partitionId: replica.partitionId, bucket: replica.bucket };
    let response: Awaited<ReturnType<RemoteLogCoordinator['commitKvSnapshot']>>;
    try {
      response = await this.#coordinator.commitKvSnapshot({
        serverId: this.#serverId,
        leaderEpoch: replica.leaderEpoch,
        tableIncarnation: incarnation,
        snapshot: { ...bucket, logOffset: record.logOffset, snapshotKey: objectKey, sizeBytes: size, sha256: checksum, leaderEpoch: replica.leaderEpoch },
      });
    } catch (error) {
      this.#recorded.delete(key); // recorded or not: the coordinator knows
      throw error;
    }
    if (response.errorCode !== 0) {
      this.#recorded.delete(key);
      await this.#store.delete(objectKey).catch(() => undefined); // refused for certain: nothing names it
      throw new FlussError('FAILED_PRECONDITION', `KV snapshot record refused (${response.error}): ${response.errorMessage}`);
    }
    known.record = record;
    const previous = response.previous?.snapshotKey ?? '';
    if (previous !== '' && previous !== objectKey) {
      await this.#store.delete(previous).catch((error: unknown) => {
        this.#logger.warn({ err: error, key: previous }, 'could not delete the previous remote KV snapshot; it stays until the table is dropped');
      });
    }
    this.#logger.info({ bucket: tableBucketText(replica, replica.table), logOffset: record.logOffset, bytes: size }, 'KV snapshot uploaded and recorded');
  }

  /**
   * Puts the recorded snapshot into an empty KV directory, checksum verified, as the snapshot file
   * the KV tablet opens from; returns its log offset.
   */
  async download(record: KvSnapshotRecord, kvDir: string): Promise<number> {
    const content = await this.#store.get(record.key);
    if (sha256(content) !== record.sha256) {
      throw new FlussError('CORRUPT_RECORD', `Remote KV snapshot ${record.key} does not match its recorded SHA-256: not restored`);
    }
    const dir = snapshotDirOf(kvDir);
    await mkdir(dir, { recursive: true });
    await writeFileVia(join(dir, snapshotFileName(record.logOffset)), async (file) => void (await file.write(content)));
    return record.logOffset;
  }
}
