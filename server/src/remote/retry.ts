import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectStoreError } from './object-store-error.ts';

/** How often and how patiently a retriable (`unavailable`) failure is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. @default 6 */
  maxAttempts?: number;
  /** The backoff before the second try; doubles each time. @default 100 */
  baseDelayMs?: number;
  /** The longest backoff. @default 5000 */
  maxDelayMs?: number;
  /** Told before each backoff (logs, metrics, tests). */
  onRetry?: (event: { attempt: number; delayMs: number; error: ObjectStoreError }) => void;
}

/**
 * Runs `operation` until it succeeds, fails with anything but a retriable ObjectStoreError, or has
 * been tried `maxAttempts` times (then the last error is thrown). Backoff is "full jitter": a random
 * wait up to the exponential bound, so that servers that failed together do not retry together.
 * `operation` learns which try it is (1-based), for work that depends on an earlier try's fate.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy = {}, random: () => number = Math.random): Promise<T> {
  const maxAttempts = policy.maxAttempts ?? 6;
  const baseDelayMs = policy.baseDelayMs ?? 100;
  const maxDelayMs = policy.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!(error instanceof ObjectStoreError) || !error.retriable || attempt >= maxAttempts) throw error;
      const delayMs = Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      policy.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
