import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../retry.ts';

/** 0: the server answers before the append; 1 and -1 (all): once the batch is durable in the log. */
export type Acks = 0 | 1 | -1;

/** Batching, backpressure and retries: the options every writer shares (write-pipeline.ts). */
export interface PipelineOptions extends Partial<RetryOptions> {
  /** A bucket's batch is sent once its encoded size reaches this. @default 1048576 (1 MiB) */
  batchSizeBytes?: number;
  /** A batch that is not full is sent this long after its first row. @default 5 */
  lingerMs?: number;
  /** Rows buffered or in flight, in bytes; writes wait while the writer holds this much. @default 67108864 (64 MiB) */
  bufferMemoryBytes?: number;
  /** Deadline of each send (Produce or PutKv); a timed-out call is retried with the same sequence. @default 30000 */
  requestTimeoutMs?: number;
}

export interface AppendWriterOptions extends PipelineOptions {
  /** @default -1 */
  acks?: Acks;
  /**
   * De-duplicate retries on the server by writer id and batch sequence, so a retried batch is
   * never appended twice. @default true
   */
  idempotence?: boolean;
}

export type ResolvedPipelineOptions = Required<Omit<PipelineOptions, keyof RetryOptions>> & { retry: RetryOptions };

export type ResolvedWriterOptions = ResolvedPipelineOptions & Required<Pick<AppendWriterOptions, 'acks' | 'idempotence'>>;

export const DEFAULT_WRITER_OPTIONS = {
  batchSizeBytes: 1024 * 1024,
  lingerMs: 5,
  acks: -1,
  bufferMemoryBytes: 64 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  idempotence: true,
} as const satisfies Omit<ResolvedWriterOptions, 'retry'>;

function positive(name: string, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`Writer option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number: ${value}`);
  }
  return value;
}

/** Fills in the shared defaults and rejects nonsense (RangeError) before any row is buffered. */
export function resolvePipelineOptions(options: PipelineOptions): ResolvedPipelineOptions {
  return {
    batchSizeBytes: positive('batchSizeBytes', options.batchSizeBytes ?? DEFAULT_WRITER_OPTIONS.batchSizeBytes),
    lingerMs: positive('lingerMs', options.lingerMs ?? DEFAULT_WRITER_OPTIONS.lingerMs, true),
    bufferMemoryBytes: positive('bufferMemoryBytes', options.bufferMemoryBytes ?? DEFAULT_WRITER_OPTIONS.bufferMemoryBytes),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_WRITER_OPTIONS.requestTimeoutMs),
    retry: {
      retries: positive('retries', options.retries ?? DEFAULT_RETRY_OPTIONS.retries, true),
      retryBackoffMs: positive('retryBackoffMs', options.retryBackoffMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMs, true),
      retryBackoffMaxMs: positive('retryBackoffMaxMs', options.retryBackoffMaxMs ?? DEFAULT_RETRY_OPTIONS.retryBackoffMaxMs, true),
    },
  };
}

/** A writer's acks option, defaulted (-1) and checked (RangeError). */
export function resolveAcks(acks: Acks | undefined): Acks {
  const resolved = acks ?? DEFAULT_WRITER_OPTIONS.acks;
  if (resolved !== 0 && resolved !== 1 && resolved !== -1) throw new RangeError(`Writer option acks must be 0, 1 or -1: ${String(resolved)}`);
  return resolved;
}

/** The append writer's options: the shared ones plus acks and idempotence. */
export function resolveWriterOptions(options: AppendWriterOptions): ResolvedWriterOptions {
  return { ...resolvePipelineOptions(options), acks: resolveAcks(options.acks), idempotence: options.idempotence ?? DEFAULT_WRITER_OPTIONS.idempotence };
}
