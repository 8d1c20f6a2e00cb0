// A FlussCluster used by the builder and reconciler tests.
import type { FlussCluster } from '../api/types.ts';

export function sampleCluster(overrides: Partial<FlussCluster['spec']> = {}): FlussCluster {
  return {
    apiVersion: 'fluss.dev/v1alpha1',
    kind: 'FlussCluster',
    metadata: { name: 'demo', namespace: 'data', uid: 'uid-demo', generation: 1 },
    spec: { image: 'fluss-ts:0.1.0', tabletServers: { replicas: 3 }, ...overrides },
  };
}
