import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Controller, done, requeueAfter, type ReconcileResult } from './controller.ts';
import { ManualTimers } from './manual-timers.ts';
import { createMetrics } from './metrics.ts';

function controllerWith(results: Array<ReconcileResult | Error>) {
  const timers = new ManualTimers();
  const seen: string[] = [];
  const controller = new Controller(
    {
      name: 'test',
      workers: 1,
      reconcile: async (key) => {
        seen.push(key);
        const next = results.shift() ?? done;
        if (next instanceof Error) throw next;
        return next;
      },
    },
    timers,
    pino({ level: 'silent' }),
    createMetrics(),
  );
  return { controller, timers, seen };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('Controller', () => {
  it('retries a throwing reconcile with backoff and forgets the failures after a success', async () => {
    const { controller, timers, seen } = controllerWith([new Error('boom'), new Error('boom'), done]);
    controller.start();
    controller.enqueue('ns/a');
    await settle();
    expect(seen).toEqual(['ns/a']);
    expect(controller.queue.failures('ns/a')).toBe(1);
    timers.advance(499);
    await settle();
    expect(seen).toHaveLength(1);
    timers.advance(1);
    await settle();
    expect(seen).toHaveLength(2);
    timers.advance(1000);
    await settle();
    expect(seen).toHaveLength(3);
    expect(controller.queue.failures('ns/a')).toBe(0);
    await controller.stop();
  });

  it('requeues after the asked delay without counting a failure', async () => {
    const { controller, timers, seen } = controllerWith([requeueAfter(5000), done]);
    controller.start();
    controller.enqueue('ns/a');
    await settle();
    timers.advance(4999);
    await settle();
    expect(seen).toHaveLength(1);
    timers.advance(1);
    await settle();
    expect(seen).toHaveLength(2);
    expect(controller.queue.failures('ns/a')).toBe(0);
    await controller.stop();
  });
});
