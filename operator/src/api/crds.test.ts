import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flussClusterCrd, flussRebalanceCrd, flussTableCrd, renderCrdFiles } from './crds.ts';
import { crdTargetDirs } from './generate-crds.ts';

const root = join(import.meta.dirname, '../../..');

describe('generated CRD files', () => {
  for (const dir of crdTargetDirs) {
    it(`${dir}/ matches operator/src/api (run generate-crds.ts when this fails)`, () => {
      const expected = renderCrdFiles();
      const actual = readdirSync(join(root, dir))
        .filter((name) => name.endsWith('.yaml'))
        .sort();
      expect(actual).toEqual([...expected.keys()].sort());
      for (const [name, text] of expected) expect(readFileSync(join(root, dir, name), 'utf8'), name).toBe(text);
    });
  }
});

describe('FlussCluster CRD', () => {
  it('has a scale subresource on the tablet-server replicas', () => {
    expect(flussClusterCrd.spec.versions[0]?.subresources.scale).toEqual({
      specReplicasPath: '.spec.tabletServers.replicas',
      statusReplicasPath: '.status.tabletServers',
      labelSelectorPath: '.status.selector',
    });
  });
  it('keeps the claim template immutable but lets deleteClaimOnScaleDown change, defaulting to keep the claims', () => {
    const storage = flussClusterCrd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec']?.properties?.['tabletServers']?.properties?.['storage'];
    expect(storage?.properties?.['size']?.['x-kubernetes-validations']).toEqual([
      { rule: 'self == oldSelf', message: 'tablet-server storage size is immutable' },
    ]);
    expect(storage?.['x-kubernetes-validations']?.[0]?.rule).toBe('has(self.storageClassName) == has(oldSelf.storageClassName)');
    expect(storage?.properties?.['deleteClaimOnScaleDown']?.default).toBe(false);
  });
  it('prints the scaling and rolling-restart states', () => {
    const columns = flussClusterCrd.spec.versions[0]?.additionalPrinterColumns.map((column) => `${column.name} ${column.jsonPath}`);
    expect(columns).toContain('Rebalance .status.autoRebalance.state');
    expect(columns).toContain('Restart .status.rollingRestart.state');
  });
});

describe('FlussRebalance CRD', () => {
  it('names its cluster immutably and prints the state and progress', () => {
    const spec = flussRebalanceCrd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec'];
    expect(spec?.properties?.['clusterRef']?.['x-kubernetes-validations']).toEqual([{ rule: 'self == oldSelf', message: 'clusterRef is immutable' }]);
    expect(spec?.properties?.['goals']?.items?.enum).toEqual(['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION']);
    expect(flussRebalanceCrd.spec.versions[0]?.additionalPrinterColumns.map((column) => column.name)).toEqual([
      'Cluster',
      'State',
      'Proposed',
      'Done',
      'Total',
      'Rebalance ID',
      'Age',
    ]);
  });
});

describe('FlussTable CRD', () => {
  const spec = flussTableCrd.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec'];
  it('makes the cluster reference and the primary key immutable with CEL', () => {
    expect(spec?.properties?.['clusterRef']?.['x-kubernetes-validations']).toEqual([{ rule: 'self == oldSelf', message: 'clusterRef is immutable' }]);
    expect(spec?.properties?.['primaryKey']?.['x-kubernetes-validations']).toEqual([{ rule: 'self == oldSelf', message: 'primaryKey is immutable' }]);
  });
  it('defaults the deletion policy to Retain', () => {
    expect(spec?.properties?.['deletionPolicy']?.default).toBe('Retain');
  });
});
