import { batchEndOffset, decodeBatch, type BatchHeader } from './batch-format.ts';
import { LogError } from './errors.ts';

/** A stored batch received from the leader: its decoded header and all its bytes, kept as they are. */
export interface ReplicaBatch {
  header: BatchHeader;
  raw: Uint8Array;
}

/**
 * Splits what a follower fetched (chunks of whole stored batches back to back, as `readRaw` hands
 * them out) into batches, checking each one's structure and CRC, that each continues the one
 * before, and that leader epochs never go back. Throws CORRUPT_RECORD for bytes that are not a
 * valid batch, INVALID_RECORD for valid batches that do not form a log.
 */
export function splitReplicaBatches(chunks: readonly Uint8Array[]): ReplicaBatch[] {
  const batches: ReplicaBatch[] = [];
  for (const chunk of chunks) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('Cannot append as follower: a chunk is not a Uint8Array');
    for (let cursor = 0; cursor < chunk.byteLength; ) {
      const decoded = decodeBatch(chunk.subarray(cursor));
      if (decoded.kind !== 'ok') {
        const reason = decoded.kind === 'corrupt' ? decoded.reason : `batch cut short: ${chunk.byteLength - cursor} bytes left`;
        throw new LogError('CORRUPT_RECORD', `Cannot append as follower: batch ${batches.length} is not valid: ${reason}`);
      }
      const { header } = decoded;
      const previous = batches.at(-1)?.header;
      if (previous !== undefined && header.baseOffset !== batchEndOffset(previous)) {
        throw new LogError(
          'INVALID_RECORD',
          `Cannot append as follower: batch at offset ${header.baseOffset} does not continue the one ending at ${batchEndOffset(previous)}`,
        );
      }
      if (previous !== undefined && header.leaderEpoch < previous.leaderEpoch) {
        throw new LogError(
          'INVALID_RECORD',
          `Cannot append as follower: leader epoch goes back from ${previous.leaderEpoch} to ${header.leaderEpoch} at offset ${header.baseOffset}`,
        );
      }
      batches.push({ header, raw: chunk.subarray(cursor, cursor + header.batchLength) });
      cursor += header.batchLength;
    }
  }
  return batches;
}
