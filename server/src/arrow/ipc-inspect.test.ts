import { Dictionary, Int32, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataType } from './data-types.ts';
import { InvalidBatchError } from './errors.ts';
import { FlatBuffer } from './flatbuffer.ts';
import { inspectIpc } from './ipc-inspect.ts';
import { decodeRows } from './row-decoder.ts';
import { RowBatchEncoder } from './row-encoder.ts';
import { toArrowField, toArrowSchema, type ColumnDef } from './schema.ts';
import { inputRow, tableArb } from './test-arbitraries.ts';

const column = (id: number, name: string, type: string, nullable = true): ColumnDef => ({ id, name, type: parseDataType(type), nullable });

const COLUMNS = [column(1, 'id', 'BIGINT', false), column(2, 'name', 'STRING'), column(3, 'price', 'DECIMAL(10,2)'), column(4, 'at', 'TIMESTAMP_LTZ(3)')];
const ROWS = [
  { id: 1n, name: 'apple', price: '1.25', at: '2024-01-01T00:00:00Z' },
  { id: 2n, name: null, price: '-3.00', at: null },
  { id: 3n, name: 'cherry', price: null, at: 0 },
];

function encode(columns: ColumnDef[], rows: Record<string, unknown>[]): Uint8Array {
  const encoder = new RowBatchEncoder(columns);
  for (const row of rows) encoder.append(row);
  return encoder.finish();
}

const VALID = encode(COLUMNS, ROWS);

function rejectionOf(ipc: Uint8Array, expected: ColumnDef[] = COLUMNS): string {
  try {
    inspectIpc(ipc, expected);
  } catch (error) {
    if (error instanceof InvalidBatchError) return error.message;
    throw error;
  }
  throw new Error('inspectIpc accepted the bytes');
}

/** Absolute byte positions inside the first record batch message, for surgery on valid bytes. */
function recordBatchLayout(ipc: Uint8Array): { nodes: number; buffers: number; body: number } {
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  let pos = 0;
  for (;;) {
    const metadataLength = view.getInt32(pos + 4, true);
    const start = pos + 8;
    const message = new FlatBuffer(ipc.subarray(start, start + metadataLength), 'test').root();
    const header = message.table(2, 'header')!;
    const body = start + metadataLength;
    if (message.u8(1, 0) === 3) {
      return { nodes: start + header.vector(1, 16, 'nodes').start, buffers: start + header.vector(2, 16, 'buffers').start, body };
    }
    pos = body + message.count64(3, 'body');
  }
}

function patched(ipc: Uint8Array, patch: (view: DataView, layout: ReturnType<typeof recordBatchLayout>) => void): Uint8Array {
  const copy = ipc.slice();
  patch(new DataView(copy.buffer), recordBatchLayout(copy));
  return copy;
}

describe('inspectIpc accepts', () => {
  it('a batch from RowBatchEncoder, counting rows without decoding them', () => {
    expect(inspectIpc(VALID, COLUMNS)).toEqual({ recordCount: 3, batchCount: 1 });
  });

  it('several record batches in one stream, with or without the end-of-stream marker', () => {
    const schema = toArrowSchema([column(1, 'n', 'INT')]);
    const batch = (values: number[]): RecordBatch => {
      const child = makeData({ type: new Int32(), length: values.length, nullCount: 0, data: Int32Array.from(values) });
      return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: values.length, nullCount: 0, children: [child] }));
    };
    const ipc = RecordBatchStreamWriter.writeAll([batch([1, 2]), batch([3]), batch([4, 5, 6])]).toUint8Array(true);
    expect(inspectIpc(ipc, [column(1, 'n', 'INT')])).toEqual({ recordCount: 6, batchCount: 3 });
    expect(inspectIpc(ipc.subarray(0, ipc.length - 8), [column(1, 'n', 'INT')])).toEqual({ recordCount: 6, batchCount: 3 });
  });

  it('IPC from another Arrow writer that lacks the Fluss field annotations', () => {
    const ipc = tableToIPC(new Table({ n: vectorFromArray([1, null, 3], new Int32()) }), 'stream');
    expect(inspectIpc(ipc, [column(0, 'n', 'INT')])).toEqual({ recordCount: 3, batchCount: 1 });
  });

  it('bytes at an unaligned memory offset', () => {
    const shifted = new Uint8Array(VALID.length + 3);
    shifted.set(VALID, 3);
    expect(inspectIpc(shifted.subarray(3), COLUMNS).recordCount).toBe(3);
    expect(decodeRows(shifted.subarray(3))).toHaveLength(3);
  });
});

describe('inspectIpc rejects with a precise InvalidBatchError', () => {
  it('bytes that are not an Arrow IPC stream', () => {
    expect(rejectionOf(new Uint8Array())).toBe('empty payload: not an Arrow IPC stream');
    expect(rejectionOf(new TextEncoder().encode('{"id": 1, "name": "json"}'))).toBe(
      'not an Arrow IPC stream: expected the continuation marker 0xFFFFFFFF at byte 0',
    );
    const file = tableToIPC(new Table({ n: vectorFromArray([1], new Int32()) }), 'file');
    expect(rejectionOf(file)).toBe('this is the Arrow IPC file format; send the IPC stream format');
  });

  it('truncated bytes', () => {
    expect(rejectionOf(VALID.subarray(0, 5))).toBe('truncated: message 0 at byte 0 needs an 8-byte prefix, 5 bytes remain');
    expect(rejectionOf(VALID.subarray(0, 40))).toMatch(/^truncated: message 0 at byte 0 declares \d+ bytes of metadata, only 32 remain$/);
    expect(rejectionOf(VALID.subarray(0, VALID.length - 16))).toMatch(/^truncated: message 1 at byte \d+ declares a \d+-byte body, only \d+ bytes remain$/);
  });

  it('trailing bytes after the end-of-stream marker', () => {
    const longer = new Uint8Array(VALID.length + 4);
    longer.set(VALID);
    expect(rejectionOf(longer)).toMatch(/^4 trailing bytes after the end-of-stream marker at byte \d+$/);
  });

  it('a stream with a schema but no record batch', () => {
    const writer = new RecordBatchStreamWriter();
    writer.reset(undefined, toArrowSchema(COLUMNS));
    writer.finish();
    expect(rejectionOf(writer.toUint8Array(true))).toBe('stream has no record batch');
  });

  it('a column with another name, type, nullability, order or count', () => {
    const renamed = COLUMNS.map((c) => (c.name === 'name' ? { ...c, name: 'title' } : c));
    expect(rejectionOf(VALID, renamed)).toBe('message 0 at byte 0: column 1: expected "title", got "name"');
    const retyped = COLUMNS.map((c) => (c.name === 'name' ? { ...c, type: parseDataType('INT') } : c));
    expect(rejectionOf(VALID, retyped)).toBe('message 0 at byte 0: column "name": expected Int32 (INT), got Utf8');
    const rescaled = COLUMNS.map((c) => (c.name === 'price' ? { ...c, type: parseDataType('DECIMAL(10,3)') } : c));
    expect(rejectionOf(VALID, rescaled)).toBe('message 0 at byte 0: column "price": expected Decimal128(10, 3) (DECIMAL(10,3)), got Decimal128(10, 2)');
    const zoneless = COLUMNS.map((c) => (c.name === 'at' ? { ...c, type: parseDataType('TIMESTAMP(3)') } : c));
    expect(rejectionOf(VALID, zoneless)).toBe(
      'message 0 at byte 0: column "at": expected Timestamp<MILLISECOND> (TIMESTAMP(3)), got Timestamp<MILLISECOND, "UTC">',
    );
    const required = COLUMNS.map((c) => (c.name === 'name' ? { ...c, nullable: false } : c));
    expect(rejectionOf(VALID, required)).toBe('message 0 at byte 0: column "name": expected NOT NULL, got nullable');
    expect(rejectionOf(VALID, [...COLUMNS].reverse())).toBe('message 0 at byte 0: column 0: expected "at", got "id"');
    expect(rejectionOf(VALID, COLUMNS.slice(0, 3))).toBe('message 0 at byte 0: schema has 4 columns, expected 3 (id, name, price)');
  });

  it('annotations that disagree: another column id, or a precision Arrow cannot tell apart', () => {
    const renumbered = COLUMNS.map((c) => (c.name === 'price' ? { ...c, id: 30 } : c));
    expect(rejectionOf(VALID, renumbered)).toBe('message 0 at byte 0: column "price": metadata fluss.column_id is "3", expected "30"');
    const coarser = COLUMNS.map((c) => (c.name === 'at' ? { ...c, type: parseDataType('TIMESTAMP_LTZ(0)') } : c));
    expect(rejectionOf(VALID, coarser)).toBe('message 0 at byte 0: column "at": metadata fluss.data_type is "TIMESTAMP_LTZ(3)", expected "TIMESTAMP_LTZ(0)"');
  });

  it('dictionary-encoded columns', () => {
    const dictionary = vectorFromArray(['a', 'b', 'a'], new Dictionary(new Utf8(), new Int32()));
    const ipc = tableToIPC(new Table({ s: dictionary }), 'stream');
    expect(rejectionOf(ipc, [column(0, 's', 'STRING')])).toBe('message 0 at byte 0: column "s" is dictionary-encoded, which is not supported');
  });

  it('nulls in a NOT NULL column', () => {
    const field = toArrowField(column(1, 'n', 'INT', false));
    const schema = new Schema([field]);
    const child = makeData({ type: new Int32(), length: 2, nullCount: 1, nullBitmap: Uint8Array.of(1), data: Int32Array.of(1, 0) });
    const batch = new RecordBatch(schema, makeData({ type: new Struct([field]), length: 2, nullCount: 0, children: [child] }));
    const ipc = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
    expect(rejectionOf(ipc, [column(1, 'n', 'INT', false)])).toMatch(/column "n" is NOT NULL but has 1 nulls$/);
  });

  it('buffers outside the body, misaligned buffers, impossible null counts and decreasing offsets', () => {
    // Buffers: id (validity, values), name (validity, offsets, data), ...
    const farBuffer = patched(VALID, (view, at) => view.setBigInt64(at.buffers + 16 * 4 + 8, 1n << 40n, true));
    expect(rejectionOf(farBuffer)).toMatch(/column "name" data buffer \[\d+, 1099511627\d+\) exceeds the \d+-byte body$/);
    const misaligned = patched(VALID, (view, at) => view.setBigInt64(at.buffers + 16 * 1, view.getBigInt64(at.buffers + 16, true) + 4n, true));
    expect(rejectionOf(misaligned)).toMatch(/column "id" values buffer starts at \d+, not 8-byte aligned$/);
    const tooManyNulls = patched(VALID, (view, at) => view.setBigInt64(at.nodes + 16 * 1 + 8, 4n, true));
    expect(rejectionOf(tooManyNulls)).toMatch(/column "name" claims 4 nulls in 3 rows$/);
    const decreasing = patched(VALID, (view, at) => {
      const offsets = at.body + Number(view.getBigInt64(at.buffers + 16 * 3, true));
      view.setInt32(offsets + 4, 1000, true);
    });
    expect(rejectionOf(decreasing)).toMatch(/column "name" offsets decrease at row 1$/);
    const beyond = patched(VALID, (view, at) => {
      const offsets = at.body + Number(view.getBigInt64(at.buffers + 16 * 3, true));
      for (let i = 1; i <= 3; i++) view.setInt32(offsets + 4 * i, 1000, true);
    });
    expect(rejectionOf(beyond)).toMatch(/column "name" offsets end at 1000, beyond the \d+-byte data buffer$/);
  });
});

describe('inspectIpc on garbage throws nothing but InvalidBatchError', () => {
  const inspectOrReject = (ipc: Uint8Array, columns: ColumnDef[]): boolean => {
    try {
      inspectIpc(ipc, columns);
      return true;
    } catch (error) {
      if (error instanceof InvalidBatchError) return false;
      throw error;
    }
  };

  it('random bytes, bare or behind a plausible message prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, framed) => {
        const ipc = new Uint8Array(bytes.length + (framed ? 8 : 0));
        if (framed) new DataView(ipc.buffer).setUint32(0, 0xffffffff, true);
        if (framed) new DataView(ipc.buffer).setInt32(4, bytes.length - (bytes.length % 8), true);
        ipc.set(bytes, framed ? 8 : 0);
        expect(inspectOrReject(ipc, COLUMNS)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid stream (only dropping the end-of-stream marker is allowed)', () => {
    for (let length = 0; length < VALID.length; length++) {
      expect(inspectOrReject(VALID.subarray(0, length), COLUMNS), `prefix of ${length} bytes`).toBe(length === VALID.length - 8);
    }
  });

  it('bit flips and byte overwrites of valid streams; whatever passes is still readable', () => {
    const streams = fc.sample(tableArb, { numRuns: 30, seed: 42 }).map(({ columns, rows }) => ({
      columns,
      ipc: encode(
        columns,
        rows.map((samples) => inputRow(columns, samples)),
      ),
    }));
    fc.assert(
      fc.property(
        fc.constantFrom(...streams),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 }), fc.option(fc.nat({ max: 255 }))), { minLength: 1, maxLength: 4 }),
        ({ columns, ipc }, edits) => {
          const damaged = ipc.slice();
          for (const [position, bit, byte] of edits) {
            const at = position % damaged.length;
            damaged[at] = byte === null ? damaged[at]! ^ (1 << bit) : byte;
          }
          if (inspectOrReject(damaged, columns)) decodeRows(damaged); // must not throw
        },
      ),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('a corrupted schema vtable that would send apache-arrow into a minutes-long loop', () => {
    // Found by the fuzzer: a schema vtable claiming 194 bytes exposes garbage "custom metadata"
    // whose length apache-arrow trusts.
    const damaged = VALID.slice();
    const view = new DataView(damaged.buffer);
    const metadataLength = view.getInt32(4, true);
    const schema = new FlatBuffer(damaged.subarray(8, 8 + metadataLength), 'test').root().table(2, 'schema')!;
    const vtable = 8 + schema.pos - view.getInt32(8 + schema.pos, true);
    view.setUint16(vtable, 194, true);
    expect(inspectOrReject(damaged, COLUMNS)).toBe(false);
  });
});
