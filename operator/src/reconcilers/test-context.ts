// Shared set-up for reconciler unit tests.
import { pino } from 'pino';
import { FakeKubeApi } from '../kube/fake-kube-api.ts';
import { ManualTimers } from '../runtime/manual-timers.ts';
import { createMetrics } from '../runtime/metrics.ts';
import type { ReconcilerContext } from './context.ts';

export function testContext(): ReconcilerContext & { api: FakeKubeApi; timers: ManualTimers } {
  return { api: new FakeKubeApi(), timers: new ManualTimers(Date.parse('2026-11-26T12:00:00Z')), log: pino({ level: 'silent' }), metrics: createMetrics() };
}
