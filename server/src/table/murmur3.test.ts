import { describe, expect, it } from 'vitest';
import { murmur3_32 } from './murmur3.ts';
import { bucketForKey } from './bucketing.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('murmur3_32', () => {
  // Reference values of MurmurHash3_x86_32 (as published with the algorithm's test vectors).
  it('matches the reference vectors', () => {
    expect(murmur3_32(new Uint8Array(0), 0)).toBe(0);
    expect(murmur3_32(new Uint8Array(0), 1)).toBe(0x514e28b7);
    expect(murmur3_32(utf8('Hello, world!'), 1234)).toBe(0xfaf6cdb3);
    expect(murmur3_32(utf8('The quick brown fox jumps over the lazy dog'), 0x9747b28c)).toBe(0x2fa826cd);
    expect(murmur3_32(utf8('abc'), 0)).toBe(0xb3dd93fa);
  });
});

describe('bucketForKey', () => {
  it('gives the same bucket for the same key in any integer spelling', () => {
    const a = bucketForKey([42], 16);
    expect(bucketForKey([42n], 16)).toBe(a);
    expect(bucketForKey(['42'], 16)).toBe(a);
  });
  it('spreads keys over all buckets', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[bucketForKey([i, `user-${i}`], 8)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
