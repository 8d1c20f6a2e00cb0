// The kinds the operator touches and their REST paths. A fixed table instead of discovery:
// the operator's RBAC lists exactly these, and a typo fails loudly here instead of at runtime.
import type { ObjectRef } from './kube-api.ts';

interface Resource {
  plural: string;
  namespaced: boolean;
}

const resourcesByKey: Record<string, Resource> = {
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/Event': { plural: 'events', namespaced: true },
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Node': { plural: 'nodes', namespaced: false },
  'v1/PersistentVolume': { plural: 'persistentvolumes', namespaced: false },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'apps/v1/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'policy/v1/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'coordination.k8s.io/v1/Lease': { plural: 'leases', namespaced: true },
  'fluss.dev/v1alpha1/FlussCluster': { plural: 'flussclusters', namespaced: true },
  'fluss.dev/v1alpha1/FlussTable': { plural: 'flusstables', namespaced: true },
  'fluss.dev/v1alpha1/FlussRebalance': { plural: 'flussrebalances', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
};

function resource(apiVersion: string, kind: string): Resource {
  const found = resourcesByKey[`${apiVersion}/${kind}`];
  if (!found) throw new TypeError(`Unknown kind for the operator: ${apiVersion} ${kind}`);
  return found;
}

function groupPrefix(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Collection path, e.g. /apis/apps/v1/namespaces/ns/statefulsets (all namespaces without one). */
export function collectionPath(apiVersion: string, kind: string, namespace: string | undefined): string {
  const { plural, namespaced } = resource(apiVersion, kind);
  const scope = namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupPrefix(apiVersion)}${scope}/${plural}`;
}

export function objectPath(ref: ObjectRef, subresource?: 'status' | 'scale'): string {
  const { namespaced } = resource(ref.apiVersion, ref.kind);
  if (namespaced && !ref.namespace) throw new TypeError(`${ref.kind}/${ref.name} needs a namespace`);
  const base = `${collectionPath(ref.apiVersion, ref.kind, namespaced ? ref.namespace : undefined)}/${encodeURIComponent(ref.name)}`;
  return subresource ? `${base}/${subresource}` : base;
}
