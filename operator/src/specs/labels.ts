import { labels } from '../api/constants.ts';

export type Component = 'coordinator' | 'tablet-server';

/** Labels every object of one cluster carries. */
export function clusterLabels(clusterName: string): Record<string, string> {
  return {
    [labels.name]: 'fluss',
    [labels.instance]: clusterName,
    [labels.managedBy]: 'fluss-operator',
    [labels.cluster]: clusterName,
  };
}

/** The stable subset used in selectors (selectors of StatefulSets cannot change later). */
export function selectorLabels(clusterName: string, component: Component): Record<string, string> {
  return { [labels.cluster]: clusterName, [labels.component]: component };
}

export function componentLabels(clusterName: string, component: Component): Record<string, string> {
  return { ...clusterLabels(clusterName), ...selectorLabels(clusterName, component) };
}

/** `a=b,c=d` as the scale subresource and label-selector queries want it. */
export function selectorString(selector: Record<string, string>): string {
  return Object.entries(selector)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
