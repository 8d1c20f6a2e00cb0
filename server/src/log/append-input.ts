import { BATCH_PAYLOAD_BYTES_MAX, NO_WRITER_ID } from './batch-format.ts';
import { LogError } from './errors.ts';
import type { AppendInput } from './types.ts';

const INT32_MAX = 0x7fff_ffff;

/**
 * Checks an append's fields before anything is written; they come from clients, so a bad one is a
 * LogError the caller reports, not a bug.
 */
export function validateAppendInput(input: AppendInput): void {
  if (!(input.payload instanceof Uint8Array)) invalid('payload is not a Uint8Array');
  if (input.payload.byteLength > BATCH_PAYLOAD_BYTES_MAX) {
    throw new LogError('RECORD_TOO_LARGE', `Cannot append batch: payload of ${input.payload.byteLength} bytes exceeds ${BATCH_PAYLOAD_BYTES_MAX}`);
  }
  if (!isIntIn(input.recordCount, 0, INT32_MAX)) invalid(`record count ${input.recordCount} not in [0, 2^31)`);
  if (!isIntIn(input.schemaId, 0, INT32_MAX)) invalid(`schema id ${input.schemaId} not in [0, 2^31)`);
  if (input.writerId === NO_WRITER_ID) {
    // An empty batch exists only to record a writer's sequence.
    if (input.recordCount === 0) invalid('record count 0 without a writer id');
    return;
  }
  if (!Number.isSafeInteger(input.writerId) || input.writerId < 0) invalid(`writer id ${input.writerId} not -1 or a non-negative safe integer`);
  if (!isIntIn(input.batchSequence, 0, INT32_MAX)) invalid(`batch sequence ${input.batchSequence} not in [0, 2^31)`);
}

function invalid(reason: string): never {
  throw new LogError('INVALID_RECORD', `Cannot append batch: ${reason}`);
}

function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
