// The FlussCluster and FlussTable resources as TypeScript types. `schema.ts` is the matching
// OpenAPI schema; both together are the one source of truth for crds/ and the chart's CRDs.
import type { ColumnDescriptor, TableDescriptor } from '../../../server/src/client/table-descriptor.ts';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  creationTimestamp?: string;
  ownerReferences?: OwnerReference[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** Kubernetes quantities are strings ("500m", "2Gi") or plain numbers. */
export type Quantity = string | number;

export interface ResourceRequirements {
  requests?: Record<string, Quantity>;
  limits?: Record<string, Quantity>;
}

export interface StorageSpec {
  /** Size of the PersistentVolumeClaim of each pod, e.g. "10Gi". */
  size: string;
  storageClassName?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface Placement {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  /** A core/v1 Affinity, passed through to the pods unchanged. */
  affinity?: Record<string, unknown>;
}

export interface SecretKeyRef {
  name: string;
  accessKeyIdKey?: string;
  secretAccessKeyKey?: string;
}

export interface ObjectStorageSpec {
  endpoint: string;
  bucket: string;
  region?: string;
  pathStyleAccess?: boolean;
  credentialsSecretRef?: SecretKeyRef;
  /** Prefix inside the bucket for remote log segments and KV snapshots. */
  remoteDataPrefix?: string;
  /** Prefix inside the bucket for lakehouse (Iceberg) tables. */
  lakehousePrefix?: string;
}

export interface CoordinatorSpec {
  resources?: ResourceRequirements;
  storage?: StorageSpec;
}

export interface TabletServersSpec {
  replicas: number;
  resources?: ResourceRequirements;
  storage?: StorageSpec;
}

export interface FlussClusterSpec {
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  coordinator?: CoordinatorSpec;
  tabletServers: TabletServersSpec;
  /** Server config overrides (`key=value`), rendered into the ConfigMap's server.properties. */
  config?: Record<string, string>;
  objectStorage?: ObjectStorageSpec;
  placement?: Placement;
}

export interface FlussClusterStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  phase?: ClusterPhase;
  readyTabletServers?: number;
  /** Tablet-server replicas seen on the StatefulSet (the scale subresource's status). */
  tabletServers?: number;
  /** Label selector of the tablet-server pods (the scale subresource's selector). */
  selector?: string;
  coordinatorReady?: boolean;
  /** The config hash all pods run once a rolling restart has finished. */
  configHash?: string;
}

export type ClusterPhase = 'Pending' | 'Running' | 'Updating' | 'Degraded';

export interface FlussCluster {
  apiVersion: string;
  kind: 'FlussCluster';
  metadata: ObjectMeta;
  spec: FlussClusterSpec;
  status?: FlussClusterStatus;
}

/**
 * The table shape of `fluss table create -f table.yaml`: the client's TableDescriptor, so a
 * FlussTable spec is what the operator hands to Admin.createTable.
 */
export type ColumnSpec = ColumnDescriptor;
export type TableShape = TableDescriptor;

export type DeletionPolicy = 'Retain' | 'Delete';

export interface FlussTableSpec extends TableShape {
  clusterRef: { name: string };
  deletionPolicy?: DeletionPolicy;
}

export type TablePhase = 'Pending' | 'Ready' | 'Error' | 'Deleting';

export interface FlussTableStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  phase?: TablePhase;
  tableId?: number;
  buckets?: number;
  /** Property keys the operator set; only these are reset when they leave the spec. */
  managedProperties?: string[];
  /** Bytes of log segments the table keeps in object storage (all buckets, committed manifests). */
  remoteLogBytes?: number;
  /** Log segments the table keeps in object storage. */
  remoteLogSegments?: number;
}

export interface FlussTable {
  apiVersion: string;
  kind: 'FlussTable';
  metadata: ObjectMeta;
  spec: FlussTableSpec;
  status?: FlussTableStatus;
}
