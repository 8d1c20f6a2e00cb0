import type { FlussConnection, TablePath } from '../client/index.ts';
import { listOffsets } from '../client/offsets.ts';
import type { BucketLocation__Output } from '../rpc/generated/fluss/v1/BucketLocation.ts';
import { partitionBucketKey } from '../table/table-bucket.ts';

/**
 * The high watermark of each bucket that has a leader, by `partitionId/bucket`, for describing a
 * table: asked once, without retries, so a bucket without a leader (or one not answering) is left
 * out instead of holding the command up.
 */
export async function highWatermarksOf(
  connection: FlussConnection,
  path: TablePath,
  locations: readonly BucketLocation__Output[],
): Promise<Map<string, number>> {
  const led = locations.filter((l) => l.leader >= 0).map((l) => ({ partition: undefined, partitionId: l.partitionId, bucket: l.bucket }));
  const result = new Map<string, number>();
  if (led.length === 0) return result;
  try {
    for (const offset of await listOffsets(connection, path, led, 'latest', { retries: 0, retryBackoffMs: 0, retryBackoffMaxMs: 0 })) {
      result.set(partitionBucketKey(offset), offset.offset);
    }
  } catch {
    // Described without high watermarks; the leaders' errors surface on reads and writes.
  }
  return result;
}
