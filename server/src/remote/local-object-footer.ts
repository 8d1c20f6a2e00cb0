/**
 * The trailer of every file of the local object store: content length and SHA-256, after the
 * content so that byte ranges of the object are byte ranges of the file. 48 bytes:
 * magic `FLUSSOB1` (8), content length u64 big-endian (8), SHA-256 (32).
 */
const MAGIC = Buffer.from('FLUSSOB1', 'latin1');
const SHA256_BYTES = 32;
export const FOOTER_BYTES = MAGIC.length + 8 + SHA256_BYTES;

export function encodeFooter(size: number, sha256Base64: string): Uint8Array {
  const footer = Buffer.alloc(FOOTER_BYTES);
  MAGIC.copy(footer, 0);
  footer.writeBigUInt64BE(BigInt(size), MAGIC.length);
  Buffer.from(sha256Base64, 'base64').copy(footer, MAGIC.length + 8);
  return footer;
}

/** The footer's content, or undefined when the bytes are not a footer (a torn or foreign file). */
export function decodeFooter(bytes: Uint8Array): { size: number; sha256: string } | undefined {
  const footer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (footer.length !== FOOTER_BYTES || !footer.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const size = footer.readBigUInt64BE(MAGIC.length);
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { size: Number(size), sha256: footer.subarray(MAGIC.length + 8).toString('base64') };
}
