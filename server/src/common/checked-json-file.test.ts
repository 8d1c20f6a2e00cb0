import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptFileError, readCheckedJson, writeCheckedJson } from './checked-json-file.ts';

describe('checked JSON files', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checked-json-'));
    path = join(dir, 'metadata.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, and undefined for a missing file', async () => {
    expect(await readCheckedJson(path)).toBeUndefined();
    const value = { tables: { 1: { name: 'événements' } }, next: 2 };
    await writeCheckedJson(path, value);
    expect(await readCheckedJson(path)).toEqual(value);
  });

  it('refuses a flipped byte, a truncated body and broken JSON, naming the file', async () => {
    await writeCheckedJson(path, { nextTableId: 17, tables: {} });
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    const digit = flipped.indexOf('17');
    flipped[digit] = '2'.charCodeAt(0);
    writeFileSync(path, flipped);
    await expect(readCheckedJson(path)).rejects.toThrow(new RegExp(`${path}.*checksum mismatch`));
    writeFileSync(path, good.subarray(0, good.byteLength - 5));
    await expect(readCheckedJson(path)).rejects.toThrow(/truncated/);
    writeFileSync(path, '{"nextTableId": 3, "tab');
    await expect(readCheckedJson(path)).rejects.toBeInstanceOf(CorruptFileError);
    await expect(readCheckedJson(path)).rejects.toThrow(path);
  });

  it('loads a file written before checksums (bare JSON, compact or pretty)', async () => {
    writeFileSync(path, JSON.stringify({ version: 1, nextTableId: 4 }));
    expect(await readCheckedJson(path)).toEqual({ version: 1, nextTableId: 4 });
    writeFileSync(path, JSON.stringify({ version: 1, nextTableId: 5 }, null, 2));
    expect(await readCheckedJson(path)).toEqual({ version: 1, nextTableId: 5 });
  });
});
