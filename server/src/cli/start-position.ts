import type { OffsetQuery } from '../client/index.ts';
import { CliError } from './errors.ts';

/** Parses `--from`: earliest, latest, epoch milliseconds, or an ISO-8601 time (UTC unless it says otherwise). */
export function parseStartPosition(text: string): OffsetQuery {
  const trimmed = text.trim();
  if (trimmed === 'earliest' || trimmed === 'latest') return trimmed;
  if (/^\d+$/.test(trimmed)) return { timestampMs: Number(trimmed) };
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    // A date or local time without a zone would be read in the machine's zone; say UTC instead.
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
    const ms = Date.parse(withZone);
    if (!Number.isNaN(ms)) return { timestampMs: ms };
  }
  throw new CliError(`Invalid --from, expected earliest, latest, an ISO-8601 time or epoch milliseconds: "${text}"`);
}
