// The restore of a lost primary-key bucket from remote storage (part of the remote-storage bench):
// a leader's KV tablet over a real LogTablet is filled with BENCH_KV_RESTORE_ROWS rows (default
// 1,000,000; BENCH_PROFILE=fast: 200,000), snapshotted, then a tenth of the keys updated (the
// changelog a restore replays after the snapshot); the leader's RemoteLogManager uploads the closed
// segments and the KV snapshot. An empty replica is then restored as a tablet server does it
// (ReplicaManager: RemoteLogManager.restoreLog, then the KV tablet opened on what it restored):
// the snapshot downloaded (SHA-256 checked), the changelog after it copied from the remote
// segments, RocksDB loaded from the snapshot and the changelog replayed. Timed: each step and the
// whole; the restored state is checked against the leader's for a sample of keys.
import { join } from 'node:path';
import pino from 'pino';
import { ManualTimers } from '../../server/src/common/timers.ts';
import type { KvTablet } from '../../server/src/kv/index.ts';
import { DEFAULT_LOG_CONFIG, LogTablet } from '../../server/src/log/index.ts';
import type { ObjectStore } from '../../server/src/remote/object-store.ts';
import { InMemoryRemoteLogCoordinator, leaderReplica } from '../../server/src/remote-log/test-support.ts';
import { testTableInfo } from '../../server/src/table/test-support.ts';
import { openKvIfKeyed } from '../../server/src/tablet/kv-replica.ts';
import type { Replica } from '../../server/src/tablet/replica.ts';
import { openManager, type Report, seconds } from './remote-bench-support.ts';

const MIB = 1024 * 1024;
const FAST = process.env['BENCH_PROFILE'] === 'fast';
const ROWS = Number(process.env['BENCH_KV_RESTORE_ROWS'] ?? (FAST ? 200_000 : 1_000_000));
/** Keys updated after the snapshot: their -U/+U changelog is what the restore replays. */
const UPDATED = Math.floor(ROWS / 10);
const WRITE_BATCH = 1_024;
const SEGMENT_BYTES = 16 * MIB;
const CACHE_BYTES = 4 * SEGMENT_BYTES;
const SEGMENT_MS = 60_000;
const SHOPS = 2_000;
const SAMPLE_KEYS = 2_000;
const NOTE = 'n'.repeat(60);
const silent = pino({ level: 'warn' }, pino.destination(2));

/** The primary-key table of test/bench/pk.ts: (shop, id) keyed, ~110-byte rows. */
const table = testTableInfo({
  path: { database: 'bench', table: 'kv' },
  schema: {
    schemaId: 1,
    columns: [
      { id: 0, name: 'shop', type: 'STRING', nullable: false, comment: '' },
      { id: 1, name: 'id', type: 'BIGINT', nullable: false, comment: '' },
      { id: 2, name: 'item', type: 'STRING', nullable: true, comment: '' },
      { id: 3, name: 'qty', type: 'INT', nullable: true, comment: '' },
      { id: 4, name: 'price', type: 'DOUBLE', nullable: true, comment: '' },
      { id: 5, name: 'note', type: 'STRING', nullable: true, comment: '' },
    ],
  },
  primaryKey: ['shop', 'id'],
  bucketKey: ['shop'],
});

const keyOf = (id: number) => ({ shop: `shop-${id % SHOPS}`, id: BigInt(id) });
const rowOf = (id: number, version: number) => ({ ...keyOf(id), item: `item-${id}-${version}`, qty: version, price: id * 0.01, note: NOTE });

/** Upserts `ids` (version `version`) in batches, each applied before the next. */
async function upsert(kv: KvTablet, ids: Iterable<number>, version: number): Promise<void> {
  let rows: ReturnType<typeof rowOf>[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    await kv.write({ rows, ops: rows.map(() => 'upsert' as const), writerId: -1, batchSequence: -1 });
    rows = [];
  };
  for (const id of ids) {
    rows.push(rowOf(id, version));
    if (rows.length === WRITE_BATCH) await flush();
  }
  await flush();
}

export async function benchKvRestore(label: string, store: ObjectStore, dir: string, report: Report): Promise<void> {
  const timers = new ManualTimers(Date.now());
  const logConfig = { ...DEFAULT_LOG_CONFIG, segmentBytes: SEGMENT_BYTES, segmentMs: SEGMENT_MS, fsync: false, retentionMs: -1 };
  const log = await LogTablet.open(join(dir, 'kv-log'), logConfig, timers);
  const { kv } = await openKvIfKeyed(table, log, join(dir, 'kv-kv'), 2, silent);
  const coordinator = new InMemoryRemoteLogCoordinator();
  coordinator.table = table;
  const replica: Replica = { ...leaderReplica(table, log), kv };
  try {
    // The bucket: ROWS inserted, a snapshot, then UPDATED keys updated (spread over the key space).
    // The active segment is never uploaded: once its first batch is older than segmentMs (the
    // manual clock moved on), one more write (of a new key) rolls it, so the remote log holds all.
    const load = await seconds(async () => {
      await upsert(
        kv!,
        Array.from({ length: ROWS }, (_, id) => id),
        0,
      );
      await kv!.snapshot();
      await upsert(
        kv!,
        Array.from({ length: UPDATED }, (_, i) => (i * 7_919) % ROWS),
        1,
      );
      timers.advance(2 * SEGMENT_MS);
      await upsert(kv!, [ROWS], 0);
    });
    report(`remote ${label}: pk bucket loaded (${ROWS} rows, then ${UPDATED} updated)`, load.seconds, 's');

    const uploading = await openManager(store, coordinator, join(dir, 'kv-cache-upload'), timers, CACHE_BYTES);
    const remoteEnd = log.closedSegments().at(-1)!.nextOffset;
    const upload = await seconds(async () => {
      for (let round = 1; (coordinator.records.get('b')?.endOffset ?? 0) < remoteEnd || !coordinator.kvSnapshots.has('b'); round++) {
        if (round > log.closedSegments().length + 2) throw new Error(`${label}: the pk bucket not uploaded after ${round - 1} rounds`);
        await uploading.manager.runRound([replica]);
      }
    });
    await uploading.cache.close();
    const snapshot = coordinator.kvSnapshots.get('b')!;
    report(`remote ${label}: pk upload of segments + KV snapshot`, upload.seconds, 's');
    report(`remote ${label}: pk KV snapshot size (${ROWS} rows)`, snapshot.sizeBytes / 1e6, 'MB');

    // The lost disk: an empty replica restored as ReplicaManager does it, then its KV tablet opened.
    const restoring = await openManager(store, coordinator, join(dir, 'kv-cache-restore'), timers, CACHE_BYTES);
    const fresh = await LogTablet.open(join(dir, 'kv-restored-log'), logConfig, timers);
    const freshKvDir = join(dir, 'kv-restored-kv');
    let restoredKv: KvTablet | undefined;
    try {
      const download = await seconds(() => restoring.manager.restoreLog(replica, table, fresh, freshKvDir));
      const restored = download.result;
      if (restored === undefined || restored.fromOffset !== snapshot.logOffset || restored.toOffset !== remoteEnd) {
        throw new Error(`${label}: pk restore copied [${restored?.fromOffset}, ${restored?.toOffset}), not [${snapshot.logOffset}, ${remoteEnd})`);
      }
      const open = await seconds(() => openKvIfKeyed(table, fresh, freshKvDir, 2, silent));
      restoredKv = open.result.kv!;
      const { recovery } = restoredKv;
      if (recovery.snapshotOffset !== snapshot.logOffset || recovery.appliedOffset !== remoteEnd) {
        throw new Error(`${label}: restored KV from ${recovery.snapshotOffset} to ${recovery.appliedOffset}, not ${snapshot.logOffset} to ${remoteEnd}`);
      }
      const sample = Array.from({ length: SAMPLE_KEYS }, (_, i) => keyOf((i * 104_729) % ROWS));
      if (JSON.stringify(await restoredKv.lookup(sample), bigints) !== JSON.stringify(await kv!.lookup(sample), bigints)) {
        throw new Error(`${label}: restored KV state differs from the leader's`);
      }
      report(`remote ${label}: pk restore, changelog after the snapshot`, restored.bytes / 1e6, 'MB');
      report(`remote ${label}: pk restore, snapshot download + changelog copy`, download.seconds, 's');
      report(`remote ${label}: pk restore, KV open (snapshot load + ${recovery.replayedRecords} changelog records replayed)`, open.seconds, 's');
      report(`remote ${label}: pk restore of a lost ${ROWS}-row bucket, total`, download.seconds + open.seconds, 's');
    } finally {
      await restoredKv?.close();
      await fresh.close();
      await restoring.cache.close();
    }
  } finally {
    await kv?.close();
    await log.close();
  }
}

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
