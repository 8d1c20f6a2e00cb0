import { describe, expect, it } from 'vitest';
import { RowError } from '../../arrow/index.ts';
import { FlussError } from '../../rpc/errors.ts';
import type { ProduceRequest } from '../../rpc/generated/fluss/v1/ProduceRequest.ts';
import type { ProduceResponse__Output } from '../../rpc/generated/fluss/v1/ProduceResponse.ts';
import type { TableInfo__Output } from '../../rpc/generated/fluss/v1/TableInfo.ts';
import { AppendWriter, type WriterBackend } from './append-writer.ts';
import type { AppendWriterOptions } from './options.ts';
import { decodeFake, FakeEncoder, ManualTimers } from './test-support.ts';

const TABLE = {
  tableId: 7,
  buckets: 2,
  bucketKey: ['id'],
  partitionKeys: [],
  schema: { schemaId: 3, columns: [] },
} as unknown as TableInfo__Output;

interface Sent {
  request: ProduceRequest;
  attempt: number;
  settle: (outcome: ProduceResponse__Output | Error) => void;
}

/** A backend whose Produce calls wait until the test settles them, recording every attempt. */
class ControlledBackend implements WriterBackend {
  readonly table: TableInfo__Output;
  readonly sent: Sent[] = [];
  constructor(table: TableInfo__Output = TABLE) {
    this.table = table;
  }
  async partitionId(partition: string | undefined): Promise<number> {
    return partition === undefined ? -1 : 100;
  }
  produce(request: ProduceRequest, attempt: number): Promise<ProduceResponse__Output> {
    return new Promise((resolve, reject) => {
      this.sent.push({
        request,
        attempt,
        settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
      });
    });
  }
  /** Answers the oldest unsettled call. */
  answer(outcome: ProduceResponse__Output | Error = ok()): Sent {
    const next = this.sent.shift();
    if (next === undefined) throw new Error('nothing was sent');
    next.settle(outcome);
    return next;
  }
}

const ok = (duplicate = false): ProduceResponse__Output => ({ baseOffset: 0, recordCount: 1, duplicate });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function writer(backend: WriterBackend, options: AppendWriterOptions = {}) {
  const timers = new ManualTimers();
  let ids = 0;
  const instance = new AppendWriter(
    { backend, newEncoder: () => new FakeEncoder(), timers, random: () => 0, newWriterId: () => ++ids },
    { batchSizeBytes: 130, lingerMs: 5, retryBackoffMs: 10, ...options },
  );
  return { writer: instance, timers };
}

describe('AppendWriter', () => {
  it('sends a batch when full and after the linger, and flush waits for the acks', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w, timers } = writer(backend);
    for (const id of [1, 2, 3]) await w.append({ id }); // 130 bytes: full
    await tick();
    expect(backend.sent).toHaveLength(1);
    await w.append({ id: 4 });
    timers.advance(4);
    await tick();
    expect(backend.sent).toHaveLength(1); // one in flight per bucket; the open batch is still young
    backend.answer();
    timers.advance(1);
    await tick();
    expect(backend.sent).toHaveLength(1);
    expect(decodeFake(backend.sent[0]!.request.arrowIpc as Uint8Array)).toEqual([{ id: 4 }]);
    const flushed = w.flush();
    backend.answer();
    await flushed;
    expect(w.counters).toMatchObject({ rowsAppended: 4, rowsAcked: 4, batchesAcked: 2, rowsFailed: 0 });
  });

  it('keeps one batch in flight per bucket and numbers batches 0, 1, 2 per bucket', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w } = writer(backend, { batchSizeBytes: 110 }); // one row per batch
    for (const id of [1, 2, 3]) await w.append({ id });
    const flushed = w.flush();
    const sequences: number[] = [];
    for (let i = 0; i < 3; i++) {
      await tick();
      expect(backend.sent).toHaveLength(1);
      sequences.push(Number(backend.answer().request.batchSequence));
    }
    await flushed;
    expect(sequences).toEqual([0, 1, 2]);
  });

  it('retries with the same bytes, writer id and sequence, so the server can drop the duplicate', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w, timers } = writer(backend);
    await w.append({ id: 1 });
    const flushed = w.flush();
    await tick();
    backend.answer(new FlussError('DEADLINE_EXCEEDED', 'slow'));
    await tick();
    backend.answer(new FlussError('NOT_LEADER_OR_FOLLOWER', 'Server 1 is not leader of bucket 0'));
    await tick();
    const last = backend.answer(ok(true));
    await flushed;
    expect(last.attempt).toBe(2); // attempts > 0 make the backend refresh metadata
    expect(w.counters).toMatchObject({ retries: 2, batchesAcked: 1, batchesDuplicate: 1 });
    expect(timers.sleeps).toHaveLength(2);
  });

  it('resends identical requests on retry', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w } = writer(backend);
    await w.append({ id: 1 });
    const flushed = w.flush();
    await tick();
    const first = backend.answer(new FlussError('UNAVAILABLE', 'down'));
    await tick();
    const second = backend.answer();
    await flushed;
    expect(second.request).toBe(first.request);
    expect(first.request).toMatchObject({ tableId: 7, partitionId: -1, bucket: 0, schemaId: 3, acks: -1, writerId: 1, batchSequence: 0 });
  });

  it('fails the batch on a permanent error, rejects flush once, and restarts the bucket as a new writer', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w } = writer(backend);
    await w.append({ id: 1 });
    let flushed = w.flush();
    await tick();
    backend.answer(new FlussError('INVALID_ARGUMENT', 'Batch schema does not match'));
    await expect(flushed).rejects.toThrow('Batch schema does not match');
    await w.append({ id: 2 });
    flushed = w.flush();
    await tick();
    const next = backend.answer();
    await flushed; // the error was reported once
    expect(next.request).toMatchObject({ writerId: 2, batchSequence: 0 });
    expect(w.counters).toMatchObject({ rowsFailed: 1, batchesFailed: 1, rowsAcked: 1 });
  });

  it('makes append wait while the buffer is full, until an ack frees room', async () => {
    const backend = new ControlledBackend({ ...TABLE, buckets: 1 });
    const { writer: w } = writer(backend, { batchSizeBytes: 1_000, bufferMemoryBytes: 120 });
    await w.append({ id: 1 });
    await w.append({ id: 2 }); // 120 bytes buffered: full
    let appended = false;
    const third = w.append({ id: 3 }).then(() => (appended = true));
    await tick();
    expect(appended).toBe(false);
    expect(backend.sent).toHaveLength(1); // a full buffer sends at once instead of lingering
    backend.answer();
    await third;
    expect(appended).toBe(true);
    expect(w.bufferedBytes).toBe(110);
  });

  it('rejects bad rows with a RowError and buffers nothing', async () => {
    const backend = new ControlledBackend();
    const { writer: w } = writer(backend);
    await expect(w.append({ id: 1, bad: true })).rejects.toBeInstanceOf(RowError);
    expect(w.bufferedBytes).toBe(0);
    expect(w.counters.rowsAppended).toBe(0);
    await w.flush();
    expect(backend.sent).toHaveLength(0);
  });

  it('refuses appends after close', async () => {
    const { writer: w } = writer(new ControlledBackend());
    await w.close();
    await expect(w.append({ id: 1 })).rejects.toThrow('The writer is closed');
  });

  it('refuses nonsense options before any row', () => {
    expect(() => writer(new ControlledBackend(), { acks: 2 as 1 })).toThrow(RangeError);
    expect(() => writer(new ControlledBackend(), { batchSizeBytes: 0 })).toThrow(/batchSizeBytes/);
  });
});
