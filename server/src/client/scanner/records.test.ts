import { describe, expect, it } from 'vitest';
import type { RecordBatch__Output } from '../../rpc/generated/fluss/v1/RecordBatch.ts';
import { recordsFromBatches } from './records.ts';

/** Batches whose "IPC" is the JSON of their rows. */
function batch(baseOffset: number, values: number[], commitTimestampMs = 1_000): RecordBatch__Output {
  const arrowIpc = Buffer.from(JSON.stringify(values.map((v) => ({ v }))));
  return { baseOffset, recordCount: values.length, commitTimestampMs, schemaId: 1, arrowIpc };
}
const decode = (ipc: Uint8Array) => JSON.parse(Buffer.from(ipc).toString()) as Record<string, unknown>[];

describe('recordsFromBatches', () => {
  it('numbers rows from each batch base offset and continues after the last batch', () => {
    const { records, nextOffset } = recordsFromBatches([batch(0, [1, 2]), batch(2, [3], 2_000)], { partition: undefined, bucket: 4, fetchOffset: 0 }, decode);
    expect(records).toEqual([
      { bucket: 4, offset: 0, timestampMs: 1_000, row: { v: 1 } },
      { bucket: 4, offset: 1, timestampMs: 1_000, row: { v: 2 } },
      { bucket: 4, offset: 2, timestampMs: 2_000, row: { v: 3 } },
    ]);
    expect(nextOffset).toBe(3);
  });

  it('skips rows before the fetch offset when it falls inside a batch', () => {
    const { records, nextOffset } = recordsFromBatches([batch(10, [1, 2, 3, 4]), batch(14, [5])], { partition: 'eu', bucket: 0, fetchOffset: 12 }, decode);
    expect(records.map((r) => [r.partition, r.offset, r.row['v']])).toEqual([
      ['eu', 12, 3],
      ['eu', 13, 4],
      ['eu', 14, 5],
    ]);
    expect(nextOffset).toBe(15);
  });

  it('keeps the position when nothing new came back', () => {
    expect(recordsFromBatches([], { partition: undefined, bucket: 0, fetchOffset: 7 }, decode)).toEqual({ records: [], nextOffset: 7 });
    expect(recordsFromBatches([batch(3, [1, 2])], { partition: undefined, bucket: 0, fetchOffset: 7 }, decode).nextOffset).toBe(7);
  });

  it('refuses a batch whose row count does not match its header', () => {
    const broken = { ...batch(0, [1, 2]), recordCount: 3 };
    expect(() => recordsFromBatches([broken], { partition: undefined, bucket: 0, fetchOffset: 0 }, decode)).toThrow(/decoded to 2 rows, expected 3/);
  });
});
