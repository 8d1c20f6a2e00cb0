import { describe, expect, it } from 'vitest';
import { shortText } from './short-text.ts';

describe('shortText', () => {
  it('keeps text up to the limit', () => {
    expect(shortText('', 3)).toBe('');
    expect(shortText('abc', 3)).toBe('abc');
  });

  it('cuts longer text and says how long it was', () => {
    expect(shortText('abcd', 3)).toBe('abc… (4 characters)');
    expect(shortText('x'.repeat(100_000), 5)).toBe('xxxxx… (100000 characters)');
  });

  it('never splits a surrogate pair', () => {
    const cut = shortText('ab𝄞cd', 3);
    expect(cut).toBe('ab… (6 characters)');
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});
