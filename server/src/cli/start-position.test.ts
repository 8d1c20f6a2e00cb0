import { describe, expect, it } from 'vitest';
import { parseStartPosition } from './start-position.ts';

describe('parseStartPosition', () => {
  it('reads earliest, latest, epoch milliseconds and ISO-8601 (UTC unless a zone is given)', () => {
    expect(parseStartPosition('earliest')).toBe('earliest');
    expect(parseStartPosition('latest')).toBe('latest');
    expect(parseStartPosition('1795701087122')).toEqual({ timestampMs: 1795701087122 });
    expect(parseStartPosition('2026-11-26T10:00:00Z')).toEqual({ timestampMs: Date.UTC(2026, 10, 26, 10) });
    expect(parseStartPosition('2026-11-26T10:00:00')).toEqual({ timestampMs: Date.UTC(2026, 10, 26, 10) });
    expect(parseStartPosition('2026-11-26T12:00:00+02:00')).toEqual({ timestampMs: Date.UTC(2026, 10, 26, 10) });
    expect(parseStartPosition('2026-11-26')).toEqual({ timestampMs: Date.UTC(2026, 10, 26) });
  });

  it('refuses anything else', () => {
    for (const text of ['yesterday', '2026-13-45T00:00:00Z', '-5', '']) {
      expect(() => parseStartPosition(text)).toThrow(/Invalid --from/);
    }
  });
});
