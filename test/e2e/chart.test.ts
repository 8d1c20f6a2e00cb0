// The Helm chart, checked with the real Helm v4 (extracted by controlplane/build.sh).
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { binary, ensureBinaries, runWithInput } from './controlplane/controlplane.ts';
import { chartDir } from './cluster-fixture.ts';

const helm = (args: string[]) => runWithInput(binary('helm'), args);

interface Rendered {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
}

async function render(...sets: string[]): Promise<Rendered[]> {
  const text = await helm(['template', 'fluss-operator', chartDir, '--namespace', 'fluss-system', ...sets.flatMap((set) => ['--set', set])]);
  return parseAllDocuments(text)
    .map((document) => document.toJSON() as Rendered)
    .filter(Boolean);
}

beforeAll(async () => {
  await ensureBinaries(['helm']);
});

describe('charts/fluss-operator', () => {
  it('passes helm lint, also with the sample cluster and a watched namespace', async () => {
    expect(await helm(['lint', chartDir])).toContain('0 chart(s) failed');
    expect(await helm(['lint', chartDir, '--set', 'sampleCluster.enabled=true', '--set', 'watchNamespace=apps'])).toContain('0 chart(s) failed');
  });

  it('renders the operator Deployment, least-privilege RBAC and no sample by default', async () => {
    const objects = await render();
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ClusterRole/fluss-operator',
      'ClusterRoleBinding/fluss-operator',
      'Deployment/fluss-operator',
      'Role/fluss-operator-leader-election',
      'RoleBinding/fluss-operator-leader-election',
      'Service/fluss-operator-metrics',
      'ServiceAccount/fluss-operator',
    ]);
    const role = objects.find((object) => object.kind === 'ClusterRole');
    const verbs = new Set(role?.rules?.flatMap((rule) => rule.verbs));
    expect(verbs.has('delete')).toBe(false);
    // Secrets are read one by one (get), never listed or watched.
    expect(role?.rules?.filter((rule) => rule.resources.includes('secrets')).map((rule) => rule.verbs)).toEqual([['get']]);
  });

  it('switches to a namespaced Role when one namespace is watched, and renders the sample cluster', async () => {
    const objects = await render('watchNamespace=apps', 'sampleCluster.enabled=true', 'sampleCluster.tabletServers=5');
    expect(objects.find((object) => object.kind === 'Role' && object.metadata.name === 'fluss-operator')?.metadata.namespace).toBe('apps');
    expect(objects.some((object) => object.kind === 'ClusterRole')).toBe(false);
    const sample = objects.find((object) => object.kind === 'FlussCluster');
    expect(sample?.spec).toEqual({ image: 'ghcr.io/fluss-ts/fluss:0.1.0', tabletServers: { replicas: 5 } });
    const deployment = objects.find((object) => object.kind === 'Deployment');
    expect(JSON.stringify(deployment)).toContain('--namespace=apps');
  });

  it('refuses values that break values.schema.json', async () => {
    await expect(render('replicaCount=-1')).rejects.toThrow('minimum');
    await expect(render('logLevel=loud')).rejects.toThrow('logLevel');
  });

  it('ships the generated CRDs', async () => {
    const crds = await helm(['show', 'crds', chartDir]);
    expect(crds).toContain('name: flussclusters.fluss.dev');
    expect(crds).toContain('name: flusstables.fluss.dev');
    expect(crds).toContain('name: flussrebalances.fluss.dev');
  });
});
