import { describe, expect, it } from 'vitest';
import { BucketSequences } from './bucket-sequences.ts';

describe('BucketSequences', () => {
  it('counts per bucket, repeats a sequence until acknowledged, and starts over as a new writer after a failure', () => {
    let ids = 100;
    const sequences = new BucketSequences(() => ++ids);
    expect(sequences.next(-1, 0)).toEqual({ writerId: 101, sequence: 0 });
    expect(sequences.next(-1, 0)).toEqual({ writerId: 101, sequence: 0 }); // a retry: same pair
    sequences.acknowledged(-1, 0);
    expect(sequences.next(-1, 0)).toEqual({ writerId: 101, sequence: 1 });
    expect(sequences.next(-1, 1)).toEqual({ writerId: 102, sequence: 0 });
    expect(sequences.next(5, 0)).toEqual({ writerId: 103, sequence: 0 });
    sequences.failed(-1, 0);
    expect(sequences.next(-1, 0)).toEqual({ writerId: 104, sequence: 0 });
    expect(sequences.next(-1, 1)).toEqual({ writerId: 102, sequence: 0 });
  });
});
