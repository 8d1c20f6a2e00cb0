/** A positive integer from the environment variable `name`, or `fallback` when it is unset or empty. */
export function positiveIntEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer: ${text}`);
  return value;
}
