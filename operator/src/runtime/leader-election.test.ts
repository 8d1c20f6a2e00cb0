import { describe, expect, it } from 'vitest';
import { decide } from './leader-election.ts';

describe('decide', () => {
  it('renews its own lease', () => {
    expect(decide({ holderIdentity: 'me', leaseDurationSeconds: 15 }, 'me', 0, 999_999)).toBe('renew');
  });
  it('acquires a released lease at once', () => {
    expect(decide({ holderIdentity: '', leaseDurationSeconds: 1 }, 'me', 1000, 1000)).toBe('acquire');
  });
  it('waits while another holder renewed within the lease duration as observed locally', () => {
    expect(decide({ holderIdentity: 'other', leaseDurationSeconds: 15 }, 'me', 10_000, 24_999)).toBe('wait');
  });
  it('takes over once the lease has not changed for its duration', () => {
    expect(decide({ holderIdentity: 'other', leaseDurationSeconds: 15 }, 'me', 10_000, 25_000)).toBe('acquire');
  });
});
