import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatDate, formatTimeOfDay, parseDate, parseTimeOfDay, parseTimestamp } from './temporal.ts';

describe('calendar arithmetic', () => {
  it('agrees with JS Date over its whole range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (days) => {
        const date = new Date(days * 86_400_000);
        const civil = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
        expect(civilFromDays(days)).toEqual(civil);
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
      }),
    );
  });

  it('parses and formats dates, rejecting impossible ones', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('2024-02-29')).toBe(19782);
    expect(parseDate('-000001-12-31')).toBe(daysFromCivil(-1, 12, 31));
    expect(formatDate(-719_529)).toBe('-000001-12-31');
    expect(formatDate(2_932_897)).toBe('+010000-01-01');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-01-32', '24-01-01', '2024-1-01', '2024-01-01T00:00:00']) {
      expect(parseDate(bad), bad).toBeUndefined();
    }
  });

  it('parses and formats times of day at a precision, never hiding finer digits', () => {
    expect(parseTimeOfDay('23:59:59.999999999')).toBe(86_399_999_999_999);
    expect(parseTimeOfDay('12:00:00.5')).toBe(43_200_500_000_000);
    expect(parseTimeOfDay('24:00:00')).toBeUndefined();
    expect(parseTimeOfDay('12:60:00')).toBeUndefined();
    expect(parseTimeOfDay('12:00')).toBeUndefined();
    expect(formatTimeOfDay(43_200_500_000_000, 3)).toBe('12:00:00.500');
    expect(formatTimeOfDay(43_200_000_000_000, 0)).toBe('12:00:00');
    expect(formatTimeOfDay(43_200_000_001_000, 3)).toBe('12:00:00.000001');
  });

  it('parses timestamps with and without zones into epoch nanoseconds', () => {
    expect(parseTimestamp('1970-01-01T00:00:00')).toEqual({ epochNanos: 0n, hasZone: false });
    expect(parseTimestamp('1970-01-01 01:00:00+01:00')).toEqual({ epochNanos: 0n, hasZone: true });
    expect(parseTimestamp('1969-12-31T23:59:59.999999999z')).toEqual({ epochNanos: -1n, hasZone: true });
    expect(parseTimestamp('2024-01-01T00:00:00+24:00')).toBeUndefined();
    expect(parseTimestamp('2024-01-01T00:00')).toBeUndefined();
  });
});
