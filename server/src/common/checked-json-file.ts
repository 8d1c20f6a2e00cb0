import { mkdir, readFile } from 'node:fs/promises';
import { crc32c } from '@node-rs/crc32';
import { dirname } from 'node:path';
import { isNotFound, writeFileAtomic } from './files.ts';

/**
 * JSON files whose damage is detected rather than believed: the first line is a header with the
 * format version, the body's byte length and its CRC-32C; the second line is the body. A file that
 * does not parse, or whose body does not match its header, is refused with a CorruptFileError naming
 * the file. Files written before the header existed (a bare JSON object) still load, once, and get
 * the header on their next write.
 *
 *   {"format":"fluss-checked-json","version":1,"bytes":1234,"crc32c":"8f3a09c1"}
 *   {...the value...}
 */
const FORMAT = 'fluss-checked-json';
const VERSION = 1;

export class CorruptFileError extends Error {
  override name = 'CorruptFileError';
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${path} is damaged (${reason}); refusing to start on it. Restore it from a backup (docs/operations.md)`);
    this.path = path;
  }
}

interface Header {
  format: string;
  version: number;
  bytes: number;
  crc32c: string;
}

function checksum(body: Buffer): string {
  return crc32c(body).toString(16).padStart(8, '0');
}

/** Writes `value` atomically (temp file, fsync, rename, fsync dir) with its checksum header. */
export async function writeCheckedJson(path: string, value: unknown): Promise<void> {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const header: Header = { format: FORMAT, version: VERSION, bytes: body.byteLength, crc32c: checksum(body) };
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body, Buffer.from('\n')]));
}

/** Reads a file written by writeCheckedJson; undefined when it does not exist. */
export async function readCheckedJson<T>(path: string): Promise<T | undefined> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  return parseCheckedJson<T>(path, content);
}

/** The value in a checked JSON file's content (exported for tests of damaged content). */
export function parseCheckedJson<T>(path: string, content: Buffer): T {
  const newline = content.indexOf(0x0a);
  const firstLine = content.subarray(0, newline < 0 ? content.byteLength : newline);
  const header = tryParseJson(firstLine) as Partial<Header> | undefined;
  if (header === null || typeof header !== 'object' || header.format !== FORMAT) {
    // Written before checksums: a bare JSON document (or damage in the header line).
    return parseJson(path, content, 'not valid JSON') as T;
  }
  if (header.version !== VERSION) throw new CorruptFileError(path, `unknown format version ${header.version}`);
  const body = content.subarray(newline + 1, newline + 1 + (header.bytes ?? 0));
  if (newline < 0 || body.byteLength !== header.bytes) {
    throw new CorruptFileError(path, `truncated: ${body.byteLength} of ${header.bytes} bytes`);
  }
  const actual = checksum(body);
  if (actual !== header.crc32c) throw new CorruptFileError(path, `checksum mismatch: crc32c ${actual}, header says ${header.crc32c}`);
  return parseJson(path, body, 'not valid JSON') as T;
}

function tryParseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function parseJson(path: string, bytes: Buffer, reason: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new CorruptFileError(path, `${reason}: ${error.message}`);
    throw error;
  }
}
