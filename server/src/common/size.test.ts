import { describe, expect, it } from 'vitest';
import { formatSize, parseSize } from './size.ts';

describe('parseSize', () => {
  it('reads plain bytes and binary units, case-insensitively', () => {
    expect(parseSize('512')).toBe(512);
    expect(parseSize('512kb')).toBe(512 * 1024);
    expect(parseSize(' 1.5 GB ')).toBe(1.5 * 1024 ** 3);
  });

  it('refuses what is not a size', () => {
    expect(() => parseSize('lots')).toThrow(/Invalid size/);
    expect(() => parseSize('-1mb')).toThrow(/Invalid size/);
  });
});

describe('formatSize', () => {
  it('picks the largest unit that keeps the value at 1 or more', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.50 KiB');
    expect(formatSize(12 * 1024 ** 2)).toBe('12.0 MiB');
    expect(formatSize(3 * 1024 ** 4)).toBe('3.00 TiB');
  });

  it('reads back through parseSize within its rounding', () => {
    for (const bytes of [2048, 5 * 1024 ** 2, 7 * 1024 ** 3]) {
      const [value, unit] = formatSize(bytes).split(' ');
      expect(parseSize(`${value}${unit!.replace('iB', 'b')}`)).toBe(bytes);
    }
  });
});
