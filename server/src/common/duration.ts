const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses "500ms", "30s", "10min", "1h", "7d" (or a plain number of ms) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d)?\s*$/i.exec(text);
  if (!match) throw new TypeError(`Invalid duration, expected e.g. 500ms, 30s, 10min, 1h, 7d: "${text}"`);
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Math.round(Number(match[1]) * UNIT_MS[unit]!);
}
