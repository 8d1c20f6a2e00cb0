import { FlussError } from '../rpc/errors.ts';

export interface RetryOptions {
  /** How many times a retriable failure is retried before it becomes permanent. @default 20 */
  retries: number;
  /** Backoff before the first retry; it doubles with each attempt. @default 100 */
  retryBackoffMs: number;
  /** Upper bound of the backoff. @default 2000 */
  retryBackoffMaxMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  retries: 20,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 2_000,
};

/**
 * The wait before retry number `attempt` (0-based): exponential, capped, with ±20% jitter so
 * writers that failed together do not retry in lockstep. `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number): number {
  const exponential = options.retryBackoffMs * 2 ** Math.min(attempt, 30);
  const capped = Math.min(exponential, options.retryBackoffMaxMs);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(capped * jitter);
}

/**
 * Whether the same request may succeed after a pause and a metadata refresh: the server is
 * unreachable or slow, the bucket has no leader yet, the leader moved, or the tablet server has not
 * opened the bucket yet (it learns of new buckets at its next heartbeat). The error code says so
 * (rpc/error-codes.ts); a table that is really gone fails the metadata refresh of the retry instead.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof FlussError && error.retriable;
}

/** The error a client raises itself when metadata names no live leader for a bucket. */
export function noLeaderError(what: string): FlussError {
  return new FlussError('UNAVAILABLE', `No leader for ${what}`);
}

export interface RetryDependencies {
  policy: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Called before each retry's backoff, e.g. to count retries. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `operation` until it succeeds, fails with a non-retriable error, or has been retried
 * `policy.retries` times. `attempt` (0-based) lets the operation refresh metadata on retries, so a
 * failing refresh is classified like any other failure of the attempt.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, deps: RetryDependencies): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetriable(error) || attempt >= deps.policy.retries) throw error;
      deps.onRetry?.(error, attempt);
      await deps.sleep(backoffDelayMs(attempt, deps.policy, deps.random));
    }
  }
}
