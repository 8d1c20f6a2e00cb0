import { describe, expect, it } from 'vitest';
import { decodeRows } from '../../arrow/index.ts';
import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../rpc/generated/fluss/v1/PutKvResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { ManualTimers } from '../writer/test-support.ts';
import type { KvBackend } from './cluster-kv-backend.ts';
import { UpsertWriter } from './upsert-writer.ts';
import { testTableInfo } from '../../table/test-support.ts';

const TABLE: TableInfo__Output = testTableInfo({
  tableId: 7,
  path: { database: 'db', table: 'kv' },
  schema: {
    schemaId: 1,
    columns: [
      { id: 0, name: 'id', type: 'BIGINT', nullable: false, comment: '' },
      { id: 1, name: 'v', type: 'STRING', nullable: true, comment: '' },
    ],
  },
  primaryKey: ['id'],
  bucketKey: ['id'],
});

/** A backend whose PutKv calls stay pending until the test answers them. */
class PendingBackend implements KvBackend {
  readonly table = TABLE;
  readonly requests: PutKvRequest[] = [];
  readonly #answers: Array<(response: PutKvResponse__Output) => void> = [];
  async partitionId(): Promise<number | undefined> {
    return -1;
  }
  putKv(request: PutKvRequest): Promise<PutKvResponse__Output> {
    this.requests.push(request);
    return new Promise((resolve) => this.#answers.push(resolve));
  }
  answerNext(): void {
    this.#answers.shift()!({ baseOffset: 0, changeCount: 1, duplicate: false });
  }
  lookup(): never {
    throw new Error('not used');
  }
  prefixLookup(): never {
    throw new Error('not used');
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('UpsertWriter', () => {
  it('keeps filling a bucket\u2019s open batch past the linger while a batch is in flight, then sends it whole', async () => {
    const backend = new PendingBackend();
    const timers = new ManualTimers();
    const writer = new UpsertWriter({ backend, timers, random: () => 0.5, newWriterId: () => 1 }, { lingerMs: 5 });
    await writer.upsert({ id: 1, v: 'a' });
    timers.advance(5);
    await settle();
    expect(backend.requests).toHaveLength(1);

    for (let id = 2; id <= 4; id++) {
      await writer.upsert({ id, v: 'b' });
      timers.advance(5); // lingers pass while the first batch is unanswered
      await settle();
    }
    expect(backend.requests).toHaveLength(1);

    backend.answerNext();
    await settle();
    expect(backend.requests).toHaveLength(2);
    const second = backend.requests[1]!;
    expect(decodeRows(second.arrowIpc as Uint8Array).map((row) => row['id'])).toEqual([2n, 3n, 4n]);
    backend.answerNext();
    await writer.flush();
  });

  it('sends upserts and deletes of a bucket as one PutKv with an op per row, and counts the reported changes', async () => {
    const backend = new PendingBackend();
    const writer = new UpsertWriter({ backend, timers: new ManualTimers(), random: () => 0.5, newWriterId: () => 9 });
    await writer.upsert({ id: 1, v: 'a' });
    await writer.delete({ id: 2, v: 'ignored' });
    const flushed = writer.flush();
    await settle();
    const [request] = backend.requests;
    expect(request).toMatchObject({ tableId: 7, partitionId: -1, bucket: 0, schemaId: 1, targetColumnIds: [], writerId: 9, batchSequence: 0, acks: -1 });
    expect([...(request!.ops as Uint8Array)]).toEqual([0, 1]);
    expect(decodeRows(request!.arrowIpc as Uint8Array)).toEqual([
      { id: 1n, v: 'a' },
      { id: 2n, v: null },
    ]);
    backend.answerNext();
    await flushed;
    expect(writer.counters).toEqual({ rowsWritten: 2, rowsAcked: 2, changesAcked: 1, batchesFailed: 0, retries: 0 });
  });

  it('names a partial update’s target columns in each PutKv', async () => {
    const backend = new PendingBackend();
    const writer = new UpsertWriter({ backend, timers: new ManualTimers(), random: () => 0.5, newWriterId: () => 1 }, { targetColumns: ['v'] });
    await writer.upsert({ id: 1, v: 'a' });
    const flushed = writer.flush();
    await settle();
    expect(backend.requests[0]?.targetColumnIds).toEqual([1]);
    backend.answerNext();
    await flushed;
  });

  it('asks for the acks it is given (acks=1: answered once durable on the leader)', async () => {
    const backend = new PendingBackend();
    const writer = new UpsertWriter({ backend, timers: new ManualTimers(), random: () => 0.5, newWriterId: () => 1 }, { acks: 1 });
    await writer.upsert({ id: 1, v: 'a' });
    const flushed = writer.flush();
    await settle();
    expect(backend.requests[0]?.acks).toBe(1);
    backend.answerNext();
    await flushed;
  });

  it('makes writes wait while the buffer is full, sending at once rather than after the linger', async () => {
    const backend = new PendingBackend();
    const writer = new UpsertWriter({ backend, timers: new ManualTimers(), random: () => 0.5, newWriterId: () => 1 }, { bufferMemoryBytes: 1 });
    await writer.upsert({ id: 1, v: 'a' }); // the open batch alone fills the buffer
    let written = false;
    const second = writer.upsert({ id: 2, v: 'b' }).then(() => (written = true));
    await settle();
    expect(written).toBe(false);
    expect(backend.requests).toHaveLength(1);
    backend.answerNext();
    await second;
    const flushed = writer.flush();
    await settle();
    backend.answerNext();
    await flushed;
    expect(writer.counters.rowsAcked).toBe(2);
  });

  it('refuses nonsense options before any row', () => {
    const backend = new PendingBackend();
    const make = (options: object) => new UpsertWriter({ backend, timers: new ManualTimers(), random: () => 0.5, newWriterId: () => 1 }, options);
    expect(() => make({ lingerMs: -1 })).toThrow(/lingerMs/);
    expect(() => make({ bufferMemoryBytes: 0 })).toThrow(RangeError);
    expect(() => make({ acks: 2 })).toThrow('Writer option acks must be 0, 1 or -1: 2');
  });
});
