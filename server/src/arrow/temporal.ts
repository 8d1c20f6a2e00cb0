// Calendar arithmetic and the text forms of DATE, TIME and TIMESTAMP values. Own arithmetic
// rather than JS Date: Date covers only ±275,760 years at millisecond resolution, while Arrow
// stores any int32 day and any int64 micro/nanosecond.

export const NANOS_PER_SECOND = 1_000_000_000;
const SECONDS_PER_DAY = 86_400;
export const NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND; // 8.64e13: a safe integer

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, day 0 = 1970-01-01).
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

// ISO-8601 years: four digits, or a sign and six or more digits (expanded years).
const DATE_PART = String.raw`([+-]\d{6,9}|\d{4})-(\d{2})-(\d{2})`;
const TIME_PART = String.raw`(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?`;
const DATE_RE = new RegExp(`^${DATE_PART}$`);
const TIME_RE = new RegExp(`^${TIME_PART}$`);
const TIMESTAMP_RE = new RegExp(`^${DATE_PART}[T ]${TIME_PART}(Z|[+-]\\d{2}:\\d{2})?$`, 'i');

/** Days since the epoch for `YYYY-MM-DD`; undefined if the text is not a valid calendar date. */
export function parseDate(text: string): number | undefined {
  const m = DATE_RE.exec(text);
  return m === null ? undefined : civilDays(m[1], m[2], m[3]);
}

function civilDays(yearText = '', monthText = '', dayText = ''): number | undefined {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${formatYear(year)}-${pad2(month)}-${pad2(day)}`;
}

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Nanoseconds since midnight for `HH:MM:SS[.fffffffff]`; undefined if not a valid time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  return m === null ? undefined : nanosOfDay(m[1], m[2], m[3], m[4]);
}

function nanosOfDay(h = '', m = '', s = '', fraction = ''): number | undefined {
  const hours = Number(h);
  const minutes = Number(m);
  const seconds = Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const nanos = fraction === '' ? 0 : Number(fraction.padEnd(9, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * NANOS_PER_SECOND + nanos;
}

/**
 * `HH:MM:SS` plus `precision` fractional digits (more if the value has finer non-zero digits,
 * so that nothing is hidden). `nanos` is in [0, NANOS_PER_DAY) for valid data.
 */
export function formatTimeOfDay(nanos: number, precision: number): string {
  const totalSeconds = Math.floor(nanos / NANOS_PER_SECOND);
  const fraction = nanos - totalSeconds * NANOS_PER_SECOND;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const text = `${pad2(hours)}:${pad2(minutes)}:${pad2(totalSeconds % 60)}`;
  return text + formatFraction(fraction, precision);
}

function formatFraction(nanos: number, precision: number): string {
  const digits = String(nanos).padStart(9, '0');
  const significant = digits.replace(/0+$/, '').length;
  const shown = Math.max(precision, significant);
  return shown === 0 ? '' : `.${digits.slice(0, shown)}`;
}

export interface ParsedTimestamp {
  /** Nanoseconds since 1970-01-01T00:00:00 in the written zone (or UTC when a zone was given). */
  readonly epochNanos: bigint;
  readonly hasZone: boolean;
}

/** `YYYY-MM-DD[T ]HH:MM:SS[.f…][Z|±HH:MM]`; undefined if not a valid timestamp. */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return undefined;
  const days = civilDays(m[1], m[2], m[3]);
  const nanos = nanosOfDay(m[4], m[5], m[6], m[7]);
  const offsetMinutes = zoneOffsetMinutes(m[8]);
  if (days === undefined || nanos === undefined || offsetMinutes === undefined) return undefined;
  const local = BigInt(days) * BigInt(NANOS_PER_DAY) + BigInt(nanos);
  return { epochNanos: local - BigInt(offsetMinutes * 60) * BigInt(NANOS_PER_SECOND), hasZone: m[8] !== undefined };
}

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * ISO-8601 text of an epoch value stored in `unitsPerSecond` units (1e3, 1e6, 1e9), with
 * `precision` fractional digits and a trailing `Z` when `utc`.
 */
export function formatTimestamp(value: bigint, unitsPerSecond: number, precision: number, utc: boolean): string {
  const perDay = BigInt(unitsPerSecond * SECONDS_PER_DAY);
  let days = value / perDay;
  let rest = value % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  const nanos = Number(rest) * (NANOS_PER_SECOND / unitsPerSecond);
  return `${formatDate(Number(days))}T${formatTimeOfDay(nanos, precision)}${utc ? 'Z' : ''}`;
}
