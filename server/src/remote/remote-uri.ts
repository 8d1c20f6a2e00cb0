import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where `remote.data.dir` points: a bucket and key prefix on S3, or a local directory. */
export type RemoteLocation = { kind: 's3'; bucket: string; prefix: string } | { kind: 'file'; path: string };

/**
 * Parses `remote.data.dir`: `s3://bucket[/prefix]`, `file:///absolute/path`, or a plain path
 * (relative to the working directory). The S3 prefix comes back as '' or ending with '/', so that
 * `s3://b/remote` and `s3://b/remote/` name the same objects. Throws a TypeError naming what is wrong.
 */
export function parseRemoteLocation(text: string): RemoteLocation {
  const value = text.trim();
  if (value === '') throw new TypeError('expected s3://bucket/prefix, file:///path or a path, got nothing');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: resolve(value) };
  if (scheme === 'file') return { kind: 'file', path: filePath(value) };
  if (scheme === 's3') return s3Location(value);
  throw new TypeError(`unsupported scheme ${scheme}:// (supported: s3://, file://)`);
}

/** The location as a URI again (for messages and logs). */
export function formatRemoteLocation(location: RemoteLocation): string {
  return location.kind === 's3' ? `s3://${location.bucket}/${location.prefix}` : pathToFileURL(location.path).href;
}

function filePath(value: string): string {
  let path: string;
  try {
    path = fileURLToPath(value);
  } catch (error) {
    throw new TypeError(`not a local file URI (file:///absolute/path): ${(error as Error).message}`, { cause: error });
  }
  if (!isAbsolute(path)) throw new TypeError('a file:// URI names an absolute path');
  return path;
}

// Bucket names as S3 allows them today: 3-63 of lowercase letters, digits, '.', '-'.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function s3Location(value: string): RemoteLocation {
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  if (!BUCKET.test(bucket)) throw new TypeError(`invalid S3 bucket name ${JSON.stringify(bucket)} (3-63 lowercase letters, digits, '.', '-')`);
  const segments = (slash === -1 ? '' : rest.slice(slash + 1)).split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) throw new TypeError('an S3 prefix has no . or .. segments');
  if (/[?#]/.test(rest)) throw new TypeError('an S3 location has no query or fragment');
  return { kind: 's3', bucket, prefix: segments.map((segment) => `${segment}/`).join('') };
}
