import { describe, expect, it } from 'vitest';
import { RowError } from '../../arrow/index.ts';
import { RecordAccumulator } from './accumulator.ts';
import { decodeFake, FakeEncoder } from './test-support.ts';

const bucket = (n: number) => ({ partition: undefined, bucket: n });

function accumulator(batchSizeBytes = 150, lingerMs = 5): RecordAccumulator {
  return new RecordAccumulator({ newEncoder: () => new FakeEncoder(), batchSizeBytes, lingerMs });
}

const idle = (): boolean => false;

describe('RecordAccumulator', () => {
  it('reuses the encoder of a sealed batch for the next batch, keeping batches apart', () => {
    let made = 0;
    const acc = new RecordAccumulator({ newEncoder: () => (made++, new FakeEncoder()), batchSizeBytes: 120, lingerMs: 5 });
    for (let i = 0; i < 6; i++) acc.append(bucket(0), { i }, 0); // 100 + 10/row: sealed every 2 rows
    expect(made).toBe(1);
    const batches = [...acc.takeReady(idle), ...acc.takeReady(idle), ...acc.takeReady(idle)];
    expect(batches.map((b) => decodeFake(b.bytes).map((r) => r['i']))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('seals a batch once its size reaches batchSizeBytes, keeping rows in order', () => {
    const acc = accumulator(150); // 100 + 10/row: the 5th row makes 150
    const sealed = [1, 2, 3, 4, 5].map((i) => acc.append(bucket(0), { i }, 0).sealed);
    expect(sealed).toEqual([false, false, false, false, true]);
    const [batch] = acc.takeReady(() => false);
    expect(batch?.rowCount).toBe(5);
    expect(decodeFake(batch!.bytes).map((r) => r['i'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps one queue per bucket and hands out at most one batch per idle bucket', () => {
    const acc = accumulator(110); // one row per batch
    acc.append(bucket(0), { i: 1 }, 0);
    acc.append(bucket(0), { i: 2 }, 0);
    acc.append(bucket(1), { i: 3 }, 0);
    const first = acc.takeReady(() => false);
    expect(first.map((b) => [b.target.bucket, decodeFake(b.bytes)[0]!['i']])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(acc.takeReady((t) => t.bucket === 0)).toEqual([]);
    expect(acc.takeReady(() => false).map((b) => decodeFake(b.bytes)[0]!['i'])).toEqual([2]);
  });

  it('seals open batches when their linger expires, not before', () => {
    const acc = accumulator(1_000, 5);
    acc.append(bucket(0), { i: 1 }, 100);
    acc.append(bucket(1), { i: 2 }, 103);
    expect(acc.nextLingerDeadline(idle)).toBe(105);
    expect(acc.sealExpired(104, idle)).toEqual([]);
    expect(acc.sealExpired(105, idle)).toEqual([bucket(0)]);
    expect(acc.nextLingerDeadline(idle)).toBe(108);
    expect(acc.takeReady(() => false)).toHaveLength(1);
  });

  it('keeps filling an expired batch while its bucket is busy, then seals it once free', () => {
    const acc = accumulator(1_000, 5);
    acc.append(bucket(0), { i: 1 }, 100);
    const busy = (t: { bucket: number }): boolean => t.bucket === 0;
    expect(acc.nextLingerDeadline(busy)).toBeUndefined();
    expect(acc.sealExpired(200, busy)).toEqual([]);
    acc.append(bucket(0), { i: 2 }, 201);
    expect(acc.sealExpired(202, idle)).toEqual([bucket(0)]);
    const [batch] = acc.takeReady(idle);
    expect(decodeFake(batch!.bytes).map((r) => r['i'])).toEqual([1, 2]);
  });

  it('counts buffered bytes until a batch is released', () => {
    const acc = accumulator(1_000);
    acc.append(bucket(0), { i: 1 }, 0);
    acc.append(bucket(0), { i: 2 }, 0);
    expect(acc.bufferedBytes).toBe(120); // the estimate of the open batch
    acc.sealAll();
    const [batch] = acc.takeReady(() => false);
    expect(acc.bufferedBytes).toBe(batch!.bytes.byteLength); // the real size once sealed
    acc.release(batch!);
    expect(acc.bufferedBytes).toBe(0);
  });

  it('leaves everything unchanged when the encoder refuses a row', () => {
    const acc = accumulator(1_000);
    acc.append(bucket(0), { i: 1 }, 0);
    expect(() => acc.append(bucket(0), { bad: true }, 0)).toThrow(RowError);
    expect(() => acc.append(bucket(1), { bad: true }, 0)).toThrow(RowError);
    expect(acc.bufferedBytes).toBe(110);
    acc.sealAll();
    expect(acc.takeReady(() => false).map((b) => b.rowCount)).toEqual([1]);
  });

  it('keeps the op codes of a batch’s rows in row order, leaving them unchanged when a row is refused', () => {
    const acc = accumulator(1_000);
    acc.append(bucket(0), { i: 1 }, 0, 0);
    expect(() => acc.append(bucket(0), { bad: true }, 0, 1)).toThrow(RowError);
    acc.append(bucket(0), { i: 2 }, 0, 1);
    acc.append(bucket(1), { i: 3 }, 0);
    acc.sealAll();
    const [withOps, plain] = acc.takeReady(idle);
    expect([...withOps!.ops!]).toEqual([0, 1]);
    expect(plain!.ops).toBeUndefined();
  });
});
