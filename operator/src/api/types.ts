// The FlussCluster, FlussTable and FlussRebalance resources as TypeScript types. `schema.ts` is the matching
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

export interface TabletServerStorageSpec extends StorageSpec {
  /**
   * Delete the claims of the servers a scale-down removes (after their data was moved away);
   * false (the default) keeps them (StatefulSet persistentVolumeClaimRetentionPolicy whenScaled).
   */
  deleteClaimOnScaleDown?: boolean;
}

export interface TabletServersSpec {
  replicas: number;
  resources?: ResourceRequirements;
  storage?: TabletServerStorageSpec;
}

/** How the operator rebalances when the tablet-server count changes (status.autoRebalance). */
export interface AutoRebalanceSpec {
  /** Rebalance onto new servers after a scale-up; default true. A scale-down always drains first. */
  onScaleUp?: boolean;
  /** Buckets moved at once; absent: the coordinator's rebalance.max-concurrent-moves. */
  maxConcurrentMoves?: number;
  /** Bytes per second each tablet server fetches for the replicas it gains; absent: unthrottled. */
  throttleBytesPerSecond?: number;
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
  autoRebalance?: AutoRebalanceSpec;
}

/**
 * The scaling state machine (reconcilers/flusscluster/scale.ts), like Strimzi's
 * status.autoRebalance: Idle, or a rebalance onto added servers, or a drain of departing ones.
 */
export type AutoRebalanceState = 'Idle' | 'RebalanceOnScaleUp' | 'RebalanceOnScaleDown';

/**
 * Where in its state the scaling is: WaitingForServers (scale-up: the new servers are not all
 * registered yet), Rebalancing (scale-up: moves onto them), Draining (scale-down: moving every
 * replica off the departing servers), Shrinking (scale-down: drained, the StatefulSet shrinks),
 * Canceling (the target changed: the running rebalance is being canceled).
 */
export type AutoRebalanceStep = 'WaitingForServers' | 'Rebalancing' | 'Draining' | 'Shrinking' | 'Canceling';

export interface AutoRebalanceStatus {
  state: AutoRebalanceState;
  step?: AutoRebalanceStep;
  /** Server ids added (scale-up) or drained (scale-down). */
  servers?: number[];
  /** Tablet servers before the scaling, and the count it leads to. */
  fromReplicas?: number;
  toReplicas?: number;
  /** The coordinator's rebalance this scaling runs (undefined clears it). */
  rebalanceId?: string | undefined;
  movesDone?: number;
  movesTotal?: number;
  /** What the scaling waits for now, for people. */
  message?: string | undefined;
  lastError?: string | undefined;
  lastTransitionTime?: string;
}

/** The tablet-server rolling restart (reconcilers/flusscluster/rollout.ts). */
export type RollingRestartState = 'Idle' | 'Restarting' | 'Waiting';

export interface RollingRestartStatus {
  state: RollingRestartState;
  /** Restarting: the server being restarted; Waiting: the server to restart next. */
  server?: number;
  /** Servers still on the old pod template. */
  remaining?: number;
  message?: string;
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
  autoRebalance?: AutoRebalanceStatus;
  rollingRestart?: RollingRestartStatus;
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

export type RebalanceGoalName = 'RACK_AWARE' | 'REPLICA_DISTRIBUTION' | 'LEADER_DISTRIBUTION';

export interface FlussRebalanceSpec {
  clusterRef: { name: string };
  /** In priority order; absent or empty: all three. */
  goals?: RebalanceGoalName[];
  maxConcurrentMoves?: number;
  throttleBytesPerSecond?: number;
}

/**
 * The FlussRebalance state machine (reconcilers/flussrebalance/reconcile.ts), Strimzi's
 * KafkaRebalance states: PendingProposal -> ProposalReady -(approve)-> Rebalancing -> Ready, or
 * -(stop)-> Stopping -> Stopped; NotReady when it failed.
 */
export type FlussRebalanceState = 'PendingProposal' | 'ProposalReady' | 'Rebalancing' | 'Stopping' | 'Stopped' | 'Ready' | 'NotReady';

/** One bucket move of a plan, as the status shows it. */
export interface MoveSummary {
  /** 'database.table', with '/partition' for a partitioned table. */
  table: string;
  bucket: number;
  from: number[];
  to: number[];
  /** The coordinator's move status (PENDING, ADDING_REPLICAS, ..., COMPLETED, FAILED). */
  status?: string;
}

export interface RebalanceProposal {
  goals: string[];
  movesTotal: number;
  /** The first moves of the plan (at most 50). */
  moves: MoveSummary[];
  /** Buckets the goals could not place. */
  unmovable?: string[];
  computedAt?: string;
}

export interface RebalanceRunProgress {
  movesTotal: number;
  movesDone: number;
  movesFailed: number;
  movesCanceled: number;
  /** The coordinator's state: IN_PROGRESS, CANCELING, COMPLETED, CANCELED, FAILED. */
  coordinatorState: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface FlussRebalanceStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  state?: FlussRebalanceState;
  rebalanceId?: string;
  proposal?: RebalanceProposal;
  progress?: RebalanceRunProgress;
}

export interface FlussRebalance {
  apiVersion: string;
  kind: 'FlussRebalance';
  metadata: ObjectMeta;
  spec: FlussRebalanceSpec;
  status?: FlussRebalanceStatus;
}
