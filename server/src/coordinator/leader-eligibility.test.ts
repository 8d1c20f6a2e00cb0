import { describe, expect, it } from 'vitest';
import { canLead, canLeadUncleanly, chooseLeader, type ClusterView } from './leader-eligibility.ts';

const bucket = { replicas: [0, 1, 2], isr: [0, 1] };
const view = (live: number[], shuttingDown: number[] = []): ClusterView => ({ live: new Set(live), shuttingDown: new Set(shuttingDown) });

describe('canLead (who may be elected: live, in the ISR, not shutting down)', () => {
  it('a live ISR member that is not shutting down may lead', () => {
    expect(canLead(bucket, 0, view([0, 1, 2]))).toBe(true);
    expect(canLead(bucket, 1, view([1]))).toBe(true);
  });

  it('each missing condition rules a server out: not live, outside the ISR, shutting down', () => {
    expect(canLead(bucket, 0, view([1, 2]))).toBe(false);
    expect(canLead(bucket, 2, view([0, 1, 2]))).toBe(false);
    expect(canLead(bucket, 0, view([0, 1, 2], [0]))).toBe(false);
    // A server holding no replica is never in the ISR.
    expect(canLead(bucket, 7, view([7]))).toBe(false);
  });
});

describe('canLeadUncleanly (an unclean election: any live replica not shutting down)', () => {
  it('takes a live replica outside the ISR, but not a dead, shutting-down or foreign one', () => {
    expect(canLeadUncleanly(bucket, 2, view([2]))).toBe(true);
    expect(canLeadUncleanly(bucket, 2, view([0]))).toBe(false);
    expect(canLeadUncleanly(bucket, 2, view([2], [2]))).toBe(false);
    expect(canLeadUncleanly(bucket, 7, view([7]))).toBe(false);
  });
});

describe('chooseLeader', () => {
  it('takes the first replica, in replica order, that can lead; skips the excluded one', () => {
    expect(chooseLeader({ replicas: [2, 1, 0], isr: [0, 1, 2] }, view([0, 1, 2]))).toEqual({ leader: 2, clean: true });
    expect(chooseLeader({ replicas: [2, 1, 0], isr: [0, 1, 2] }, view([0, 1, 2]), { excluding: 2 })).toEqual({ leader: 1, clean: true });
    expect(chooseLeader({ replicas: [2, 1, 0], isr: [0, 1, 2] }, view([0, 1, 2], [1]), { excluding: 2 })).toEqual({ leader: 0, clean: true });
  });

  it('without unclean election, nobody when no ISR member can lead; with it, the first live replica outside the ISR', () => {
    const cluster = view([2]);
    expect(chooseLeader(bucket, cluster)).toBeUndefined();
    expect(chooseLeader(bucket, cluster, { unclean: true })).toEqual({ leader: 2, clean: false });
    // A clean choice always wins over an unclean one.
    expect(chooseLeader(bucket, view([1, 2]), { unclean: true })).toEqual({ leader: 1, clean: true });
    // Shutting down rules out unclean leaders too.
    expect(chooseLeader(bucket, view([2], [2]), { unclean: true })).toBeUndefined();
  });
});
