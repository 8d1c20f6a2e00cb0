// "Does the live object already contain everything we would apply?" The API server adds defaults
// and other managers' fields, so equality is too strict; containment is what server-side apply
// would converge to. When this holds, the reconciler skips the write entirely.

export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((item, index) => isSubset(item, live[index]));
  }
  if (isRecord(desired)) {
    if (!isRecord(live)) return false;
    return Object.entries(desired).every(([key, value]) => value === undefined || isSubset(value, live[key]));
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
