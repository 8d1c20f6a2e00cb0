// Prometheus metrics of the operator, on its own registry (no global state between tests).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface OperatorMetrics {
  registry: Registry;
  reconcileTotal: Counter<'controller' | 'result'>;
  reconcileSeconds: Histogram<'controller'>;
  queueDepth: Gauge<'controller'>;
  kubeWritesTotal: Counter<'verb' | 'kind'>;
  leader: Gauge;
}

export function createMetrics(): OperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fluss_operator_' });
  return {
    registry,
    reconcileTotal: new Counter({
      name: 'fluss_operator_reconcile_total',
      help: 'Reconciles by controller and result',
      labelNames: ['controller', 'result'],
      registers: [registry],
    }),
    reconcileSeconds: new Histogram({
      name: 'fluss_operator_reconcile_seconds',
      help: 'Reconcile duration',
      labelNames: ['controller'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'fluss_operator_workqueue_depth',
      help: 'Keys waiting in the work queue',
      labelNames: ['controller'],
      registers: [registry],
    }),
    kubeWritesTotal: new Counter({
      name: 'fluss_operator_kube_writes_total',
      help: 'Writes sent to the Kubernetes API',
      labelNames: ['verb', 'kind'],
      registers: [registry],
    }),
    leader: new Gauge({ name: 'fluss_operator_leader', help: '1 while this process holds the leader lease', registers: [registry] }),
  };
}
