import { describe, expect, it } from 'vitest';
import { FlussError } from '../rpc/errors.ts';
import { backoffDelayMs, DEFAULT_RETRY_OPTIONS, isRetriable, withRetries } from './retry.ts';

const policy = { retries: 3, retryBackoffMs: 100, retryBackoffMaxMs: 1_000 };

describe('backoffDelayMs', () => {
  it('doubles per attempt up to the cap', () => {
    const middle = () => 0.5; // jitter factor 1.0
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelayMs(a, policy, middle))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });
  it('jitters within ±20%', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(80);
    expect(backoffDelayMs(0, policy, () => 0.999999)).toBe(120);
  });
});

describe('isRetriable', () => {
  it('retries unavailability, timeouts, leader moves and buckets not open yet, by code, nothing else', () => {
    expect(isRetriable(new FlussError('UNAVAILABLE', 'down'))).toBe(true);
    expect(isRetriable(new FlussError('DEADLINE_EXCEEDED', 'slow'))).toBe(true);
    expect(isRetriable(new FlussError('NOT_LEADER_OR_FOLLOWER', 'Server 2 does not lead bucket 1'))).toBe(true);
    expect(isRetriable(new FlussError('UNKNOWN_TABLE_OR_BUCKET', 'Unknown table bucket on this server'))).toBe(true);
    // The message does not matter, only the code.
    expect(isRetriable(new FlussError('FAILED_PRECONDITION', 'Server 2 is not leader of bucket 1'))).toBe(false);
    expect(isRetriable(new FlussError('UNKNOWN_TABLE', 'Table db.t does not exist'))).toBe(false);
    expect(isRetriable(new FlussError('INVALID_ARGUMENT', 'bad batch'))).toBe(false);
    expect(isRetriable(new Error('bug'))).toBe(false);
  });
  it('follows a retriable flag sent with the code', () => {
    expect(isRetriable(new FlussError('INTERNAL', "a newer server's code", { retriable: true }))).toBe(true);
  });
});

describe('withRetries', () => {
  const deps = (sleeps: number[]) => ({ policy, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 });

  it('retries retriable failures with backoff and tells the operation its attempt', async () => {
    const sleeps: number[] = [];
    const attempts: number[] = [];
    const result = await withRetries(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 2) throw new FlussError('UNAVAILABLE', 'down');
      return 'ok';
    }, deps(sleeps));
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after `retries` retries with the last error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new FlussError('UNAVAILABLE', `down ${calls}`);
      }, deps(sleeps)),
    ).rejects.toThrow('down 4');
    expect(calls).toBe(4);
  });

  it('does not retry permanent errors', async () => {
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new FlussError('NOT_FOUND', 'no table');
      }, deps([])),
    ).rejects.toThrow('no table');
    expect(calls).toBe(1);
  });

  it('has documented defaults', () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({ retries: 20, retryBackoffMs: 100, retryBackoffMaxMs: 2_000 });
  });
});
