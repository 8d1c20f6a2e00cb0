import { describe, expect, it } from 'vitest';
import { ObjectStoreError } from './object-store-error.ts';
import { withRetries } from './retry.ts';

const unavailable = (): ObjectStoreError => new ObjectStoreError('unavailable', 'down');

describe('withRetries', () => {
  it('retries unavailable failures with full-jitter exponential backoff, capped, then throws the last', async () => {
    const delays: number[] = [];
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw unavailable();
      },
      { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 10, onRetry: ({ delayMs }) => void delays.push(delayMs) },
      () => 0.5,
    );
    await expect(run).rejects.toMatchObject({ code: 'unavailable' });
    expect(calls).toBe(5);
    expect(delays).toEqual([2, 4, 5, 5]); // half of 4, 8, then of the cap 10
  });

  it('returns once a try succeeds, telling each try its number', async () => {
    const seen: number[] = [];
    const result = await withRetries(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw unavailable();
        return 'done';
      },
      { baseDelayMs: 1 },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('does not retry permanent failures or errors that are not ObjectStoreErrors', async () => {
    for (const error of [new ObjectStoreError('denied', 'no'), new ObjectStoreError('exists', 'taken'), new TypeError('bug')]) {
      let calls = 0;
      await expect(
        withRetries(async () => {
          calls++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });
});
