import { describe, expect, it } from 'vitest';
import { nextSequence, WRITER_BATCHES_RETAINED, WriterStateManager, type WriterBatch } from './writer-state.ts';

function batch(batchSequence: number, baseOffset: number): WriterBatch {
  return { batchSequence, baseOffset, recordCount: 2, commitTimestampMs: 1000 + baseOffset };
}

describe('WriterStateManager', () => {
  it('accepts any first sequence of an unknown writer, then only the next one', () => {
    const state = new WriterStateManager();
    expect(state.check(7, 42)).toEqual({ kind: 'append' });
    state.record(7, batch(42, 0));
    expect(state.check(7, 43)).toEqual({ kind: 'append' });
    expect(state.check(7, 44)).toEqual({ kind: 'out_of_order', expectedSequence: 43 });
    expect(state.check(7, 41)).toEqual({ kind: 'out_of_order', expectedSequence: 43 });
  });

  it('answers a retry within the retained window with the original batch', () => {
    const state = new WriterStateManager();
    for (let sequence = 0; sequence < 8; sequence++) state.record(1, batch(sequence, sequence * 2));
    const oldestRetained = 8 - WRITER_BATCHES_RETAINED;
    expect(state.check(1, oldestRetained)).toEqual({ kind: 'duplicate', batch: batch(oldestRetained, oldestRetained * 2) });
    expect(state.check(1, 7)).toEqual({ kind: 'duplicate', batch: batch(7, 14) });
    // Older than the window: no longer known, so not a duplicate either.
    expect(state.check(1, oldestRetained - 1)).toEqual({ kind: 'out_of_order', expectedSequence: 8 });
  });

  it('keeps writers apart', () => {
    const state = new WriterStateManager();
    state.record(1, batch(0, 0));
    state.record(2, batch(5, 2));
    expect(state.check(1, 1)).toEqual({ kind: 'append' });
    expect(state.check(2, 1)).toEqual({ kind: 'out_of_order', expectedSequence: 6 });
  });

  it('wraps sequences from 2^31-1 to 0', () => {
    expect(nextSequence(0x7fff_ffff)).toBe(0);
    const state = new WriterStateManager();
    state.record(3, batch(0x7fff_ffff, 0));
    expect(state.check(3, 0)).toEqual({ kind: 'append' });
  });

  it('removeBefore forgets batches below the log start and writers left without any', () => {
    const state = new WriterStateManager();
    state.record(1, batch(0, 0));
    state.record(1, batch(1, 10));
    state.record(2, batch(0, 4));
    state.removeBefore(10);
    expect(state.writerCount).toBe(1);
    expect(state.check(1, 0)).toEqual({ kind: 'out_of_order', expectedSequence: 2 });
    expect(state.check(1, 1)).toMatchObject({ kind: 'duplicate' });
    expect(state.check(2, 99)).toEqual({ kind: 'append' });
  });
});
