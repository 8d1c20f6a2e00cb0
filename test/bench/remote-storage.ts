// The remote log against a real object store, in the bench process (no cluster): a leader's
// RemoteLogManager over a real LogTablet, the in-memory coordinator that judges commits as the real
// one does, and each of the two stores the servers use — a local directory and S3 (versitygw on
// loopback, test/support/versitygw.ts). Figures: upload MB/s of closed segments (runRound until all
// are committed), catch-up read MB/s from the earliest offset through the remote segments (cold
// segment cache) against the same read from the local log, and the restore of an empty replica;
// then the restore of a lost primary-key bucket (remote-kv-restore.ts).
// BENCH_PROFILE=fast: 256 MiB in 16 MiB segments instead of 1 GiB in 64 MiB segments.
// BENCH_REMOTE_PARTS=log or pk runs one of the two parts (default both).
import { join } from 'node:path';
import { RowBatchEncoder } from '../../server/src/arrow/row-encoder.ts';
import { wideColumns, wideRows } from '../../server/src/arrow/sample-rows.ts';
import { ManualTimers } from '../../server/src/common/timers.ts';
import { DEFAULT_LOG_CONFIG, LogTablet, type StoredBatch } from '../../server/src/log/index.ts';
import { LocalObjectStore } from '../../server/src/remote/local-object-store.ts';
import type { ObjectStore } from '../../server/src/remote/object-store.ts';
import { S3ObjectStore } from '../../server/src/remote/s3-object-store.ts';
import { InMemoryRemoteLogCoordinator, leaderReplica } from '../../server/src/remote-log/test-support.ts';
import type { Replica } from '../../server/src/tablet/replica.ts';
import { testTableInfo } from '../../server/src/table/test-support.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startVersitygw } from '../support/versitygw.ts';
import { openManager, type Report, seconds } from './remote-bench-support.ts';
import { benchKvRestore } from './remote-kv-restore.ts';

const MIB = 1024 * 1024;
const FAST = process.env['BENCH_PROFILE'] === 'fast';
const LOG_BYTES = (FAST ? 256 : 1024) * MIB;
const SEGMENT_BYTES = (FAST ? 16 : 64) * MIB;
/** Rows per Arrow batch: ~1.1 MB of IPC, the client's default batch size (1 MiB) of wide rows. */
const ROWS_PER_BATCH = 1_024;
/** Distinct batches appended in turn (different rows, so nothing repeats within a segment's worth). */
const DISTINCT_BATCHES = 32;
/** What one catch-up fetch asks for (the bench's raw Fetch calls ask for as much). */
const FETCH_BYTES = 8 * MIB;
/** The download cache of each manager: room for a few segments. */
const CACHE_BYTES = 4 * SEGMENT_BYTES;

/** The table of the wide reference rows (server/src/arrow/sample-rows.ts), as the replica's table. */
const table = testTableInfo({
  schema: {
    schemaId: 1,
    columns: wideColumns().map((column) => ({
      id: column.id,
      name: column.name,
      type: column.type.kind.toUpperCase(),
      nullable: column.nullable,
      comment: '',
    })),
  },
});

function arrowBatches(): Uint8Array[] {
  const encoder = new RowBatchEncoder(wideColumns());
  return Array.from({ length: DISTINCT_BATCHES }, (_, b) => {
    for (const row of wideRows(ROWS_PER_BATCH, b * ROWS_PER_BATCH)) encoder.append(row);
    return encoder.finish();
  });
}

/** Appends batches until LOG_BYTES / SEGMENT_BYTES segments are closed (the active one is never uploaded). */
async function fillLog(log: LogTablet, batches: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; log.closedSegments().length < LOG_BYTES / SEGMENT_BYTES; i++) {
    const payload = batches[i % batches.length]!;
    await log.append({ payload, recordCount: ROWS_PER_BATCH, schemaId: 1, writerId: -1, batchSequence: -1 }, { durable: true, leaderEpoch: 1 });
  }
  await log.flush();
}

/** Reads [0, end) in fetch-sized steps; returns the bytes of the batches below `end`. */
async function readRange(end: number, read: (offset: number) => Promise<StoredBatch[] | undefined>): Promise<number> {
  let bytes = 0;
  for (let offset = 0; offset < end; ) {
    const batches = await read(offset);
    const last = batches?.at(-1);
    if (last === undefined) throw new Error(`Nothing read at offset ${offset} (end ${end})`);
    for (const batch of batches!) if (batch.baseOffset < end) bytes += batch.payload.byteLength;
    offset = last.baseOffset + last.recordCount;
  }
  return bytes;
}

async function benchStore(label: string, store: ObjectStore, dir: string, batches: readonly Uint8Array[], report: Report): Promise<void> {
  const timers = new ManualTimers(Date.now());
  const log = await LogTablet.open(join(dir, 'log'), { ...DEFAULT_LOG_CONFIG, segmentBytes: SEGMENT_BYTES, fsync: false, retentionMs: -1 }, timers);
  const coordinator = new InMemoryRemoteLogCoordinator();
  coordinator.table = table;
  const replica: Replica = leaderReplica(table, log);
  try {
    await fillLog(log, batches);
    const closed = log.closedSegments();
    const remoteEnd = closed.at(-1)!.nextOffset;
    const segmentBytes = closed.reduce((sum, segment) => sum + segment.sizeBytes, 0);

    // (1) Upload: rounds until the committed manifest reaches the last closed segment.
    const uploading = await openManager(store, coordinator, join(dir, 'cache-upload'), timers, CACHE_BYTES);
    const upload = await seconds(async () => {
      for (let round = 1; (coordinator.records.get('b')?.endOffset ?? 0) < remoteEnd; round++) {
        if (round > closed.length + 1) throw new Error(`${label}: not everything committed after ${round - 1} rounds`);
        await uploading.manager.runRound([replica]);
      }
    });
    await uploading.cache.close();
    report(`remote ${label}: closed segments uploaded`, segmentBytes / 1e6, 'MB');
    report(`remote ${label}: upload + commit MB/s (${closed.length} segments)`, segmentBytes / upload.seconds / 1e6, 'MB/s');

    // (2) Catch-up from the earliest offset: remote segments (cold cache) against the local log.
    const reading = await openManager(store, coordinator, join(dir, 'cache-read'), timers, CACHE_BYTES);
    const remoteRead = await seconds(() => readRange(remoteEnd, (offset) => reading.manager.read(replica, offset, FETCH_BYTES, true)));
    await reading.cache.close();
    const localRead = await seconds(() => readRange(remoteEnd, async (offset) => (await log.read(offset, FETCH_BYTES, { atLeastOneBatch: true })).batches));
    if (remoteRead.result !== localRead.result) throw new Error(`${label}: remote read ${remoteRead.result} bytes, local ${localRead.result}`);
    report(`remote ${label}: catch-up read MB/s, remote segments`, remoteRead.result / remoteRead.seconds / 1e6, 'MB/s');
    report(`remote ${label}: catch-up read MB/s, local log`, localRead.result / localRead.seconds / 1e6, 'MB/s');

    // (3) Restore of an empty replica: the newest remote segment only.
    const restoring = await openManager(store, coordinator, join(dir, 'cache-restore'), timers, CACHE_BYTES);
    const fresh = await LogTablet.open(join(dir, 'restored'), { ...DEFAULT_LOG_CONFIG, segmentBytes: SEGMENT_BYTES, fsync: false, retentionMs: -1 }, timers);
    try {
      const restore = await seconds(() => restoring.manager.restoreLog(replica, table, fresh, join(dir, 'restored-kv')));
      const restored = restore.result;
      if (restored === undefined || restored.toOffset !== remoteEnd) throw new Error(`${label}: restore ended at ${restored?.toOffset}, not ${remoteEnd}`);
      report(`remote ${label}: restore of an empty replica`, restore.seconds, 's');
      report(`remote ${label}: restore MB/s (${(restored.bytes / MIB).toFixed(0)} MiB restored)`, restored.bytes / restore.seconds / 1e6, 'MB/s');
    } finally {
      await restoring.cache.close();
      await fresh.close();
    }
  } finally {
    await log.close();
  }
}

/** BENCH_REMOTE_PARTS: `log`, `pk` or both (the default). */
function parts(): { log: boolean; pk: boolean } {
  const asked = (process.env['BENCH_REMOTE_PARTS'] ?? 'log,pk').split(',').map((part) => part.trim());
  for (const part of asked) if (part !== 'log' && part !== 'pk') throw new Error(`BENCH_REMOTE_PARTS=${asked.join(',')}: expected log, pk or both`);
  return { log: asked.includes('log'), pk: asked.includes('pk') };
}

export async function remoteStorageBenchmarks(report: Report): Promise<void> {
  const run = parts();
  console.log(`remote storage: ${LOG_BYTES / MIB} MiB of closed segments of ${SEGMENT_BYTES / MIB} MiB, Arrow batches of ${ROWS_PER_BATCH} wide rows`);
  const batches = arrowBatches();
  report('remote: Arrow batch size', batches[0]!.byteLength / 1e6, 'MB');
  const benchBoth = async (label: string, store: ObjectStore, dir: string) => {
    if (run.log) await benchStore(label, store, dir, batches, report);
    if (run.pk) await benchKvRestore(label, store, dir, report);
  };

  const localDir = tempDir('bench-remote-local');
  try {
    const store = await LocalObjectStore.open(join(localDir.path, 'remote'));
    await benchBoth('local dir', store, localDir.path);
    store.close();
  } finally {
    localDir.remove();
  }

  const s3Dir = tempDir('bench-remote-s3');
  const server = await startVersitygw();
  try {
    await server.createBucket('fluss-bench');
    // The server's defaults (multipart above 64 MiB, 16 MiB parts), as openObjectStore builds it.
    const store = new S3ObjectStore({
      bucket: 'fluss-bench',
      prefix: 'remote/',
      endpoint: server.endpoint,
      region: server.region,
      pathStyle: true,
      credentials: server.credentials,
    });
    await benchBoth('S3 (versitygw)', store, s3Dir.path);
    store.close();
  } finally {
    await server.stop();
    s3Dir.remove();
  }
}
