/**
 * The last index i in [0, length) for which `isAtOrBefore(i)` holds, or -1 when none does.
 * `isAtOrBefore` must be monotone: true for a prefix of the indexes, false for the rest.
 */
export function lastIndexWhere(length: number, isAtOrBefore: (index: number) => boolean): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (isAtOrBefore(middle)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
