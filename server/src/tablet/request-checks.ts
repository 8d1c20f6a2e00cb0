import { FlussError } from '../rpc/errors.ts';

/**
 * Offsets and timestamps travel as int64 but are held as JS numbers, exact only below 2^53 (see
 * common.proto): one at or past 2^53, or a negative one, is refused rather than rounded or
 * looked up. Throws INVALID_ARGUMENT naming `what`.
 */
export function requireOffsetRange(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new FlussError('INVALID_ARGUMENT', `${what} is out of range: ${value} (must be an integer in [0, 2^53))`);
  }
}
