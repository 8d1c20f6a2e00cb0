// Shared set-up of the operator e2e files: a control plane with our CRDs and the chart's RBAC.
import { join } from 'node:path';
import { binary, ControlPlane, runWithInput } from './controlplane/controlplane.ts';
import { eventually } from './wait.ts';

export const repoRoot = join(import.meta.dirname, '../..');
export const chartDir = join(repoRoot, 'charts/fluss-operator');

export interface KubeJson {
  metadata: {
    name: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export async function startControlPlaneWithCrds(): Promise<ControlPlane> {
  const controlPlane = new ControlPlane();
  await controlPlane.start();
  await controlPlane.kubectl(['apply', '--server-side', '-f', join(repoRoot, 'crds')]);
  await controlPlane.kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/flussclusters.fluss.dev',
    'crd/flusstables.fluss.dev',
    'crd/flussrebalances.fluss.dev',
  ]);
  await controlPlane.kubectl(['create', 'namespace', 'fluss-system']);
  // The chart's own RBAC: the operator runs with a token whose user is the chart's ServiceAccount,
  // so every test also proves the Role is enough (least privilege).
  const rbac = await runWithInput(binary('helm'), [
    'template',
    'fluss-operator',
    chartDir,
    '--namespace',
    'fluss-system',
    '--show-only',
    'templates/rbac.yaml',
    '--show-only',
    'templates/serviceaccount.yaml',
  ]);
  await controlPlane.kubectl(['apply', '-f', '-'], rbac);
  return controlPlane;
}

export async function getJson<T = KubeJson>(controlPlane: ControlPlane, args: string[]): Promise<T> {
  return JSON.parse(await controlPlane.kubectl([...args, '-o', 'json'])) as T;
}

export async function tryGetJson<T = KubeJson>(controlPlane: ControlPlane, args: string[]): Promise<T | undefined> {
  try {
    return await getJson<T>(controlPlane, args);
  } catch (error) {
    if (String(error).includes('NotFound')) return undefined;
    throw error;
  }
}

export function condition(object: KubeJson | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  const conditions = (object?.status?.['conditions'] ?? []) as Array<{ type: string; status: string; reason: string; message: string }>;
  return conditions.find((entry) => entry.type === type);
}

/** Waits until condition `type` of the FlussCluster is True and returns the cluster then. */
export async function waitClusterCondition(controlPlane: ControlPlane, namespace: string, name: string, type: string): Promise<KubeJson> {
  return eventually(`${type} on FlussCluster ${name}`, async () => {
    const current = await getJson(controlPlane, ['-n', namespace, 'get', 'flusscluster', name]);
    return condition(current, type)?.status === 'True' && current;
  });
}

/** The Warning Events of an object with this reason. */
export async function warningEvents(controlPlane: ControlPlane, namespace: string, name: string, reason: string): Promise<unknown[]> {
  const events = await getJson<{ items: unknown[] }>(controlPlane, [
    '-n',
    namespace,
    'get',
    'events',
    '--field-selector',
    `involvedObject.name=${name},reason=${reason},type=Warning`,
  ]);
  return events.items;
}
