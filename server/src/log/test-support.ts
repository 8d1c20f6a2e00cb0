import { crc32c } from '@node-rs/crc32';
import { cp, mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_CRC_START, encodeBatchHeader, type BatchFields } from './batch-format.ts';
import type { LogConfig } from './config.ts';
import type { LogTablet } from './log-tablet.ts';
import type { AppendInput, LogLogger, StoredBatch } from './types.ts';
import { ManualTimers as BaseManualTimers } from '../common/timers.ts';

/** Helpers shared by this folder's tests (not exported from index.ts). */

/** A clock tests move by hand (ManualTimers starts at 1_000_000 here, as the tests expect). */
export class ManualTimers extends BaseManualTimers {
  constructor(startMs = 1_000_000) {
    super(startMs);
  }
}

/** Small segments and a dense index, so a few appends exercise rolls and index lookups. */
export function testConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { segmentBytes: 4096, segmentMs: 60_000, indexIntervalBytes: 256, retentionMs: -1, retentionBytes: -1, fsync: false, ...overrides };
}

const temporaryDirs: string[] = [];

export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fluss-log-test-'));
  temporaryDirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(temporaryDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * A copy of a live log directory: what a disk holds if the process died now (every completed write
 * is in it; the active segment's index files and the recovery checkpoint are as of the last roll).
 */
export async function crashImage(dir: string): Promise<string> {
  const image = await makeTempDir();
  await cp(dir, image, { recursive: true });
  return image;
}

/** Deterministic bytes: `length` bytes derived from `seed`. */
export function payloadOf(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

export function appendInput(payload: Uint8Array, overrides: Partial<AppendInput> = {}): AppendInput {
  return { payload, recordCount: 1, schemaId: 1, writerId: -1, batchSequence: -1, ...overrides };
}

/** Every batch from `fromOffset` to the log end, read in small steps. */
export async function readAll(log: LogTablet, fromOffset = log.logStartOffset, maxBytes = 1000): Promise<StoredBatch[]> {
  const batches: StoredBatch[] = [];
  let offset = fromOffset;
  while (offset < log.logEndOffset) {
    const result = await log.read(offset, maxBytes);
    const last = result.batches.at(-1);
    if (last === undefined) throw new Error(`Read at ${offset} returned nothing before the log end ${log.logEndOffset}`);
    batches.push(...result.batches);
    offset = last.baseOffset + last.recordCount;
  }
  return batches;
}

/** Segment log files in a directory, in offset order. */
export async function segmentFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
}

export interface RecordingLogger extends LogLogger {
  warnings: { obj: object; msg: string }[];
  infos: { obj: object; msg: string }[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: { obj: object; msg: string }[] = [];
  const infos: { obj: object; msg: string }[] = [];
  return { warnings, infos, warn: (obj, msg) => warnings.push({ obj, msg }), info: (obj, msg) => infos.push({ obj, msg }) };
}

/** Inverts the byte at `position` of the file: a bit-rot / misdirected-write stand-in. */
export async function flipByte(path: string, position: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, position);
    byte[0]! ^= 0xff;
    await file.write(byte, 0, 1, position);
  } finally {
    await file.close();
  }
}

/** The prototype of node's FileHandle, to spy on its methods (the file layer has no other seam). */
export async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(tmpdir(), 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

/** An error as node reports a full file system. */
export function noSpaceLeft(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });
}

/** A batch as magic 1 wrote it (before leader epochs): the magic 2 header without its trailing leaderEpoch. */
export function encodeV1Batch(fields: BatchFields, payload: Uint8Array): Buffer {
  const header = Buffer.from(encodeBatchHeader(fields, payload).subarray(0, 51));
  header.writeUInt8(1, 0);
  header.writeInt32LE(51 + payload.byteLength, 9);
  header.writeUInt32LE(crc32c(payload, crc32c(header.subarray(BATCH_CRC_START))), 13);
  return Buffer.concat([header, payload]);
}
