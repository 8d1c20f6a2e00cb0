import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from './decimal.ts';
import { ValueError } from './errors.ts';

describe('decimal text', () => {
  it.each<[string, number, number, bigint]>([
    ['123.45', 5, 2, 12345n],
    ['-0.01', 3, 2, -1n],
    ['.5', 2, 1, 5n],
    ['5.', 2, 1, 50n],
    ['+7', 2, 0, 7n],
    ['1.500', 3, 1, 15n],
    ['1e3', 4, 0, 1000n],
    ['12345e-2', 5, 2, 12345n],
    ['1.5E+1', 3, 1, 150n],
    ['-0', 1, 0, 0n],
    ['0000123', 3, 0, 123n],
    ['9'.repeat(38), 38, 0, 10n ** 38n - 1n],
  ])('parses %s at DECIMAL(%i,%i)', (text, precision, scale, unscaled) => {
    expect(parseDecimal(text, precision, scale)).toBe(unscaled);
  });

  it.each([
    ['1.234', 5, 2, 'has more than 2 fractional digits'],
    ['1e-3', 5, 2, 'has more than 2 fractional digits'],
    ['1000', 5, 2, 'does not fit DECIMAL(5,2)'],
    ['1e40', 38, 0, 'does not fit DECIMAL(38,0)'],
    ['', 5, 2, 'not a decimal number'],
    ['.', 5, 2, 'not a decimal number'],
    ['1.2.3', 5, 2, 'not a decimal number'],
    ['0x10', 5, 2, 'not a decimal number'],
  ])('rejects %s at DECIMAL(%i,%i): %s', (text, precision, scale, reason) => {
    expect(() => parseDecimal(text, precision, scale)).toThrow(new ValueError(reason));
  });

  it('formats with exactly the scale digits and parses its own output back', () => {
    expect(formatDecimal(12345n, 2)).toBe('123.45');
    expect(formatDecimal(-1n, 3)).toBe('-0.001');
    expect(formatDecimal(0n, 2)).toBe('0.00');
    expect(formatDecimal(42n, 0)).toBe('42');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), fc.integer({ min: 0, max: 38 }), (unscaled, scale) => {
        expect(parseDecimal(formatDecimal(unscaled, scale), 38, scale)).toBe(unscaled);
      }),
    );
  });
});
