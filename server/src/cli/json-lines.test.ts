import { describe, expect, it } from 'vitest';
import { parseRowLine } from './json-lines.ts';

describe('parseRowLine', () => {
  it('keeps integers beyond 2^53 exact as bigints and leaves the rest as JSON.parse does', () => {
    expect(parseRowLine('{"id": 9007199254740993, "n": 42, "x": 1.5, "s": "9007199254740993"}', 1)).toEqual({
      id: 9007199254740993n,
      n: 42,
      x: 1.5,
      s: '9007199254740993',
    });
    expect(parseRowLine('{"big": -123456789012345678901}', 1)).toEqual({ big: -123456789012345678901n });
    // biome-ignore lint/correctness/noPrecisionLoss: the expected value is the double JSON.parse rounds this literal to
    expect(parseRowLine('{"f": 12345678901234567.5}', 1)).toEqual({ f: 12345678901234567.5 });
  });

  it('names the line of invalid JSON and of values that are not objects', () => {
    expect(() => parseRowLine('{"a": ', 7)).toThrow(/^Line 7: invalid JSON: /);
    expect(() => parseRowLine('[1, 2]', 8)).toThrow('Line 8: expected a JSON object: got an array');
    expect(() => parseRowLine('null', 9)).toThrow('Line 9: expected a JSON object: got null');
  });
});
