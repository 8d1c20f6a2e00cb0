import { describe, expect, it } from 'vitest';
import type { RecordBatch__Output } from '../../rpc/generated/fluss/v1/RecordBatch.ts';
import { ChunkQueue, type FetchedChunk } from './chunk-queue.ts';

function batch(baseOffset: number, count: number): RecordBatch__Output {
  const rows = Array.from({ length: count }, (_, i) => ({ v: baseOffset + i }));
  return { baseOffset, recordCount: count, commitTimestampMs: 0, schemaId: 1, arrowIpc: Buffer.from(JSON.stringify(rows)) };
}

function chunk(key: string, batches: RecordBatch__Output[], from: number, epoch = 0): FetchedChunk {
  const last = batches.at(-1)!;
  return { key, epoch, partition: undefined, bucket: 0, batches, from, nextOffset: last.baseOffset + last.recordCount, bytes: 100 };
}

function hooks(live: (key: string) => boolean = () => true) {
  const decoded: number[] = [];
  const consumed: Array<[string, number]> = [];
  return {
    decoded,
    consumed,
    decode: (ipc: Uint8Array) => {
      const rows = JSON.parse(Buffer.from(ipc).toString()) as Record<string, unknown>[];
      decoded.push(rows.length);
      return rows;
    },
    isLive: (key: string) => live(key),
    consumedHook: (key: string, _epoch: number, offset: number) => void consumed.push([key, offset]),
  };
}

describe('ChunkQueue', () => {
  it('hands out at most max records, decoding only the batches it needs', () => {
    const queue = new ChunkQueue();
    queue.push(chunk('a', [batch(0, 3), batch(3, 3), batch(6, 3)], 1));
    const h = hooks();
    const take = (max: number) => queue.take(max, { decode: h.decode, isLive: h.isLive, consumed: h.consumedHook }).map((r) => r.offset);
    expect(take(2)).toEqual([1, 2]); // offset 0 is before the fetch position
    expect(h.decoded).toEqual([3]);
    expect(h.consumed.at(-1)).toEqual(['a', 3]);
    expect(take(4)).toEqual([3, 4, 5, 6]);
    expect(h.decoded).toEqual([3, 3, 3]);
    expect(take(10)).toEqual([7, 8]);
    expect(h.consumed.at(-1)).toEqual(['a', 9]);
    expect(queue.isEmpty).toBe(true);
    expect(queue.bytes).toBe(0);
  });

  it('drops chunks whose subscription changed, without decoding them', () => {
    const queue = new ChunkQueue();
    queue.push(chunk('a', [batch(0, 2)], 0, 1));
    queue.push(chunk('b', [batch(0, 2)], 0, 1));
    const h = hooks((key) => key === 'b');
    const records = queue.take(10, { decode: h.decode, isLive: h.isLive, consumed: h.consumedHook });
    expect(records.map((r) => r.row['v'])).toEqual([0, 1]);
    expect(h.decoded).toEqual([2]);
    expect(h.consumed.every(([key]) => key === 'b')).toBe(true);
  });

  it('moves the position past a chunk without records (e.g. expired offsets)', () => {
    const queue = new ChunkQueue();
    queue.push({ key: 'a', epoch: 0, partition: undefined, bucket: 0, batches: [], from: 0, nextOffset: 40, bytes: 0 });
    const h = hooks();
    expect(queue.take(10, { decode: h.decode, isLive: h.isLive, consumed: h.consumedHook })).toEqual([]);
    expect(h.consumed).toEqual([['a', 40]]);
    expect(queue.isEmpty).toBe(true);
  });
});
