import { WRITER_BATCHES_RETAINED, type BatchHeader, type EpochEntry, type WriterBatch } from '../log/index.ts';

/**
 * What a segment's batch headers say beyond its records, uploaded beside it (`.meta.json`): the
 * leader epochs that start in it (the first at its first batch) and each idempotent writer's last
 * batches in it. A replica restored from remote storage rebuilds its epoch history and writer
 * state from these, segment after segment, without reading the segments' data.
 */
export interface SegmentMetadata {
  format: 1;
  baseOffset: number;
  nextOffset: number;
  epochs: EpochEntry[];
  writers: Array<{ writerId: number; batches: WriterBatch[] }>;
}

/** Builds a segment's metadata from its headers in log order (pure). */
export function segmentMetadata(baseOffset: number, nextOffset: number, headers: readonly BatchHeader[]): SegmentMetadata {
  const epochs: EpochEntry[] = [];
  const writers = new Map<number, WriterBatch[]>();
  for (const header of headers) {
    const last = epochs.at(-1);
    if (last === undefined || header.leaderEpoch > last.epoch) {
      // An epoch holding no offset is replaced by the next one starting at the same offset.
      if (last !== undefined && last.startOffset === header.baseOffset) epochs.pop();
      epochs.push({ epoch: header.leaderEpoch, startOffset: header.baseOffset });
    }
    if (header.writerId < 0) continue;
    const { batchSequence, baseOffset: batchBase, recordCount, commitTimestampMs } = header;
    const batches = writers.get(header.writerId) ?? [];
    batches.push({ batchSequence, baseOffset: batchBase, recordCount, commitTimestampMs });
    if (batches.length > WRITER_BATCHES_RETAINED) batches.shift();
    writers.set(header.writerId, batches);
  }
  return { format: 1, baseOffset, nextOffset, epochs, writers: [...writers].map(([writerId, batches]) => ({ writerId, batches })) };
}
