/**
 * The keys both stores accept: path-like (`log/t1/b0/00000000000000000000.log`) so that the local
 * store can map them to files and the S3 store to object names unchanged. Stricter than S3 on
 * purpose: a key that works locally works on S3 and the other way round.
 */
const MAX_KEY_BYTES = 900; // S3 allows 1024 for the whole name; leave room for the store's prefix.

export function checkKey(key: string): void {
  if (key.length === 0) throw new RangeError('Invalid object key: empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new RangeError(`Invalid object key: longer than ${MAX_KEY_BYTES} bytes`);
  if (key.includes('\0')) throw new RangeError(`Invalid object key ${JSON.stringify(key)}: contains NUL`);
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new RangeError(`Invalid object key ${JSON.stringify(key)}: segments between '/' must be non-empty and not '.' or '..'`);
    }
  }
}

/** A list prefix: any key prefix, possibly empty or ending with '/'. */
export function checkPrefix(prefix: string): void {
  if (prefix.includes('\0') || prefix.startsWith('/')) throw new RangeError(`Invalid list prefix ${JSON.stringify(prefix)}`);
}

/** Orders keys as S3 lists them: by their UTF-8 bytes (JS string order differs past U+FFFF). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
