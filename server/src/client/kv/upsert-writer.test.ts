import { describe, expect, it } from 'vitest';
import { decodeRows } from '../../arrow/index.ts';
import type { PutKvRequest } from '../../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse__Output } from '../../rpc/generated/fluss/v1/PutKvResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { ManualTimers } from '../writer/test-support.ts';
import type { KvBackend } from './cluster-kv-backend.ts';
import { UpsertWriter } from './upsert-writer.ts';

const TABLE: TableInfo__Output = {
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
  buckets: 1,
  partitionKeys: [],
  properties: {},
  comment: '',
  createdAtMs: 0,
  modifiedAtMs: 0,
  replicationFactor: 1,
  incarnation: 'test-incarnation',
};

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
});
