// Builds the CustomResourceDefinitions from schema.ts. `node operator/src/api/generate-crds.ts` writes them to
// crds/ and to the chart; crds.test.ts fails when the committed files drift from this source.
import { stringify } from 'yaml';
import { group, version } from './constants.ts';
import { flussClusterSchema, flussRebalanceSchema, flussTableSchema, type JsonSchema } from './schema.ts';

interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean';
  jsonPath: string;
  description?: string;
  priority?: number;
}

interface CrdInput {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  schema: JsonSchema;
  printerColumns: PrinterColumn[];
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath: string };
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames: string[]; categories: string[] };
    scope: 'Namespaced';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JsonSchema };
      subresources: { status: Record<string, never>; scale?: NonNullable<CrdInput['scale']> };
      additionalPrinterColumns: PrinterColumn[];
    }>;
  };
}

const ageColumn: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function crd(input: CrdInput): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${input.plural}.${group}`, labels: { 'app.kubernetes.io/part-of': 'fluss' } },
    spec: {
      group,
      names: {
        kind: input.kind,
        listKind: `${input.kind}List`,
        plural: input.plural,
        singular: input.singular,
        shortNames: input.shortNames,
        categories: ['fluss'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: input.schema },
          subresources: input.scale ? { status: {}, scale: input.scale } : { status: {} },
          additionalPrinterColumns: input.printerColumns,
        },
      ],
    },
  };
}

export const flussClusterCrd = crd({
  kind: 'FlussCluster',
  plural: 'flussclusters',
  singular: 'flusscluster',
  shortNames: ['fc', 'fluss'],
  schema: flussClusterSchema,
  // `kubectl scale flusscluster/x --replicas=N` changes the tablet-server count.
  scale: {
    specReplicasPath: '.spec.tabletServers.replicas',
    statusReplicasPath: '.status.tabletServers',
    labelSelectorPath: '.status.selector',
  },
  printerColumns: [
    { name: 'Ready', type: 'integer', jsonPath: '.status.readyTabletServers', description: 'Ready tablet servers' },
    { name: 'Desired', type: 'integer', jsonPath: '.spec.tabletServers.replicas', description: 'Desired tablet servers' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Rebalance', type: 'string', jsonPath: '.status.autoRebalance.state', description: 'Idle, RebalanceOnScaleUp or RebalanceOnScaleDown' },
    { name: 'Restart', type: 'string', jsonPath: '.status.rollingRestart.state', description: 'Rolling restart of the tablet servers' },
    { name: 'Step', type: 'string', jsonPath: '.status.autoRebalance.step', priority: 1 },
    { name: 'Moves Done', type: 'integer', jsonPath: '.status.autoRebalance.movesDone', priority: 1 },
    { name: 'Moves', type: 'integer', jsonPath: '.status.autoRebalance.movesTotal', priority: 1 },
    { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 },
    ageColumn,
  ],
});

export const flussTableCrd = crd({
  kind: 'FlussTable',
  plural: 'flusstables',
  singular: 'flusstable',
  shortNames: ['ft'],
  schema: flussTableSchema,
  printerColumns: [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef.name' },
    { name: 'Database', type: 'string', jsonPath: '.spec.database' },
    { name: 'Table', type: 'string', jsonPath: '.spec.name' },
    { name: 'Buckets', type: 'integer', jsonPath: '.status.buckets' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Table ID', type: 'integer', jsonPath: '.status.tableId', priority: 1 },
    { name: 'Remote Bytes', type: 'integer', jsonPath: '.status.remoteLogBytes', priority: 1, description: 'Bytes in object storage' },
    ageColumn,
  ],
});

export const flussRebalanceCrd = crd({
  kind: 'FlussRebalance',
  plural: 'flussrebalances',
  singular: 'flussrebalance',
  shortNames: ['frb'],
  schema: flussRebalanceSchema,
  printerColumns: [
    { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterRef.name' },
    { name: 'State', type: 'string', jsonPath: '.status.state' },
    { name: 'Proposed', type: 'integer', jsonPath: '.status.proposal.movesTotal', description: 'Moves in the proposal' },
    { name: 'Done', type: 'integer', jsonPath: '.status.progress.movesDone', description: 'Moves completed' },
    { name: 'Total', type: 'integer', jsonPath: '.status.progress.movesTotal', description: 'Moves of the running plan' },
    { name: 'Rebalance ID', type: 'string', jsonPath: '.status.rebalanceId', priority: 1 },
    ageColumn,
  ],
});

export const allCrds = [flussClusterCrd, flussTableCrd, flussRebalanceCrd];

export const generatedHeader = '# Generated from operator/src/api (node operator/src/api/generate-crds.ts). Do not edit.\n';

/** File name -> YAML text, the same for crds/ and the chart's crds/. */
export function renderCrdFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const definition of allCrds) {
    files.set(`${definition.metadata.name}.yaml`, generatedHeader + stringify(definition, { lineWidth: 0 }));
  }
  return files;
}
