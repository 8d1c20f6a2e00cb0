import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { ByteReader, ByteWriter } from './bytes.ts';
import { listDirIfExists, TEMP_FILE_SUFFIX, writeFileVia } from '../common/files.ts';
import type { StoreSnapshot } from './kv-store.ts';

// One KV snapshot file: the rows of a bucket's RocksDB at one log offset.
//   header  "FKVS", version u8, schema id u16 BE, log offset u64 BE
//   entries varint key length, key, varint value length, value   (in key order)
//   footer  entry count u64 BE, CRC-32C u32 BE of everything before it, "FKVE"
// Written to a temp name, fsynced, renamed: a file with a final name is complete, and the CRC
// catches one damaged since.

const MAGIC = Buffer.from('FKVS');
const END_MAGIC = Buffer.from('FKVE');
const VERSION = 1;
const HEADER_BYTES = 4 + 1 + 2 + 8;
const FOOTER_BYTES = 8 + 4 + 4;
const FLUSH_BYTES = 1 << 20;
const NAME = /^snapshot-(\d{20})\.kvs$/;

export interface SnapshotFile {
  readonly path: string;
  readonly logOffset: number;
}

export interface SnapshotContent {
  readonly logOffset: number;
  readonly schemaId: number;
  readonly entries: ReadonlyArray<readonly [Buffer, Buffer]>;
}

export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

/** Where a KV tablet in `kvDir` keeps its snapshot files. */
export function snapshotDirOf(kvDir: string): string {
  return join(kvDir, 'snapshots');
}

/** The name of the snapshot file of `logOffset` (a restored snapshot is put under it). */
export function snapshotFileName(logOffset: number): string {
  return `snapshot-${String(logOffset).padStart(20, '0')}.kvs`;
}

/** Writes the view to `dir` as the snapshot of its applied offset; returns the file and its row count. */
export async function writeSnapshot(dir: string, view: StoreSnapshot, schemaId: number): Promise<SnapshotFile & { entries: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, snapshotFileName(view.appliedOffset));
  let bytes = 0;
  let entries = 0;
  // A failed write removes its partial temp file (it would hold on to space a full disk needs
  // back); the older snapshots stay usable.
  await writeFileVia(path, async (file) => {
    let crc = 0;
    const flush = async (writer: ByteWriter): Promise<void> => {
      const chunk = writer.finish();
      crc = crc32c(chunk, crc);
      bytes += chunk.length;
      await file.write(chunk);
    };
    let writer = new ByteWriter(HEADER_BYTES);
    writer.bytes(MAGIC);
    writer.u8(VERSION);
    writer.u16be(schemaId);
    writer.u64be(BigInt(view.appliedOffset));
    for await (const [key, value] of view.entries) {
      writer.varint(key.length);
      writer.bytes(key);
      writer.varint(value.length);
      writer.bytes(value);
      entries++;
      if (writer.length >= FLUSH_BYTES) {
        await flush(writer);
        writer = new ByteWriter(FLUSH_BYTES + 4096);
      }
    }
    writer.u64be(BigInt(entries));
    await flush(writer);
    const footer = Buffer.alloc(8);
    footer.writeUInt32BE(crc >>> 0, 0);
    END_MAGIC.copy(footer, 4);
    await file.write(footer);
    bytes += footer.length;
  });
  return { path, logOffset: view.appliedOffset, entries, bytes };
}

/** Complete snapshot files in `dir`, newest (highest log offset) first. */
export async function listSnapshots(dir: string): Promise<SnapshotFile[]> {
  return (await listDirIfExists(dir))
    .flatMap((name) => {
      const match = NAME.exec(name);
      return match === null ? [] : [{ path: join(dir, name), logOffset: Number(match[1]) }];
    })
    .sort((a, b) => b.logOffset - a.logOffset);
}

/** Reads and verifies one snapshot file; CorruptSnapshotError when it fails its checks. */
export async function readSnapshot(path: string): Promise<SnapshotContent> {
  const data = await readFile(path);
  const fail = (why: string): never => {
    throw new CorruptSnapshotError(`KV snapshot ${path} is corrupt: ${why}`);
  };
  if (data.length < HEADER_BYTES + FOOTER_BYTES) fail(`${data.length} bytes is too short`);
  if (!data.subarray(0, 4).equals(MAGIC) || !data.subarray(data.length - 4).equals(END_MAGIC)) fail('bad magic');
  const crcAt = data.length - 8;
  if (crc32c(data.subarray(0, crcAt)) >>> 0 !== data.readUInt32BE(crcAt)) fail('CRC mismatch');
  const reader = new ByteReader(data.subarray(0, crcAt - 8), 4);
  if (reader.u8() !== VERSION) fail('unknown version');
  const schemaId = reader.u16be();
  const logOffset = Number(reader.u64be());
  const count = Number(data.readBigUInt64BE(crcAt - 8));
  const entries: Array<readonly [Buffer, Buffer]> = [];
  while (reader.remaining > 0) {
    const key = reader.bytes(reader.varint());
    entries.push([key, reader.bytes(reader.varint())]);
  }
  if (entries.length !== count) fail(`${entries.length} entries, footer says ${count}`);
  return { logOffset, schemaId, entries };
}

/** Deletes all but the newest `keep` snapshots and any temp file a crash left behind. */
export async function pruneSnapshots(dir: string, keep: number): Promise<void> {
  const snapshots = await listSnapshots(dir);
  for (const old of snapshots.slice(keep)) await rm(old.path, { force: true });
  for (const name of await listDirIfExists(dir)) {
    if (name.endsWith(TEMP_FILE_SUFFIX)) await rm(join(dir, name), { force: true });
  }
}
