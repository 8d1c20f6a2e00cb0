import { describe, expect, it } from 'vitest';
import { OffsetIndex } from './offset-index.ts';
import { TimeIndex } from './time-index.ts';

describe('OffsetIndex', () => {
  it('lookup returns the last entry at or before the offset, or the segment start', () => {
    const index = new OffsetIndex(100);
    index.append(110, 500);
    index.append(125, 900);
    expect(index.lookup(100)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(109)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(110)).toEqual({ offset: 110, position: 500 });
    expect(index.lookup(124)).toEqual({ offset: 110, position: 500 });
    expect(index.lookup(10_000)).toEqual({ offset: 125, position: 900 });
  });

  it('rejects entries that do not move forward or leave the 32-bit relative range', () => {
    const index = new OffsetIndex(0);
    index.append(5, 100);
    expect(() => index.append(5, 200)).toThrow(RangeError);
    expect(() => index.append(6, 100)).toThrow(RangeError);
    expect(() => index.append(2 ** 32, 300)).toThrow(RangeError);
    expect(index.entryCount).toBe(1);
  });

  it('serializes 8-byte little-endian entries of relative offset and position', () => {
    const index = new OffsetIndex(1000);
    index.append(1003, 77);
    index.append(1010, 4096);
    expect(index.toBytes().toString('hex')).toBe('030000004d000000' + '0a00000000100000');
  });
});

describe('TimeIndex', () => {
  it('lastBefore returns the newest entry strictly older than the timestamp', () => {
    const index = new TimeIndex(50);
    index.maybeAppend(1000, 55);
    index.maybeAppend(2000, 60);
    expect(index.lastBefore(1000)).toBeNull();
    expect(index.lastBefore(1001)).toEqual({ timestampMs: 1000, offset: 55 });
    expect(index.lastBefore(2000)).toEqual({ timestampMs: 1000, offset: 55 });
    expect(index.lastBefore(5000)).toEqual({ timestampMs: 2000, offset: 60 });
  });

  it('skips entries whose timestamp does not increase', () => {
    const index = new TimeIndex(0);
    index.maybeAppend(1000, 1);
    index.maybeAppend(1000, 2);
    index.maybeAppend(900, 3);
    expect(index.entryCount).toBe(1);
  });

  it('serializes 12-byte entries and appends the newest batch when it adds information', () => {
    const index = new TimeIndex(10);
    index.maybeAppend(256, 12);
    expect(index.toBytes({ timestampMs: 256, offset: 12 }).toString('hex')).toBe('0001000000000000' + '02000000');
    expect(index.toBytes({ timestampMs: 257, offset: 14 }).toString('hex')).toBe('000100000000000002000000' + '010100000000000004000000');
    expect(new TimeIndex(0).toBytes(null).byteLength).toBe(0);
  });
});
