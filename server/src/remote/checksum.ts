import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The checksum stored with every object: SHA-256, base64 (the encoding of S3's
 * `x-amz-checksum-sha256`, so one value serves our metadata and the server's own upload check).
 * SHA-256 rather than a CRC: it also catches an object replaced by a different one of equal size.
 */
export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('base64');
}

export function newSha256(): Hash {
  return createHash('sha256');
}

const READ_CHUNK_BYTES = 1024 * 1024;

/** Reads a file in chunks, handing each to `onChunk` (valid only during the call); returns the file's size. */
export async function forEachChunk(path: string, onChunk: (chunk: Uint8Array) => Promise<void> | void): Promise<number> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) return total;
      await onChunk(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
  } finally {
    await file.close();
  }
}

/** The SHA-256 and size of a file, read in chunks. */
export async function fileSha256(path: string): Promise<{ sha256: string; size: number }> {
  const hash = newSha256();
  const size = await forEachChunk(path, (chunk) => void hash.update(chunk));
  return { sha256: hash.digest('base64'), size };
}
