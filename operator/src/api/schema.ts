// OpenAPI v3 schemas of the resources, with the CEL rules that guard what may not change.
// Kept next to types.ts; crds.ts wraps them into CustomResourceDefinitions.

export interface CelRule {
  rule: string;
  message: string;
  /** Needed for rules that compare with oldSelf on optional fields. */
  optionalOldSelf?: boolean;
}

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  'x-kubernetes-validations'?: CelRule[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });
const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});
const stringList = (description: string): JsonSchema => ({
  type: 'array',
  description,
  // Bounds keep the CEL cost estimate of the membership rules below the apiserver's budget.
  maxItems: 64,
  items: { type: 'string', minLength: 1, maxLength: 128 },
  'x-kubernetes-list-type': 'atomic',
});
const immutable = (what: string): CelRule => ({ rule: 'self == oldSelf', message: `${what} is immutable` });

const quantity: JsonSchema = {
  'x-kubernetes-int-or-string': true,
  pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
};

const resources: JsonSchema = {
  type: 'object',
  description: 'CPU and memory requests and limits of the container',
  properties: {
    requests: { type: 'object', additionalProperties: quantity },
    limits: { type: 'object', additionalProperties: quantity },
  },
};

function storage(owner: string): JsonSchema {
  return {
    type: 'object',
    description: `A PersistentVolumeClaim per ${owner} pod; without it the pods use an emptyDir`,
    required: ['size'],
    properties: {
      size: { ...quantity, description: 'Requested size, e.g. 10Gi' },
      storageClassName: str('StorageClass of the claims; empty uses the default class'),
    },
    // Volume claim templates of a StatefulSet cannot change after creation.
    'x-kubernetes-validations': [immutable(`${owner} storage`)],
  };
}

/** Tablet-server claims: the claim template is immutable, what happens to claims on scale-down is not. */
function tabletServerStorage(): JsonSchema {
  const base = storage('tablet-server');
  return {
    ...base,
    properties: {
      size: { ...base.properties?.['size'], 'x-kubernetes-validations': [immutable('tablet-server storage size')] },
      storageClassName: { ...base.properties?.['storageClassName'], 'x-kubernetes-validations': [immutable('tablet-server storageClassName')] },
      deleteClaimOnScaleDown: {
        type: 'boolean',
        default: false,
        description:
          'Delete the claims of the servers a scale-down removes, once their data was moved away; false keeps them (persistentVolumeClaimRetentionPolicy.whenScaled)',
      },
    },
    // Field rules run only where both versions have the field: adding or removing a class is caught here.
    'x-kubernetes-validations': [
      { rule: 'has(self.storageClassName) == has(oldSelf.storageClassName)', message: 'tablet-server storageClassName is immutable' },
    ],
  };
}

/** How fast a rebalance may go: the same knobs for scaling (spec.autoRebalance) and FlussRebalance. */
const rebalanceLimits: Record<string, JsonSchema> = {
  maxConcurrentMoves: {
    type: 'integer',
    minimum: 1,
    maximum: 10000,
    description: "Buckets moved at once; absent: the coordinator's rebalance.max-concurrent-moves",
  },
  throttleBytesPerSecond: {
    type: 'integer',
    minimum: 1,
    description: 'Bytes per second each tablet server fetches for the replicas it gains; absent: unthrottled',
  },
};

/** A FlussCluster of the same namespace, fixed once set. */
function clusterRef(description: string): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['name'],
    properties: { name: str('FlussCluster name', { minLength: 1 }) },
    'x-kubernetes-validations': [immutable('clusterRef')],
  };
}

const autoRebalance: JsonSchema = {
  type: 'object',
  description: 'Rebalancing when the tablet-server count changes (status.autoRebalance)',
  properties: {
    onScaleUp: { type: 'boolean', default: true, description: 'Rebalance onto new servers after a scale-up; a scale-down always drains first' },
    ...rebalanceLimits,
  },
};

const placement: JsonSchema = {
  type: 'object',
  description: 'Where the pods may run',
  properties: {
    nodeSelector: stringMap('Node labels the pods require'),
    tolerations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          operator: { type: 'string', enum: ['Exists', 'Equal'] },
          value: { type: 'string' },
          effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
          tolerationSeconds: { type: 'integer' },
        },
      },
    },
    affinity: {
      type: 'object',
      description: 'A core/v1 Affinity, passed to the pods unchanged',
      'x-kubernetes-preserve-unknown-fields': true,
    },
  },
};

const objectStorage: JsonSchema = {
  type: 'object',
  description: 'S3-compatible object storage for remote log segments, KV snapshots and the lakehouse',
  required: ['endpoint', 'bucket'],
  properties: {
    endpoint: str('S3 endpoint URL, e.g. http://minio.storage:9000', { minLength: 1 }),
    bucket: str('Bucket name', { minLength: 3, maxLength: 63 }),
    region: str('Region; many S3-compatible stores accept any value'),
    pathStyleAccess: { type: 'boolean', description: 'Use path-style URLs (MinIO and most self-hosted stores)' },
    credentialsSecretRef: {
      type: 'object',
      description: 'Secret with the access key pair',
      required: ['name'],
      properties: {
        name: str('Secret name in the cluster namespace', { minLength: 1 }),
        accessKeyIdKey: str('Key of the access key id', { default: 'AWS_ACCESS_KEY_ID' }),
        secretAccessKeyKey: str('Key of the secret access key', { default: 'AWS_SECRET_ACCESS_KEY' }),
      },
    },
    remoteDataPrefix: str('Prefix for remote log segments and KV snapshots', { default: 'remote' }),
    lakehousePrefix: str('Prefix for lakehouse tables', { default: 'lake' }),
  },
};

export const flussClusterSpecSchema: JsonSchema = {
  type: 'object',
  required: ['image', 'tabletServers'],
  properties: {
    image: str('Image that runs the coordinator and the tablet servers', { minLength: 1 }),
    imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
    coordinator: {
      type: 'object',
      properties: { resources, storage: storage('coordinator') },
    },
    tabletServers: {
      type: 'object',
      required: ['replicas'],
      properties: {
        replicas: { type: 'integer', minimum: 0, maximum: 1000, description: 'Number of tablet servers' },
        resources,
        storage: tabletServerStorage(),
      },
    },
    config: stringMap('Server config overrides (key=value), rendered into server.properties'),
    objectStorage: {
      ...objectStorage,
      'x-kubernetes-validations': [
        {
          rule: 'self.endpoint.startsWith("http://") || self.endpoint.startsWith("https://")',
          message: 'objectStorage.endpoint must be an http:// or https:// URL',
        },
      ],
    },
    placement,
    autoRebalance,
  },
};

const autoRebalanceStatus: JsonSchema = {
  type: 'object',
  description: 'The scaling state machine: Idle, RebalanceOnScaleUp or RebalanceOnScaleDown',
  required: ['state'],
  properties: {
    state: { type: 'string', enum: ['Idle', 'RebalanceOnScaleUp', 'RebalanceOnScaleDown'] },
    step: { type: 'string', enum: ['WaitingForServers', 'Rebalancing', 'Draining', 'Shrinking', 'Canceling'] },
    servers: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-list-type': 'atomic' },
    fromReplicas: { type: 'integer' },
    toReplicas: { type: 'integer' },
    rebalanceId: { type: 'string' },
    movesDone: { type: 'integer' },
    movesTotal: { type: 'integer' },
    message: { type: 'string' },
    lastError: { type: 'string' },
    lastTransitionTime: { type: 'string', format: 'date-time' },
  },
};

const rollingRestartStatus: JsonSchema = {
  type: 'object',
  description: 'The tablet-server rolling restart: Idle, Restarting or Waiting',
  required: ['state'],
  properties: {
    state: { type: 'string', enum: ['Idle', 'Restarting', 'Waiting'] },
    server: { type: 'integer' },
    remaining: { type: 'integer' },
    message: { type: 'string' },
  },
};

const clusterStatusSchema: JsonSchema = {
  type: 'object',
  properties: {
    observedGeneration: { type: 'integer' },
    conditions: conditionsSchema(),
    phase: { type: 'string' },
    readyTabletServers: { type: 'integer' },
    tabletServers: { type: 'integer' },
    selector: { type: 'string' },
    coordinatorReady: { type: 'boolean' },
    configHash: { type: 'string' },
    autoRebalance: autoRebalanceStatus,
    rollingRestart: rollingRestartStatus,
  },
};

const identifier = '^[A-Za-z_][A-Za-z0-9_]*$';

const column: JsonSchema = {
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: str('Column name', { pattern: identifier, maxLength: 128 }),
    type: str('SQL-like type, e.g. BIGINT, STRING, DECIMAL(10,2), TIMESTAMP_LTZ(3)', {
      minLength: 1,
      maxLength: 256,
      pattern: '^[A-Za-z][A-Za-z0-9_(), <>]*$',
    }),
    nullable: { type: 'boolean', default: true },
    comment: { type: 'string' },
  },
};

export const flussTableSpecSchema: JsonSchema = {
  type: 'object',
  required: ['clusterRef', 'database', 'name', 'schema'],
  properties: {
    clusterRef: clusterRef('The FlussCluster (same namespace) that hosts the table'),
    database: str('Database of the table', { pattern: identifier, 'x-kubernetes-validations': [immutable('database')] }),
    name: str('Table name', { pattern: identifier, 'x-kubernetes-validations': [immutable('name')] }),
    schema: {
      type: 'object',
      required: ['columns'],
      properties: {
        columns: {
          type: 'array',
          minItems: 1,
          maxItems: 1024,
          items: column,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
      },
    },
    primaryKey: { ...stringList('Primary-key columns; empty makes a log table'), 'x-kubernetes-validations': [immutable('primaryKey')] },
    bucketKey: { ...stringList('Columns that choose the bucket'), 'x-kubernetes-validations': [immutable('bucketKey')] },
    buckets: {
      type: 'integer',
      minimum: 1,
      maximum: 1024,
      description: 'Number of buckets',
      'x-kubernetes-validations': [immutable('buckets')],
    },
    partitionKeys: { ...stringList('Partition columns'), 'x-kubernetes-validations': [immutable('partitionKeys')] },
    properties: stringMap('Table properties; these may change'),
    comment: { type: 'string' },
    deletionPolicy: {
      type: 'string',
      enum: ['Retain', 'Delete'],
      default: 'Retain',
      description: 'Delete drops the table in Fluss when this resource is deleted; Retain keeps it',
    },
  },
  'x-kubernetes-validations': [
    {
      rule: '!has(self.primaryKey) || self.primaryKey.all(k, self.schema.columns.exists(c, c.name == k))',
      message: 'every primaryKey column must be a column of the schema',
    },
    {
      rule: '!has(self.bucketKey) || self.bucketKey.all(k, self.schema.columns.exists(c, c.name == k))',
      message: 'every bucketKey column must be a column of the schema',
    },
    {
      rule: '!has(self.partitionKeys) || self.partitionKeys.all(k, self.schema.columns.exists(c, c.name == k))',
      message: 'every partitionKeys column must be a column of the schema',
    },
    {
      rule: '!has(self.bucketKey) || !has(self.primaryKey) || size(self.primaryKey) == 0 || self.bucketKey.all(k, k in self.primaryKey)',
      message: 'bucketKey of a primary-key table must be a subset of the primary key',
    },
  ],
};

const tableStatusSchema: JsonSchema = {
  type: 'object',
  properties: {
    observedGeneration: { type: 'integer' },
    conditions: conditionsSchema(),
    phase: { type: 'string' },
    tableId: { type: 'integer' },
    buckets: { type: 'integer' },
    managedProperties: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
    remoteLogBytes: { type: 'integer', description: 'Bytes of log segments the table keeps in object storage (all buckets)' },
    remoteLogSegments: { type: 'integer', description: 'Log segments the table keeps in object storage (all buckets)' },
  },
};

function conditionsSchema(): JsonSchema {
  return {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
    items: {
      type: 'object',
      required: ['type', 'status', 'reason', 'message', 'lastTransitionTime'],
      properties: {
        type: { type: 'string' },
        status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
        reason: { type: 'string' },
        message: { type: 'string' },
        lastTransitionTime: { type: 'string', format: 'date-time' },
        observedGeneration: { type: 'integer' },
      },
    },
  };
}

export function resourceSchema(spec: JsonSchema, status: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec,
      status,
    },
  };
}

const rebalanceGoals = ['RACK_AWARE', 'REPLICA_DISTRIBUTION', 'LEADER_DISTRIBUTION'];

export const flussRebalanceSpecSchema: JsonSchema = {
  type: 'object',
  required: ['clusterRef'],
  properties: {
    clusterRef: clusterRef('The FlussCluster (same namespace) to rebalance'),
    goals: {
      type: 'array',
      description: 'Goals in priority order; empty: all three',
      maxItems: 3,
      items: { type: 'string', enum: rebalanceGoals },
      'x-kubernetes-list-type': 'set',
    },
    ...rebalanceLimits,
  },
};

const moveSummary: JsonSchema = {
  type: 'object',
  required: ['table', 'bucket', 'from', 'to'],
  properties: {
    table: { type: 'string' },
    bucket: { type: 'integer' },
    from: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-list-type': 'atomic' },
    to: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-list-type': 'atomic' },
    status: { type: 'string' },
  },
};

const rebalanceStatusSchema: JsonSchema = {
  type: 'object',
  properties: {
    observedGeneration: { type: 'integer' },
    conditions: conditionsSchema(),
    state: { type: 'string', enum: ['PendingProposal', 'ProposalReady', 'Rebalancing', 'Stopping', 'Stopped', 'Ready', 'NotReady'] },
    rebalanceId: { type: 'string' },
    proposal: {
      type: 'object',
      properties: {
        goals: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
        movesTotal: { type: 'integer' },
        moves: { type: 'array', items: moveSummary, 'x-kubernetes-list-type': 'atomic' },
        unmovable: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
        computedAt: { type: 'string', format: 'date-time' },
      },
    },
    progress: {
      type: 'object',
      properties: {
        movesTotal: { type: 'integer' },
        movesDone: { type: 'integer' },
        movesFailed: { type: 'integer' },
        movesCanceled: { type: 'integer' },
        coordinatorState: { type: 'string' },
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};

export const flussClusterSchema = resourceSchema(flussClusterSpecSchema, clusterStatusSchema);
export const flussTableSchema = resourceSchema(flussTableSpecSchema, tableStatusSchema);
export const flussRebalanceSchema = resourceSchema(flussRebalanceSpecSchema, rebalanceStatusSchema);
