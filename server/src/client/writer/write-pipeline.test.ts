import { describe, expect, it } from 'vitest';
import { FlussError } from '../../rpc/errors.ts';
import type { SealedBatch } from './accumulator.ts';
import type { BatchAcknowledgement, BatchTransport } from './batch-transport.ts';
import type { WriterSequence } from './bucket-sequences.ts';
import { resolvePipelineOptions, type PipelineOptions } from './options.ts';
import { RowRouter } from './row-router.ts';
import { decodeFake, FakeEncoder, ManualTimers } from './test-support.ts';
import { WritePipeline } from './write-pipeline.ts';

interface FakeRequest {
  readonly batch: SealedBatch;
  readonly partitionId: number;
  readonly sequence: WriterSequence;
}

interface FakeResponse extends BatchAcknowledgement {
  readonly note: string;
}

interface Attempt {
  readonly request: FakeRequest;
  readonly attempt: number;
  readonly settle: (outcome: FakeResponse | Error) => void;
}

/** A transport whose sends wait until the test settles them, recording every attempt. */
class ControlledTransport implements BatchTransport<FakeRequest, FakeResponse> {
  readonly attempts: Attempt[] = [];
  readonly acknowledgedNotes: string[] = [];
  partitionFailures: Error[] = [];
  async partitionId(partition: string | undefined): Promise<number> {
    const failure = this.partitionFailures.shift();
    if (failure !== undefined) throw failure;
    return partition === undefined ? -1 : 100;
  }
  request(batch: SealedBatch, partitionId: number, sequence: WriterSequence): FakeRequest {
    return { batch, partitionId, sequence };
  }
  send(request: FakeRequest, attempt: number): Promise<FakeResponse> {
    return new Promise((resolve, reject) => {
      this.attempts.push({ request, attempt, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
    });
  }
  acknowledged(response: FakeResponse): void {
    this.acknowledgedNotes.push(response.note);
  }
  /** Settles the oldest unsettled attempt, or the one of `bucket`. */
  answer(outcome: FakeResponse | Error = { duplicate: false, note: 'ok' }, bucket?: number): Attempt {
    const index = bucket === undefined ? 0 : this.attempts.findIndex((a) => a.request.batch.target.bucket === bucket);
    const [next] = this.attempts.splice(index, 1);
    if (next === undefined) throw new Error('nothing was sent');
    next.settle(outcome);
    return next;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Two buckets keyed by `id`: ids 1 and 2 hash to bucket 1, id 3 to bucket 0. */
function pipeline(options: PipelineOptions = {}) {
  const transport = new ControlledTransport();
  const timers = new ManualTimers();
  let ids = 0;
  const instance = new WritePipeline(
    {
      router: new RowRouter({ bucketKey: ['id'], buckets: 2, partitionKeys: [] }, () => 0),
      newEncoder: () => new FakeEncoder(),
      transport,
      timers,
      random: () => 0,
      newWriterId: () => ++ids,
    },
    resolvePipelineOptions({ batchSizeBytes: 1_000, lingerMs: 5, retryBackoffMs: 10, ...options }),
  );
  return { pipeline: instance, transport, timers };
}

describe('WritePipeline', () => {
  it('carries each row’s op code beside it, in row order', async () => {
    const { pipeline: p, transport } = pipeline();
    await p.write({ id: 1, v: 'a' }, 0);
    await p.write({ id: 1 }, 1);
    await p.write({ id: 1, v: 'b' }, 0);
    const flushed = p.flush();
    await tick();
    const { batch } = transport.answer().request;
    await flushed;
    expect(decodeFake(batch.bytes)).toEqual([{ id: 1, v: 'a' }, { id: 1 }, { id: 1, v: 'b' }]);
    expect([...batch.ops!]).toEqual([0, 1, 0]);
  });

  it('sends rows without op codes as batches without them', async () => {
    const { pipeline: p, transport } = pipeline();
    await p.write({ id: 1 });
    const flushed = p.flush();
    await tick();
    expect(transport.answer().request.batch.ops).toBeUndefined();
    await flushed;
  });

  it('builds a batch’s request once and sends that same request on every retry', async () => {
    const { pipeline: p, transport } = pipeline();
    await p.write({ id: 1 });
    const flushed = p.flush();
    await tick();
    const first = transport.answer(new FlussError('UNAVAILABLE', 'down'));
    await tick();
    const second = transport.answer({ duplicate: true, note: 'second' });
    await flushed;
    expect(second.request).toBe(first.request);
    expect([first.attempt, second.attempt]).toEqual([0, 1]);
    expect(first.request.sequence).toEqual({ writerId: 1, sequence: 0 });
    expect(transport.acknowledgedNotes).toEqual(['second']);
    expect(p.counters).toMatchObject({ retries: 1, batchesAcked: 1, batchesDuplicate: 1 });
  });

  it('retries a retriable failure to resolve the partition before sending', async () => {
    const { pipeline: p, transport } = pipeline();
    transport.partitionFailures = [new FlussError('UNAVAILABLE', 'coordinator restarting')];
    await p.write({ id: 1 });
    const flushed = p.flush();
    await tick();
    transport.answer();
    await flushed;
    expect(p.counters).toMatchObject({ retries: 1, batchesAcked: 1 });
  });

  it('fails exactly the rows of a failed batch; the other bucket’s batch is acknowledged', async () => {
    const { pipeline: p, transport } = pipeline();
    for (const id of [1, 2, 3]) await p.write({ id });
    const flushed = p.flush();
    await tick();
    transport.answer(new FlussError('INVALID_ARGUMENT', 'Row 1: bad'), 1);
    transport.answer(undefined, 0);
    await expect(flushed).rejects.toThrow('Row 1: bad');
    expect(p.counters).toMatchObject({ rowsBuffered: 3, rowsFailed: 2, batchesFailed: 1, rowsAcked: 1, batchesAcked: 1 });
    expect(p.bufferedBytes).toBe(0);
    await p.flush(); // reported once
  });

  it('keeps one batch in flight per bucket while other buckets send theirs', async () => {
    const { pipeline: p, transport } = pipeline({ batchSizeBytes: 110 }); // one row per batch
    for (const id of [1, 2, 3]) await p.write({ id });
    await tick();
    expect(transport.attempts.map((a) => decodeFake(a.request.batch.bytes))).toEqual([[{ id: 1 }], [{ id: 3 }]]);
    const flushed = p.flush();
    transport.answer(undefined, 1);
    await tick();
    const next = transport.answer(undefined, 1);
    expect(decodeFake(next.request.batch.bytes)).toEqual([{ id: 2 }]);
    expect(next.request.sequence).toEqual({ writerId: 1, sequence: 1 });
    transport.answer(undefined, 0);
    await flushed;
  });
});
