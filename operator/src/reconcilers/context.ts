// What every reconciler gets from the composition root.
import type { Logger } from 'pino';
import type { KubeApi } from '../kube/kube-api.ts';
import type { OperatorMetrics } from '../runtime/metrics.ts';
import type { Timers } from '../runtime/timers.ts';

export interface ReconcilerContext {
  api: KubeApi;
  timers: Timers;
  log: Logger;
  metrics: OperatorMetrics;
}
