import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_CRC_START, BATCH_HEADER_BYTES, BATCH_MAGIC, decodeBatch, decodeBatchHeader, encodeBatchHeader, type BatchFields } from './batch-format.ts';
import { encodeV1Batch } from './test-support.ts';

const fieldsArbitrary: fc.Arbitrary<BatchFields> = fc.record({
  baseOffset: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 0x7fff_ffff }),
  attributes: fc.constant(0),
  recordCount: fc.integer({ min: 1, max: 0x7fff_ffff }),
  commitTimestampMs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  schemaId: fc.integer({ min: 0, max: 0x7fff_ffff }),
  writerId: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
  batchSequence: fc.integer({ min: -1, max: 0x7fff_ffff }),
  leaderEpoch: fc.integer({ min: 0, max: 0x7fff_ffff }),
});

const sample: BatchFields = {
  baseOffset: 0x0102_0304_0506,
  attributes: 0,
  recordCount: 7,
  commitTimestampMs: 1_700_000_000_123,
  schemaId: 3,
  writerId: -1,
  batchSequence: -1,
  leaderEpoch: 5,
};

function encodeBatch(fields: BatchFields, payload: Uint8Array): Buffer {
  return Buffer.concat([encodeBatchHeader(fields, payload), payload]);
}

describe('encodeBatchHeader', () => {
  it('writes the documented little-endian layout', () => {
    const payload = Buffer.from('arrow-ipc-bytes');
    const header = encodeBatchHeader(sample, payload);
    expect(header.byteLength).toBe(BATCH_HEADER_BYTES);
    expect(header.readUInt8(0)).toBe(BATCH_MAGIC);
    expect(header.readBigInt64LE(1)).toBe(BigInt(sample.baseOffset));
    expect(header.readInt32LE(9)).toBe(BATCH_HEADER_BYTES + payload.byteLength);
    expect(header.readInt16LE(17)).toBe(0);
    expect(header.readInt32LE(19)).toBe(7);
    expect(header.readBigInt64LE(23)).toBe(BigInt(sample.commitTimestampMs));
    expect(header.readInt32LE(31)).toBe(3);
    expect(header.readBigInt64LE(35)).toBe(-1n);
    expect(header.readInt32LE(43)).toBe(-1);
    expect(header.readInt32LE(47)).toBe(payload.byteLength);
    expect(header.readInt32LE(51)).toBe(5);
  });

  it('rejects fields that cannot be stored', () => {
    const payload = new Uint8Array(1);
    expect(() => encodeBatchHeader({ ...sample, recordCount: -1 }, payload)).toThrow(RangeError);
    expect(() => encodeBatchHeader({ ...sample, baseOffset: -1 }, payload)).toThrow(RangeError);
    expect(() => encodeBatchHeader({ ...sample, schemaId: 2 ** 31 }, payload)).toThrow(RangeError);
    expect(() => encodeBatchHeader({ ...sample, writerId: -2 }, payload)).toThrow(RangeError);
  });
});

describe('decodeBatch', () => {
  it('round-trips every field and the payload', () => {
    fc.assert(
      fc.property(fieldsArbitrary, fc.uint8Array({ maxLength: 300 }), (fields, payload) => {
        const decoded = decodeBatch(encodeBatch(fields, payload));
        expect(decoded.kind).toBe('ok');
        if (decoded.kind !== 'ok') return;
        expect(decoded.header).toMatchObject(fields);
        expect(decoded.header.payloadLength).toBe(payload.byteLength);
        expect(Buffer.from(decoded.payload).equals(Buffer.from(payload))).toBe(true);
      }),
    );
  });

  it('reports corrupt for any changed byte the CRC covers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (payload, at, xor) => {
        const batch = encodeBatch(sample, payload);
        const index = BATCH_CRC_START + (at % (batch.byteLength - BATCH_CRC_START));
        batch[index]! ^= xor;
        expect(decodeBatch(batch).kind).toBe('corrupt');
      }),
    );
  });

  it('reports corrupt for a bad magic byte, a negative length or a batch length that disagrees with the payload', () => {
    const batch = encodeBatch(sample, Buffer.from('payload'));
    const badMagic = Buffer.from(batch);
    badMagic[0] = 9;
    expect(decodeBatch(badMagic)).toMatchObject({ kind: 'corrupt', reason: 'unknown magic 9' });
    const badLength = Buffer.from(batch);
    badLength.writeInt32LE(batch.byteLength + 1, 9);
    expect(decodeBatch(badLength).kind).toBe('corrupt');
    const negative = Buffer.from(batch);
    negative.writeInt32LE(-5, 47);
    expect(decodeBatchHeader(negative).kind).toBe('corrupt');
  });

  it('reports incomplete for a cut header or payload', () => {
    const batch = encodeBatch(sample, Buffer.from('payload'));
    expect(decodeBatch(batch.subarray(0, BATCH_HEADER_BYTES - 1)).kind).toBe('incomplete');
    expect(decodeBatch(batch.subarray(0, batch.byteLength - 1)).kind).toBe('incomplete');
  });

  it('decodes the first batch of a longer buffer without copying its payload', () => {
    const first = encodeBatch(sample, Buffer.from('one'));
    const both = Buffer.concat([first, encodeBatch({ ...sample, baseOffset: sample.baseOffset + 7 }, Buffer.from('two'))]);
    const decoded = decodeBatch(both);
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    expect(Buffer.from(decoded.payload).toString()).toBe('one');
    expect(decoded.payload.buffer).toBe(both.buffer);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, withMagic) => {
        if (withMagic && bytes.byteLength > 0) bytes[0] = BATCH_MAGIC;
        expect(['ok', 'corrupt', 'incomplete']).toContain(decodeBatch(bytes).kind);
      }),
    );
  });
});

describe('magic 1 batches', () => {
  it('still decode, with leader epoch 0 and a 51-byte header', () => {
    fc.assert(
      fc.property(fieldsArbitrary, fc.uint8Array({ maxLength: 100 }), (fields, payload) => {
        const decoded = decodeBatch(encodeV1Batch(fields, payload));
        expect(decoded.kind).toBe('ok');
        if (decoded.kind !== 'ok') return;
        expect(decoded.header).toMatchObject({ ...fields, leaderEpoch: 0, magic: 1, headerLength: 51, batchLength: 51 + payload.byteLength });
        expect(Buffer.from(decoded.payload).equals(Buffer.from(payload))).toBe(true);
      }),
    );
  });

  it('are checked by their own CRC and length rules', () => {
    const batch = encodeV1Batch(sample, Buffer.from('old payload'));
    expect(decodeBatch(batch.subarray(0, 50)).kind).toBe('incomplete');
    const flipped = Buffer.from(batch);
    flipped[batch.byteLength - 1]! ^= 1;
    expect(decodeBatch(flipped).kind).toBe('corrupt');
    const asV2 = Buffer.from(batch);
    asV2[0] = BATCH_MAGIC; // claims a 55-byte header: the lengths disagree
    expect(decodeBatch(asV2).kind).toBe('corrupt');
  });
});

describe('leader epoch', () => {
  it('is covered by the CRC and must be a non-negative int32', () => {
    const batch = encodeBatch(sample, Buffer.from('payload'));
    batch.writeInt32LE(6, 51);
    expect(decodeBatch(batch).kind).toBe('corrupt');
    expect(() => encodeBatchHeader({ ...sample, leaderEpoch: -1 }, new Uint8Array(1))).toThrow(RangeError);
    expect(() => encodeBatchHeader({ ...sample, leaderEpoch: 2 ** 31 }, new Uint8Array(1))).toThrow(RangeError);
  });
});
