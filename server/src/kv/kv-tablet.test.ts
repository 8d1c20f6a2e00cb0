import { cp, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnDef } from '../arrow/index.ts';
import { KvError } from './errors.ts';
import { KeyCodec } from './key-codec.ts';
import { listSnapshots } from './snapshot-files.ts';
import { openFixture, readChangelog, removeDir, TEST_COLUMNS, testTable, type Fixture } from './test-support.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function fixtureOf(properties: Record<string, string> = {}, columns?: ColumnDef[]): Promise<Fixture> {
  const fixture = await openFixture(testTable(properties, columns));
  dirs.push(fixture.dir);
  return fixture;
}

const row = (id: number, v: string | null = `v${id}`): Record<string, unknown> => ({ region: 'eu', id, v, n: null, d: null, ver: null });

async function expectRejected(promise: Promise<unknown>, message: RegExp, rowIndex?: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KvError);
  expect((error as KvError).code).toBe('INVALID_WRITE');
  expect((error as KvError).message).toMatch(message);
  if (rowIndex !== undefined) expect((error as KvError).rowIndex).toBe(rowIndex);
}

describe('KvTablet.write refuses bad batches whole', () => {
  it('a null key in row 2 fails the batch with the row named, and writes nothing', async () => {
    const fx = await fixtureOf();
    await fx.kv.write({ rows: [row(1)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    const end = fx.log.logEndOffset;
    await expectRejected(
      fx.kv.write({ rows: [row(2), row(1, 'changed'), { region: 'eu', id: null }], ops: ['upsert', 'upsert', 'upsert'], writerId: -1, batchSequence: 0 }),
      /Row 2: Key column "id" is null/,
      2,
    );
    expect(fx.log.logEndOffset).toBe(end);
    expect(
      await fx.kv.lookup([
        { region: 'eu', id: 1 },
        { region: 'eu', id: 2 },
      ]),
    ).toEqual([row(1), undefined]);
    await fx.close();
  });

  it('a NOT NULL column left null fails the batch with column and row named', async () => {
    const columns = TEST_COLUMNS.map((c) => (c.name === 'v' ? { ...c, nullable: false } : c));
    const fx = await fixtureOf({}, columns);
    await expectRejected(
      fx.kv.write({ rows: [row(1), row(2, null)], ops: ['upsert', 'upsert'], writerId: -1, batchSequence: 0 }),
      /Row 1: column "v" is not nullable/,
      1,
    );
    // A partial update of a new key leaves v null too.
    await expectRejected(
      fx.kv.write({ rows: [{ region: 'eu', id: 3, n: 1n }], ops: ['upsert'], targetColumns: ['n'], writerId: -1, batchSequence: 0 }),
      /column "v" is not nullable/,
    );
    expect(fx.log.logEndOffset).toBe(0);
    await fx.close();
  });

  it('partial updates on first_row and deletes under table.delete.behavior=disable are refused', async () => {
    const first = await fixtureOf({ 'table.merge-engine': 'first_row' });
    await expectRejected(
      first.kv.write({ rows: [row(1)], ops: ['upsert'], targetColumns: ['v'], writerId: -1, batchSequence: 0 }),
      /first_row merge engine does not take partial updates/,
    );
    await first.close();
    const disabled = await fixtureOf({ 'table.delete.behavior': 'disable' });
    await disabled.kv.write({ rows: [row(1)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    await expectRejected(
      disabled.kv.write({ rows: [row(2), { region: 'eu', id: 1 }], ops: ['upsert', 'delete'], writerId: -1, batchSequence: 0 }),
      /Row 1: deletes are disabled/,
      1,
    );
    expect(
      await disabled.kv.lookup([
        { region: 'eu', id: 1 },
        { region: 'eu', id: 2 },
      ]),
    ).toEqual([row(1), undefined]);
    await disabled.close();
  });

  it('an overflowing aggregate fails the batch', async () => {
    const fx = await fixtureOf({ 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum' });
    const big = { ...row(1), n: 2n ** 62n };
    await fx.kv.write({ rows: [big], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    await expectRejected(fx.kv.write({ rows: [big], ops: ['upsert'], writerId: -1, batchSequence: 1 }), /sum overflows BIGINT/);
    await fx.close();
  });
});

describe('KvTablet idempotence and changelog', () => {
  it('a retried (writerId, batchSequence) is answered as a duplicate and merged once', async () => {
    const fx = await fixtureOf({ 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum' });
    const batch = { rows: [{ ...row(1), n: 5n }], ops: ['upsert' as const], writerId: 42, batchSequence: 0 };
    const first = await fx.kv.write(batch);
    const again = await fx.kv.write(batch);
    expect(again).toEqual({ ...first, duplicate: true });
    await fx.kv.write({ ...batch, batchSequence: 1 });
    expect((await fx.kv.lookup([{ region: 'eu', id: 1 }]))[0]?.n).toBe(10n);
    expect((await readChangelog(fx.log)).map((c) => c.type)).toEqual(['+I', '-U', '+U']);
    await fx.close();
  });

  it('after a crash, a retry is still a duplicate (also of a batch that changed nothing) and a gap is refused', async () => {
    const fx = await fixtureOf({ 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum' });
    const add = (batchSequence: number) => ({ rows: [{ ...row(1), n: 5n }], ops: ['upsert' as const], writerId: 42, batchSequence });
    const first = await fx.kv.write(add(0));
    // Deleting an absent key changes nothing: its sequence is recorded all the same.
    const unchanged = await fx.kv.write({ rows: [{ region: 'eu', id: 9 }], ops: ['delete'], writerId: 42, batchSequence: 1 });
    expect(unchanged).toMatchObject({ changeCount: 0, duplicate: false });

    // What the disk holds if the process died now (no close, no flush).
    const image = join(fx.dir, '..', `${basename(fx.dir)}-crash`);
    await cp(fx.dir, image, { recursive: true });
    dirs.push(image);
    const crashed = await openFixture(testTable({ 'table.merge-engine': 'aggregation', 'fields.n.agg': 'sum' }), image);
    expect(await crashed.kv.write(add(0))).toEqual({ ...first, duplicate: true });
    expect(await crashed.kv.write({ rows: [{ region: 'eu', id: 9 }], ops: ['delete'], writerId: 42, batchSequence: 1 })).toEqual({
      ...unchanged,
      duplicate: true,
    });
    const gap = await crashed.kv.write(add(3)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(gap).toMatchObject({ code: 'OUT_OF_ORDER_SEQUENCE', message: 'Cannot write batch of writer 42: sequence 3, expected 2' });
    expect((await crashed.kv.lookup([{ region: 'eu', id: 1 }]))[0]?.n).toBe(5n);
    await crashed.kv.write(add(2));
    expect((await crashed.kv.lookup([{ region: 'eu', id: 1 }]))[0]?.n).toBe(10n);
    expect((await readChangelog(crashed.log)).map((c) => c.type)).toEqual(['+I', '-U', '+U']);
    await crashed.close();
    await fx.close();
  });

  it('an upsert then a delete produce +I, -U/+U and -D with full images', async () => {
    const fx = await fixtureOf();
    await fx.kv.write({
      rows: [row(1, 'a'), row(1, 'b'), { region: 'eu', id: 1 }, { region: 'eu', id: 9 }],
      ops: ['upsert', 'upsert', 'delete', 'delete'],
      writerId: -1,
      batchSequence: 0,
    });
    expect(await readChangelog(fx.log)).toEqual([
      { type: '+I', row: row(1, 'a') },
      { type: '-U', row: row(1, 'a') },
      { type: '+U', row: row(1, 'b') },
      { type: '-D', row: row(1, 'b') },
    ]);
    await fx.close();
  });
});

describe('KvTablet recovery', () => {
  it('passes over a corrupt newest snapshot for an older one and replays the rest', async () => {
    const fx = await fixtureOf();
    await fx.kv.write({ rows: [row(1)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    const older = await fx.kv.snapshot();
    await fx.kv.write({ rows: [row(2)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    const newer = await fx.kv.snapshot();
    expect(await fx.kv.snapshot()).toBeUndefined(); // nothing changed since
    await fx.kv.write({ rows: [row(3), { region: 'eu', id: 1 }], ops: ['upsert', 'delete'], writerId: -1, batchSequence: 0 });
    const path = newer!.path;
    const bytes = await readFile(path);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    await writeFile(path, bytes);

    await fx.reopen();
    expect(fx.kv.recovery.snapshotOffset).toBe(older!.logOffset);
    expect(await fx.kv.prefixLookup([{ region: 'eu' }])).toEqual([[row(2), row(3)]]);
    await fx.close();
  });

  it('log retention keeps the changelog from the oldest kept snapshot: a corrupt newest one still recovers', async () => {
    const fx = await openFixture(testTable(), undefined, { segmentBytes: 600, retentionMs: 0 });
    dirs.push(fx.dir);
    const writeRound = async (round: number): Promise<void> => {
      for (let id = 0; id < 10; id++) await fx.kv.write({ rows: [row(id, `r${round}`)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
    };
    await writeRound(0);
    expect(fx.kv.changelogNeededFrom).toBeUndefined(); // no snapshot: the whole changelog is needed
    await writeRound(1);
    const older = (await fx.kv.snapshot())!;
    await writeRound(2);
    const newer = (await fx.kv.snapshot())!;
    await writeRound(3);
    expect(fx.kv.changelogNeededFrom).toBe(older.logOffset);
    expect((await fx.log.enforceRetention({ keepFromOffset: fx.kv.changelogNeededFrom! })).deletedSegments).toBeGreaterThan(0);
    expect(fx.log.logStartOffset).toBeGreaterThan(0);
    expect(fx.log.logStartOffset).toBeLessThanOrEqual(older.logOffset);

    const bytes = await readFile(newer.path);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await writeFile(newer.path, bytes);
    await fx.reopen();
    expect(fx.kv.recovery.snapshotOffset).toBe(older.logOffset);
    expect((await fx.kv.prefixLookup([{ region: 'eu' }]))[0]!.map((r) => r.v)).toEqual(Array.from({ length: 10 }, () => 'r3'));
    await fx.close();
  });

  it('keeps only the newest snapshots', async () => {
    const fx = await fixtureOf();
    for (let i = 0; i < 4; i++) {
      await fx.kv.write({ rows: [row(i)], ops: ['upsert'], writerId: -1, batchSequence: 0 });
      await fx.kv.snapshot();
    }
    expect((await listSnapshots(join(fx.dir, 'kv', 'snapshots'))).map((s) => s.logOffset)).toEqual([4, 3]);
    await fx.close();
  });
});

describe('KeyCodec', () => {
  const column = (name: string, kind: 'int' | 'bigint' | 'double' | 'string'): ColumnDef => ({ id: 0, name, type: { kind }, nullable: false });
  const ordered = <T>(kind: 'int' | 'bigint' | 'double' | 'string', values: fc.Arbitrary<T>, compare: (a: T, b: T) => number): void => {
    it(`${kind} keys sort as their values`, () => {
      const codec = new KeyCodec([column('k', kind)], ['k'], ['k']);
      fc.assert(
        fc.property(values, values, (a, b) => {
          const byBytes = Math.sign(Buffer.compare(codec.encodeKey({ k: a }), codec.encodeKey({ k: b })));
          expect(byBytes).toBe(Math.sign(compare(a, b)));
        }),
      );
    });
  };
  ordered('int', fc.integer(), (a, b) => a - b);
  ordered('bigint', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (a, b) => (a === b ? 0 : a < b ? -1 : 1));
  ordered(
    'double',
    fc.double({ noNaN: true }).map((d) => (d === 0 ? 0 : d)),
    (a, b) => a - b,
  );
  ordered('string', fc.string({ unit: 'binary' }), (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  it('a bucket-key prefix is a byte prefix of exactly its keys', () => {
    const codec = new KeyCodec([column('a', 'string'), column('b', 'int')], ['a', 'b'], ['a']);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer(), (a1, a2, b) => {
        const prefix = codec.encodePrefix({ a: a1 });
        const key = codec.encodeKey({ a: a2, b });
        expect(key.subarray(0, prefix.length).equals(prefix)).toBe(a1 === a2);
      }),
    );
  });
});
