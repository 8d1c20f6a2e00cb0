// Names shared by the CRDs, the builders and the reconcilers.

export const group = 'fluss.dev';
export const version = 'v1alpha1';
export const apiVersion = `${group}/${version}`;

export const fieldManager = 'fluss-operator';
export const tableFinalizer = `${group}/table-cleanup`;

/** Label keys on every object the operator owns (the app.kubernetes.io set plus our own). */
export const labels = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  cluster: `${group}/cluster`,
} as const;

/**
 * `"true"` on a FlussCluster or FlussTable stops its reconciling (condition ReconciliationPaused)
 * until the annotation is removed or set to anything else.
 */
export const pauseAnnotation = `${group}/pause-reconciliation`;

/**
 * On a FlussRebalance: `approve` runs the proposed rebalance, `stop` cancels it, `refresh`
 * computes a new proposal. The operator removes the annotation once it has acted on it.
 */
export const rebalanceAnnotation = `${group}/rebalance`;

/** Pod template annotation: changes when the rendered server config changes, which rolls the pods. */
export const configHashAnnotation = `${group}/config-hash`;

export const coordinatorPortDefault = 9123;
export const tabletServerPortDefault = 9124;
