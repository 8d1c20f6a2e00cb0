import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Timers } from '../common/timers.ts';
import { FlussError } from '../rpc/errors.ts';
import type { ControlledShutdownResponse__Output } from '../rpc/generated/fluss/v1/ControlledShutdownResponse.ts';
import { describeShutdown, shutDownControlled } from './controlled-shutdown.ts';

/** Time that passes only by sleeping (each sleep moves the clock at once). */
function sleepingClock(): Timers {
  let now = 0;
  return {
    now: () => now,
    schedule: () => () => undefined,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

const answer = (moved: number, remaining: number, stranded = 0): ControlledShutdownResponse__Output => ({
  movedLeaderships: moved,
  remainingLeaderships: remaining,
  strandedLeaderships: stranded,
});

/** Runs a controlled shutdown against a coordinator giving `answers` in turn (an Error: the call fails). */
async function run(answers: Array<ControlledShutdownResponse__Output | Error>, timeoutMs = 10_000) {
  const asked: Array<{ serverId: number; clusterId: string }> = [];
  let refreshes = 0;
  const outcome = await shutDownControlled({
    coordinator: {
      controlledShutdown: async (request) => {
        asked.push({ serverId: request.serverId ?? -1, clusterId: request.clusterId ?? '' });
        const next = answers[Math.min(asked.length - 1, answers.length - 1)]!;
        if (next instanceof Error) throw next;
        return next;
      },
    },
    serverId: 4,
    clusterId: () => 'cluster-a',
    timers: sleepingClock(),
    logger: pino({ level: 'silent' }),
    timeoutMs,
    retryMs: 500,
    applyNewRoles: async () => {
      refreshes++;
    },
  });
  return { outcome, asked, refreshes };
}

describe('shutDownControlled (a stopping tablet server)', () => {
  it('asks until no leadership remains, taking in its new roles after each answer', async () => {
    const { outcome, asked, refreshes } = await run([answer(2, 1), new FlussError('UNAVAILABLE', 'coordinator restarting'), answer(1, 0)]);
    expect(outcome).toEqual({ result: 'done', moved: 3, remaining: 0, attempts: 3 });
    expect(asked).toEqual(Array(3).fill({ serverId: 4, clusterId: 'cluster-a' }));
    expect(refreshes).toBe(2);
    expect(describeShutdown(4, outcome)).toBe('Controlled shutdown: moved 3 leaderships off tablet server 4; it leads no replicated bucket');
  });

  it('stops asking when what remains has no other live replica (the whole cluster stopping)', async () => {
    const { outcome, asked } = await run([answer(0, 2, 2)]);
    expect(outcome).toMatchObject({ result: 'stranded', remaining: 2 });
    expect(asked).toHaveLength(1);
  });

  it('gives up after controlled.shutdown.timeout, leaderships left or no answer at all', async () => {
    const left = await run([answer(1, 1), answer(0, 1)], 2_000);
    expect(left.outcome).toMatchObject({ result: 'timeout', moved: 1, remaining: 1 });
    // 2 s at a 500 ms pause: the first ask, then three more.
    expect(left.asked).toHaveLength(4);
    expect(describeShutdown(4, left.outcome)).toContain('timed out (controlled.shutdown.timeout): moved 1 leadership off tablet server 4; 1 left');
    const silent = await run([new FlussError('UNAVAILABLE', 'down')], 1_000);
    expect(silent.outcome).toMatchObject({ result: 'timeout', remaining: -1 });
    expect(describeShutdown(4, silent.outcome)).toContain('the coordinator did not answer in time');
  });

  it('a coordinator of another cluster refusing it ends the asking at once', async () => {
    const { outcome, asked } = await run([new FlussError('CLUSTER_ID_MISMATCH', 'other cluster')]);
    expect(outcome.result).toBe('refused');
    expect(asked).toHaveLength(1);
  });
});
