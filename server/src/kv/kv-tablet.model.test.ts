import { afterAll, describe, expect, it } from 'vitest';
import type { KvOp } from '../table/kv-wire.ts';
import { openFixture, readChangelog, removeDir, seededRandom, testTable, type Fixture } from './test-support.ts';
import type { Row } from './values.ts';

// Thousands of random upserts, partial updates and deletes per merge engine, against a model
// written independently of the merge engine code: lookups, prefix lookups, the changelog folded
// back into a table, and the state recovered after a restart (snapshot + replay) must all equal it.

type Kind = 'last_row' | 'first_row' | 'versioned' | 'aggregation';

interface EngineCase {
  kind: Kind;
  properties: Record<string, string>;
  partial: boolean;
  deletes: boolean;
}

const CASES: EngineCase[] = [
  { kind: 'last_row', properties: {}, partial: true, deletes: true },
  { kind: 'first_row', properties: { 'table.merge-engine': 'first_row' }, partial: false, deletes: false },
  {
    kind: 'versioned',
    properties: { 'table.merge-engine': 'versioned', 'table.merge-engine.versioned.ver-column': 'ver' },
    partial: false,
    deletes: false,
  },
  {
    kind: 'aggregation',
    properties: {
      'table.merge-engine': 'aggregation',
      'fields.n.agg': 'sum',
      'fields.d.agg': 'max',
      'fields.v.agg': 'listagg',
      'table.delete.behavior': 'allow',
    },
    partial: true,
    deletes: true,
  },
];

const VALUE_COLUMNS = ['v', 'n', 'd', 'ver'] as const;
// 'x' and 'x\0y' share bytes: the key escaping must keep their prefixes apart.
const REGIONS = ['eu', 'us', 'x', 'x\u0000y'];
const OPS = 3_000;

const isNull = (value: unknown): boolean => value === null || value === undefined;

function modelAggregate(column: string, stored: unknown, written: unknown): unknown {
  if (isNull(written)) return stored;
  if (isNull(stored)) return written;
  if (column === 'n') return (stored as bigint) + (written as bigint);
  if (column === 'd') return Math.max(stored as number, written as number);
  if (column === 'v') return `${stored as string},${written as string}`;
  return written; // ver: last_value_ignore_nulls
}

function withOnly(row: Row, columns: readonly string[]): Row {
  const out: Row = { region: row.region, id: row.id };
  for (const column of VALUE_COLUMNS) out[column] = columns.includes(column) ? (row[column] ?? null) : null;
  return out;
}

function modelUpsert(kind: Kind, stored: Row | undefined, row: Row, target: readonly string[]): Row | undefined {
  if (stored === undefined) return withOnly(row, target);
  switch (kind) {
    case 'last_row':
      return { ...stored, ...Object.fromEntries(target.map((c) => [c, row[c] ?? null])) };
    case 'first_row':
      return stored;
    case 'versioned':
      return !isNull(row.ver) && (isNull(stored.ver) || (row.ver as number) >= (stored.ver as number)) ? withOnly(row, VALUE_COLUMNS) : stored;
    case 'aggregation':
      return { ...stored, ...Object.fromEntries(target.map((c) => [c, modelAggregate(c, stored[c], row[c])])) };
  }
}

function modelDelete(engine: EngineCase, stored: Row | undefined, target: readonly string[], partial: boolean): Row | undefined {
  if (!engine.deletes || stored === undefined) return stored;
  if (!partial) return undefined;
  const next = { ...stored, ...Object.fromEntries(target.map((c) => [c, null])) };
  return VALUE_COLUMNS.every((c) => next[c] === null) ? undefined : next;
}

const keyOf = (row: Row): string => `${row.region as string}|${row.id as number}`;

function randomRow(random: () => number): Row {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const maybe = <T>(value: T): T | null => (random() < 0.2 ? null : value);
  return {
    region: pick(REGIONS),
    id: Math.floor(random() * 30) - 5,
    v: maybe(`s${Math.floor(random() * 100)}`),
    n: maybe(BigInt(Math.floor(random() * 2001) - 1000)),
    d: maybe(Math.round(random() * 1e6) / 100),
    ver: maybe(Math.floor(random() * 20)),
  };
}

/** Folds the changelog into a table, checking each entry against the state it applies to. */
function foldChangelog(changelog: Awaited<ReturnType<typeof readChangelog>>): Map<string, Row> {
  const table = new Map<string, Row>();
  let pendingBefore: string | undefined;
  for (const { type, row } of changelog) {
    const key = keyOf(row);
    if (type === '+I') expect(table.has(key)).toBe(false);
    if (type === '-U' || type === '-D') expect(table.get(key)).toEqual(row);
    if (type === '+U') expect(pendingBefore).toBe(key);
    pendingBefore = type === '-U' ? key : undefined;
    if (type === '-D') table.delete(key);
    else if (type !== '-U') table.set(key, row);
  }
  return table;
}

async function expectStateEquals(fixture: Fixture, model: Map<string, Row>): Promise<void> {
  const keys = REGIONS.flatMap((region) => Array.from({ length: 30 }, (_, i) => ({ region, id: i - 5 })));
  const found = await fixture.kv.lookup(keys);
  keys.forEach((key, i) => expect(found[i], keyOf(key)).toEqual(model.get(keyOf(key))));
  const byRegion = await fixture.kv.prefixLookup(REGIONS.map((region) => ({ region })));
  REGIONS.forEach((region, i) => {
    const expected = [...model.values()].filter((row) => row.region === region).sort((a, b) => (a.id as number) - (b.id as number));
    expect(byRegion[i], `prefix ${JSON.stringify(region)}`).toEqual(expected);
  });
}

describe('KvTablet against a model, per merge engine', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await removeDir(dir);
  });

  for (const [index, engine] of CASES.entries()) {
    const seed = 1000 + index;
    it(`${engine.kind}: lookups, prefix lookups, changelog and recovery equal the model (seed ${seed})`, async () => {
      const random = seededRandom(seed);
      const fixture = await openFixture(testTable(engine.properties));
      dirs.push(fixture.dir);
      const model = new Map<string, Row>();
      let snapshotOffset: number | undefined;
      let written = 0;
      let sequence = 0;
      while (written < OPS) {
        const size = 1 + Math.floor(random() * 40);
        const partial = engine.partial && random() < 0.3;
        const target = partial ? VALUE_COLUMNS.filter(() => random() < 0.5) : [...VALUE_COLUMNS];
        const rows: Row[] = [];
        const ops: KvOp[] = [];
        for (let i = 0; i < size; i++) {
          const op: KvOp = random() < 0.25 ? 'delete' : 'upsert';
          const row = randomRow(random);
          rows.push(op === 'delete' ? { region: row.region, id: row.id } : partial ? withOnly(row, target) : row);
          ops.push(op);
        }
        await fixture.kv.write({ rows, ops, ...(partial && { targetColumns: target }), writerId: 7, batchSequence: sequence++ });
        rows.forEach((row, i) => {
          const key = keyOf(row);
          const next = ops[i] === 'delete' ? modelDelete(engine, model.get(key), target, partial) : modelUpsert(engine.kind, model.get(key), row, target);
          if (next === undefined) model.delete(key);
          else model.set(key, next);
        });
        written += size;
        if (snapshotOffset === undefined && written >= OPS / 2) snapshotOffset = (await fixture.kv.snapshot())?.logOffset;
      }

      await expectStateEquals(fixture, model);
      expect(foldChangelog(await readChangelog(fixture.log))).toEqual(model);

      await fixture.reopen();
      expect(fixture.kv.recovery.snapshotOffset).toBe(snapshotOffset);
      expect(fixture.kv.recovery.appliedOffset).toBe(fixture.log.logEndOffset);
      await expectStateEquals(fixture, model);
      await fixture.close();
    });
  }
});
