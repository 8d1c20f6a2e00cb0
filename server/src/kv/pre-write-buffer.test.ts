import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinedChanges, keyId, PreWriteBuffer, type BufferedBatch, type KeyChange } from './pre-write-buffer.ts';

const key = (name: string): Buffer => Buffer.from(name);
/** A batch at [base, end) setting each key to its value (null: deleted). */
function batch(base: number, end: number, values: Record<string, string | null>): BufferedBatch {
  const changes = new Map<string, KeyChange>();
  for (const [name, value] of Object.entries(values)) changes.set(keyId(key(name)), { key: key(name), value: value === null ? undefined : Buffer.from(value) });
  return { baseOffset: base, endOffset: end, changes };
}
const latestOf = (buffer: PreWriteBuffer, name: string): string | null | undefined => {
  const change = buffer.latest(keyId(key(name)));
  return change === undefined ? undefined : change.value === undefined ? null : change.value.toString();
};

describe('PreWriteBuffer', () => {
  it('buffers contiguous batches after what RocksDB applied, and refuses a gap or an overlap', () => {
    const buffer = new PreWriteBuffer(10);
    expect([buffer.startOffset, buffer.endOffset]).toEqual([10, 10]);
    buffer.add(batch(10, 12, { a: '1' }));
    buffer.add(batch(12, 13, { b: '1' }));
    expect([buffer.startOffset, buffer.endOffset, buffer.batchCount]).toEqual([10, 13, 2]);
    expect(() => buffer.add(batch(14, 15, { a: '2' }))).toThrow('Cannot buffer batch [14, 15): the buffer ends at 13');
    expect(() => buffer.add(batch(12, 15, { a: '2' }))).toThrow(RangeError);
    expect(() => buffer.add(batch(13, 13, {}))).toThrow(RangeError);
    expect(buffer.endOffset).toBe(13);
  });

  it("gives a key's newest change, deletes included", () => {
    const buffer = new PreWriteBuffer(0);
    buffer.add(batch(0, 2, { a: '1', b: '1' }));
    buffer.add(batch(2, 4, { a: '2', b: null }));
    expect(latestOf(buffer, 'a')).toBe('2');
    expect(latestOf(buffer, 'b')).toBeNull();
    expect(latestOf(buffer, 'c')).toBeUndefined();
  });

  it('hands out only the batches the high watermark has passed, and forgets them once applied', () => {
    const buffer = new PreWriteBuffer(0);
    buffer.add(batch(0, 2, { a: '1', b: '1' }));
    buffer.add(batch(2, 4, { a: '2' }));
    buffer.add(batch(4, 5, { c: '1' }));
    expect(buffer.committed(1)).toEqual([]);
    expect(buffer.committed(3).map((b) => b.endOffset)).toEqual([2]);
    expect(buffer.committed(4).map((b) => b.endOffset)).toEqual([2, 4]);
    buffer.release(4);
    expect([buffer.startOffset, buffer.endOffset, buffer.batchCount]).toEqual([4, 5, 1]);
    // Applied keys are RocksDB's now: the buffer has nothing newer of them.
    expect(latestOf(buffer, 'a')).toBeUndefined();
    expect(latestOf(buffer, 'b')).toBeUndefined();
    expect(latestOf(buffer, 'c')).toBe('1');
    expect(() => buffer.release(3)).toThrow('Cannot release up to 3: no buffered batch ends there');
  });

  it('a release keeps a key whose newer change is still buffered', () => {
    const buffer = new PreWriteBuffer(0);
    buffer.add(batch(0, 1, { a: '1' }));
    buffer.add(batch(1, 2, { a: '2' }));
    buffer.release(1);
    expect(latestOf(buffer, 'a')).toBe('2');
  });

  it('a truncation drops the batches beyond it; a key then shows its older buffered change', () => {
    const buffer = new PreWriteBuffer(0);
    buffer.add(batch(0, 2, { a: '1' }));
    buffer.add(batch(2, 4, { a: '2', b: '2' }));
    buffer.add(batch(4, 6, { c: '3' }));
    buffer.truncateTo(9); // beyond the buffer: nothing to drop
    expect(buffer.endOffset).toBe(6);
    buffer.truncateTo(2);
    expect([buffer.startOffset, buffer.endOffset, buffer.batchCount]).toEqual([0, 2, 1]);
    expect(latestOf(buffer, 'a')).toBe('1');
    expect(latestOf(buffer, 'b')).toBeUndefined();
    expect(latestOf(buffer, 'c')).toBeUndefined();
    // The log goes on from the cut with other batches.
    buffer.add(batch(2, 3, { b: 'other' }));
    expect(latestOf(buffer, 'b')).toBe('other');
    buffer.truncateTo(0);
    expect([buffer.endOffset, buffer.batchCount]).toEqual([0, 0]);
  });

  it('refuses a truncation below what RocksDB applied', () => {
    const buffer = new PreWriteBuffer(0);
    buffer.add(batch(0, 2, { a: '1' }));
    buffer.release(2);
    expect(() => buffer.truncateTo(1)).toThrow('Cannot truncate the buffer to 1: offsets up to 2 are applied already');
    expect(buffer.startOffset).toBe(2);
  });

  it('combines batches: the last change of each key wins', () => {
    const combined = combinedChanges([batch(0, 2, { a: '1', b: '1' }), batch(2, 3, { a: null }), batch(3, 4, { c: '1', b: '2' })]);
    expect(combined.map((c) => [c.key.toString(), c.value?.toString() ?? null])).toEqual([
      ['a', null],
      ['b', '2'],
      ['c', '1'],
    ]);
  });

  it('equals a model (the batches in a list) under random adds, releases and truncations', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        size: fc.integer({ min: 1, max: 3 }),
        keys: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 3 }),
        del: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('truncate' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const buffer = new PreWriteBuffer(0);
        let model: BufferedBatch[] = [];
        let start = 0;
        let serial = 0;
        for (const o of ops) {
          const end = model.at(-1)?.endOffset ?? start;
          if (o.kind === 'add') {
            const values = Object.fromEntries(o.keys.map((k) => [k, o.del ? null : `v${serial++}`]));
            const next = batch(end, end + o.size, values);
            buffer.add(next);
            model.push(next);
          } else if (o.kind === 'release' && model.length > 0) {
            const upTo = model[o.pick % model.length]!.endOffset;
            buffer.release(upTo);
            model = model.filter((b) => b.endOffset > upTo);
            start = upTo;
          } else if (o.kind === 'truncate') {
            const cut = start + (o.pick % (end - start + 1));
            buffer.truncateTo(cut);
            model = model.filter((b) => b.endOffset <= cut);
          }
          expect(buffer.endOffset).toBe(model.at(-1)?.endOffset ?? start);
          expect(buffer.startOffset).toBe(start);
          for (const name of ['a', 'b', 'c', 'd']) {
            const newest = model.findLast((b) => b.changes.has(keyId(key(name))));
            expect(buffer.latest(keyId(key(name)))).toBe(newest?.changes.get(keyId(key(name))));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
