import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flussClusterCrd, flussTableCrd, renderCrdFiles } from './crds.ts';
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
