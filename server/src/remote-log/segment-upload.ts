import { randomUUID } from 'node:crypto';
import type { LogTablet } from '../log/index.ts';
import { fileSha256 } from '../remote/checksum.ts';
import type { ObjectStore } from '../remote/object-store.ts';
import type { RemoteSegment } from './manifest.ts';
import { remoteSegmentKeys } from './remote-log-keys.ts';
import { segmentMetadata } from './segment-metadata.ts';
import type { PlannedUpload } from './upload-planner.ts';

/**
 * Copies one closed segment of `log` to the store: its .log, .index and .timeindex files and its
 * metadata (segment-metadata.ts), each under a fresh key with put-if-absent, each checksummed by
 * the store. Returns the manifest entry to commit, or undefined when the log no longer holds the
 * segment. Nothing refers to the objects until a manifest listing them is committed: an upload
 * cut short (a crash, the store failing) leaves unreferenced objects, never a half-visible segment.
 */
export async function uploadSegment(
  store: ObjectStore,
  log: LogTablet,
  bucketPrefix: string,
  planned: PlannedUpload,
  leaderEpoch: number,
): Promise<RemoteSegment | undefined> {
  const id = randomUUID();
  const keys = remoteSegmentKeys(bucketPrefix, planned.baseOffset, id);
  return log.withClosedSegment(planned.baseOffset, async ({ files, headers }) => {
    const { sha256, size } = await fileSha256(files.log);
    const metadata = segmentMetadata(planned.baseOffset, planned.nextOffset, await headers());
    await store.putFile(keys.offsetIndex, files.offsetIndex, { ifAbsent: true });
    await store.putFile(keys.timeIndex, files.timeIndex, { ifAbsent: true });
    await store.put(keys.metadata, Buffer.from(JSON.stringify(metadata)), { ifAbsent: true });
    await store.putFile(keys.log, files.log, { ifAbsent: true });
    return {
      id,
      segmentBaseOffset: planned.baseOffset,
      startOffset: planned.startOffset,
      endOffset: planned.nextOffset,
      maxTimestampMs: planned.maxTimestampMs ?? 0,
      sizeBytes: size,
      sha256,
      leaderEpoch,
      keys,
    };
  });
}
