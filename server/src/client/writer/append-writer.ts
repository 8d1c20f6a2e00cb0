import type { ProduceRequest } from '../../rpc/generated/fluss/v1/ProduceRequest.ts';
import type { ProduceResponse__Output } from '../../rpc/generated/fluss/v1/ProduceResponse.ts';
import type { EncoderFactory } from '../codec.ts';
import { resolveWriterOptions, type AppendWriterOptions } from './options.ts';
import { ProduceTransport, type WriterBackend } from './produce-transport.ts';
import { RowRouter, type BucketTarget } from './row-router.ts';
import { WritePipeline, type PipelineCounters, type WriterEnvironment } from './write-pipeline.ts';

export interface WriterDependencies extends WriterEnvironment {
  backend: WriterBackend;
  newEncoder: EncoderFactory;
}

/** The pipeline's counters, with `rowsAppended` for the rows `append` accepted (buffered). */
export type WriterCounters = Omit<PipelineCounters, 'rowsBuffered'> & { rowsAppended: number };

/**
 * Appends rows to a log table. Rows are routed to (partition, bucket), encoded into one Arrow
 * batch per bucket, and sent as Produce by the write pipeline (write-pipeline.ts): when a batch is
 * full, has lingered, or on flush, one batch in flight per bucket, retried with the same bytes and
 * batch sequence so the server appends it once.
 */
export class AppendWriter {
  readonly #pipeline: WritePipeline<ProduceRequest, ProduceResponse__Output>;

  constructor(deps: WriterDependencies, options: AppendWriterOptions = {}) {
    const resolved = resolveWriterOptions(options);
    const buckets = deps.backend.table.buckets;
    this.#pipeline = new WritePipeline(
      {
        router: new RowRouter(deps.backend.table, () => Math.floor(deps.random() * buckets)),
        newEncoder: deps.newEncoder,
        transport: new ProduceTransport(deps.backend, resolved),
        timers: deps.timers,
        random: deps.random,
        newWriterId: deps.newWriterId,
      },
      resolved,
    );
  }

  get counters(): Readonly<WriterCounters> {
    const { rowsBuffered, ...rest } = this.#pipeline.counters;
    return { rowsAppended: rowsBuffered, ...rest };
  }

  /** Bytes buffered or in flight (what `bufferMemoryBytes` bounds). */
  get bufferedBytes(): number {
    return this.#pipeline.bufferedBytes;
  }

  /**
   * Buffers one row. Waits first while the buffer is full (backpressure). Rejects with a RowError
   * when the row does not fit the schema (nothing is buffered then). Resolving means buffered, not
   * acknowledged: call `flush` for that.
   */
  append(row: Record<string, unknown>): Promise<void> {
    return this.#pipeline.write(row);
  }

  /**
   * Sends everything buffered and waits until all of it is acknowledged or failed for good.
   * Rejects with the first permanent error since the previous flush (the failed rows are lost;
   * rows of other batches are unaffected).
   */
  flush(): Promise<void> {
    return this.#pipeline.flush();
  }

  /** Flushes, then refuses further appends. The connection stays open. */
  close(): Promise<void> {
    return this.#pipeline.close();
  }
}

export type { BucketTarget, WriterBackend };
