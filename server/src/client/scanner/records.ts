import type { RecordBatch__Output } from '../../rpc/generated/fluss/v1/RecordBatch.ts';
import { takeChangeType, type ChangeType } from '../../table/change-type.ts';

export interface ScanRecord {
  /** The partition's name; absent for non-partitioned tables. */
  partition?: string;
  bucket: number;
  offset: number;
  /** When the batch holding the row was committed on the server. */
  timestampMs: number;
  /** The (projected) columns by name. */
  row: Record<string, unknown>;
  /** For a primary-key table's changelog: what the row is (+I, -U, +U, -D); absent for log tables. */
  changeType?: ChangeType;
}

/**
 * Turns fetched batches of one bucket into records starting at `fetchOffset` (a batch may begin
 * before it: the fetch offset can fall inside a batch) and returns the offset to fetch next.
 */
export function recordsFromBatches(
  batches: readonly RecordBatch__Output[],
  from: { partition: string | undefined; bucket: number; fetchOffset: number },
  decode: (ipc: Uint8Array) => Record<string, unknown>[],
): { records: ScanRecord[]; nextOffset: number } {
  const records: ScanRecord[] = [];
  let nextOffset = from.fetchOffset;
  for (const batch of batches) {
    const batchEnd = batch.baseOffset + batch.recordCount;
    if (batchEnd <= nextOffset) continue;
    const rows = decode(batch.arrowIpc);
    if (rows.length !== batch.recordCount) {
      throw new Error(`Batch at offset ${batch.baseOffset} decoded to ${rows.length} rows, expected ${batch.recordCount}`);
    }
    for (let i = Math.max(0, nextOffset - batch.baseOffset); i < rows.length; i++) {
      const row = rows[i]!;
      const changeType = takeChangeType(row);
      const record: ScanRecord = { bucket: from.bucket, offset: batch.baseOffset + i, timestampMs: batch.commitTimestampMs, row };
      if (changeType !== undefined) record.changeType = changeType;
      if (from.partition !== undefined) record.partition = from.partition;
      records.push(record);
    }
    nextOffset = batchEnd;
  }
  return { records, nextOffset };
}
