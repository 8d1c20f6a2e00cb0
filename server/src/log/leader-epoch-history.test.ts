import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLeaderEpochFile, parseLeaderEpochFile } from './leader-epoch-file.ts';
import { LeaderEpochHistory } from './leader-epoch-history.ts';

/** Batches as (epoch, baseOffset, recordCount), appended in order: the history's only input. */
type Batch = [epoch: number, recordCount: number];

function historyOf(batches: Batch[]): { history: LeaderEpochHistory; end: number; bases: number[] } {
  const history = new LeaderEpochHistory();
  let end = 0;
  const bases: number[] = [];
  for (const [epoch, recordCount] of batches) {
    history.assign(epoch, end);
    bases.push(end);
    end += recordCount;
  }
  return { history, end, bases };
}

/** Non-decreasing epochs with record counts 0..3. */
const batchesArbitrary = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }).map((steps) => {
  let epoch = 0;
  return steps.map(([bump, recordCount]): Batch => [(epoch += bump === 2 ? 1 : 0), recordCount]);
});

describe('LeaderEpochHistory', () => {
  it('keeps the first offset of each epoch, replacing an epoch that holds no offset', () => {
    const { history } = historyOf([
      [0, 2],
      [0, 1],
      [2, 0],
      [3, 4],
      [3, 1],
      [7, 2],
    ]);
    expect(history.entries).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 3, startOffset: 3 }, // epoch 2 only had an empty batch at 3
      { epoch: 7, startOffset: 8 },
    ]);
    expect(history.latestEpoch).toBe(7);
    expect(history.assign(5, 10)).toBe('stale');
    expect(history.wouldAssign(7)).toBe('unchanged');
    expect(history.wouldAssign(8)).toBe('added');
  });

  it('answers OffsetForLeaderEpoch like Kafka', () => {
    const history = new LeaderEpochHistory([
      { epoch: 2, startOffset: 10 },
      { epoch: 4, startOffset: 25 },
      { epoch: 5, startOffset: 40 },
    ]);
    expect(history.endOffsetFor(1, 50)).toEqual({ epoch: 1, endOffset: 10 }); // older than the log: its start
    expect(history.endOffsetFor(2, 50)).toEqual({ epoch: 2, endOffset: 25 });
    expect(history.endOffsetFor(3, 50)).toEqual({ epoch: 2, endOffset: 25 }); // unknown epoch: the one below it
    expect(history.endOffsetFor(4, 50)).toEqual({ epoch: 4, endOffset: 40 });
    expect(history.endOffsetFor(5, 50)).toEqual({ epoch: 5, endOffset: 50 }); // latest: the log end
    expect(history.endOffsetFor(9, 50)).toEqual({ epoch: 5, endOffset: 50 });
    expect(new LeaderEpochHistory().endOffsetFor(3, 0)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('end offsets are where the epoch stops in the batches', () => {
    fc.assert(
      fc.property(batchesArbitrary, fc.integer({ min: 0, max: 12 }), (batches, asked) => {
        const { history, end, bases } = historyOf(batches);
        const answer = history.endOffsetFor(asked, end);
        if (batches.length === 0) {
          expect(answer).toEqual({ epoch: -1, endOffset: -1 });
          return;
        }
        // The first batch of a higher epoch bounds the answer; batches of epochs <= asked all lie below it.
        const firstHigher = batches.findIndex(([epoch]) => epoch > asked);
        const expectedEnd = firstHigher < 0 ? end : bases[firstHigher]!;
        expect(answer.endOffset).toBe(expectedEnd);
        // The epoch answered is one the log holds at or below the one asked (an epoch without
        // offsets may give way to the one before it), or the one asked when the log holds none.
        const below = batches.filter(([epoch]) => epoch <= asked).map(([epoch]) => epoch);
        if (below.length > 0) expect(below).toContain(answer.epoch);
        else expect(answer.epoch).toBe(asked);
      }),
    );
  });

  it('truncating from the end equals never having appended the cut batches', () => {
    fc.assert(
      fc.property(batchesArbitrary, fc.nat(), (batches, pick) => {
        const { history, bases } = historyOf(batches);
        // truncateTo(offset) drops every batch whose base offset is at or after it.
        const cutAt = batches.length === 0 ? 0 : bases[pick % batches.length]!;
        history.truncateFromEnd(cutAt);
        expect(history.entries).toEqual(historyOf(batches.filter((_, i) => bases[i]! < cutAt)).history.entries);
      }),
    );
  });

  it('truncating from the start equals a history rebuilt from the remaining batches', () => {
    fc.assert(
      fc.property(batchesArbitrary, fc.nat(), (batches, pick) => {
        const { history, bases } = historyOf(batches);
        const drop = batches.length === 0 ? 0 : pick % (batches.length + 1);
        const first = batches[drop];
        history.truncateFromStart(first === undefined ? 0 : bases[drop]!, first?.[0] ?? null);
        const rebuilt = new LeaderEpochHistory();
        batches.slice(drop).forEach(([epoch], i) => rebuilt.assign(epoch, bases[drop + i]!));
        expect(history.entries).toEqual(rebuilt.entries);
      }),
    );
  });
});

describe('leader-epoch checkpoint file', () => {
  const entries = [
    { epoch: 0, startOffset: 0 },
    { epoch: 3, startOffset: 120 },
    { epoch: 11, startOffset: 4711 },
  ];

  it('round-trips, empty too', () => {
    expect(parseLeaderEpochFile(formatLeaderEpochFile(entries))).toEqual(entries);
    expect(parseLeaderEpochFile(formatLeaderEpochFile([]))).toEqual([]);
  });

  it('refuses the file cut at any byte or with any byte changed', () => {
    const text = formatLeaderEpochFile(entries);
    for (let cut = 0; cut < text.length; cut++) expect(parseLeaderEpochFile(text.slice(0, cut)), `cut at ${cut}`).toBeNull();
    for (let at = 0; at < text.length; at++) {
      const bytes = Buffer.from(text);
      bytes[at]! ^= 0x01;
      expect(parseLeaderEpochFile(bytes.toString('latin1')), `flip at ${at}`).toBeNull();
    }
  });
});
