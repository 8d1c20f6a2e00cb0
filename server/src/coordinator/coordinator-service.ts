import type { Logger } from 'pino';
import type { CoordinatorServiceHandlers } from '../rpc/generated/fluss/v1/CoordinatorService.ts';
import type { TablePath__Output } from '../rpc/generated/fluss/v1/TablePath.ts';
import type { TableMetadata } from '../rpc/generated/fluss/v1/TableMetadata.ts';
import type { ServerNode } from '../rpc/generated/fluss/v1/ServerNode.ts';
import { bucketErrorFields, FlussError } from '../rpc/errors.ts';
import type { BucketIsrResult } from '../rpc/generated/fluss/v1/BucketIsrResult.ts';
import { tableBucketText, type TableBucket } from '../table/table-bucket.ts';
import type { IsrVerdict } from './leader-election.ts';
import { unary } from '../rpc/server.ts';
import type { ServerMetrics } from '../common/metrics.ts';
import type { Catalog } from './catalog.ts';
import type { ServerRegistry } from './server-registry.ts';
import { bucketToWire, partitionToWire, tableToWire } from '../rpc/table-wire.ts';
import { judgeRegistration, type CoordinatorIdentity } from './membership.ts';
import { kvSnapshotFromWire, kvSnapshotToWire } from '../rpc/kv-snapshot-wire.ts';
import { remoteLogFromWire, remoteLogToWire } from '../rpc/remote-log-wire.ts';
import type { PushBucketStates } from './bucket-state-push.ts';
import type { Clock } from '../common/timers.ts';
import type { RebalanceExecutor } from './rebalance/executor.ts';
import { rebalanceHandlers } from './rebalance/rebalance-handlers.ts';
import { replicationThrottle } from './rebalance/rebalance-record.ts';

export interface CoordinatorContext {
  catalog: Catalog;
  registry: ServerRegistry;
  logger: Logger;
  metrics: ServerMetrics;
  self: ServerNode;
  heartbeatIntervalMs: number;
  /** Called after a server (re)registers, so buckets waiting for a server get one. */
  onServerRegistered: () => Promise<void>;
  /** Who may join (see membership.ts), less what the catalog holds. */
  identity: Pick<CoordinatorIdentity, 'dataDir' | 'recoverClusterId'>;
  /** Called when this coordinator must not go on (it found it is on the wrong metadata). */
  onFatal: (error: Error) => void;
  /** Tells the servers of changed buckets their new states at once (bucket-state-push.ts); absent: by heartbeat only. */
  pushBucketStates?: PushBucketStates;
  /**
   * Runs the rebalances the Rebalance RPC starts (rebalance/executor.ts), with
   * `rebalance.max-concurrent-moves`. Absent (test harnesses of other concerns): the rebalance
   * RPCs are refused.
   */
  rebalance?: { executor: RebalanceExecutor; maxConcurrentMoves: number; clock: Clock };
}

function requirePath(path: TablePath__Output | null): TablePath__Output {
  if (!path?.database || !path.table) throw new FlussError('INVALID_ARGUMENT', 'Missing table path (database and table)');
  return path;
}

const ISR_REFUSAL_CODE = { fenced: 'FENCED_LEADER_EPOCH', stale: 'STALE_BUCKET_EPOCH', invalid: 'INVALID_ARGUMENT' } as const;

/** The answer to one ISR change: the bucket as it is now, and why the change was refused if it was. */
function isrResult(change: TableBucket, verdict: IsrVerdict | undefined, catalog: Catalog): BucketIsrResult {
  const where = { tableId: change.tableId, partitionId: change.partitionId, bucket: change.bucket };
  if (verdict === undefined) {
    return { ...where, ...bucketErrorFields(new FlussError('UNKNOWN_TABLE_OR_BUCKET', `No such bucket: ${tableBucketText(change)}`)) };
  }
  const current = catalog.bucket(change);
  const location = current === undefined ? null : bucketToWire(current);
  if (verdict.kind === 'applied') return { ...where, errorCode: 0, error: '', errorMessage: '', location };
  return { ...where, ...bucketErrorFields(new FlussError(ISR_REFUSAL_CODE[verdict.reason], verdict.message)), location };
}

/** The CoordinatorService handlers: thin translations between the wire and the Catalog. */
export function coordinatorHandlers(ctx: CoordinatorContext): CoordinatorServiceHandlers {
  const { catalog, registry } = ctx;
  const u = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>) => unary<Req, Res>(method, ctx, fn);
  return {
    CreateDatabase: u('CreateDatabase', async (req) => {
      await catalog.createDatabase(req.name, req.ignoreIfExists, req.comment);
      return {};
    }),
    DropDatabase: u('DropDatabase', async (req) => {
      await catalog.dropDatabase(req.name, req.ignoreIfNotExists, req.cascade);
      return {};
    }),
    ListDatabases: u('ListDatabases', async () => ({ databases: catalog.listDatabases() })),

    CreateTable: u('CreateTable', async (req) => {
      if (!req.spec) throw new FlussError('INVALID_ARGUMENT', 'Missing table spec');
      const existed = catalog.findTable(req.spec.database, req.spec.name) !== undefined;
      const table = await catalog.createTable(req.spec, req.ignoreIfExists, req.createDatabase);
      if (!existed)
        ctx.logger.info(
          { table: `${req.spec.database}.${req.spec.name}`, tableId: table.tableId, replicationFactor: table.replicationFactor },
          'table created',
        );
      return { table: tableToWire(table) };
    }),
    AlterTable: u('AlterTable', async (req) => {
      const path = requirePath(req.path);
      const table = await catalog.alterTable(path.database, path.table, req.setProperties, req.resetProperties, req.comment);
      return { table: tableToWire(table) };
    }),
    DropTable: u('DropTable', async (req) => {
      const path = requirePath(req.path);
      await catalog.dropTable(path.database, path.table, req.ignoreIfNotExists);
      ctx.logger.info({ table: `${path.database}.${path.table}` }, 'table dropped');
      return {};
    }),
    ListTables: u('ListTables', async (req) => ({ tables: catalog.listTables(req.database) })),
    GetTable: u('GetTable', async (req) => {
      const path = requirePath(req.path);
      return { table: tableToWire(catalog.getTable(path.database, path.table)) };
    }),

    ListPartitions: u('ListPartitions', async (req) => {
      const path = requirePath(req.path);
      return { partitions: catalog.listPartitions(catalog.getTable(path.database, path.table).tableId).map(partitionToWire) };
    }),
    CreatePartition: u('CreatePartition', async (req) => {
      const path = requirePath(req.path);
      return { partition: partitionToWire(await catalog.createPartition(path.database, path.table, req.spec, req.ignoreIfExists)) };
    }),
    DropPartition: u('DropPartition', async (req) => {
      const path = requirePath(req.path);
      await catalog.dropPartition(path.database, path.table, req.spec, req.ignoreIfNotExists);
      return {};
    }),

    GetMetadata: u('GetMetadata', async (req) => {
      const tables: TableMetadata[] = req.tables.map((path) => {
        const table = catalog.getTable(path.database, path.table);
        return {
          table: tableToWire(table),
          partitions: catalog.listPartitions(table.tableId).map(partitionToWire),
          buckets: catalog.bucketsOfTable(table.tableId).map(bucketToWire),
        };
      });
      return { coordinator: ctx.self, tabletServers: registry.liveNodes(), tables };
    }),

    RegisterTabletServer: u('RegisterTabletServer', async (req) => {
      if (!req.server || req.server.id < 0) throw new FlussError('INVALID_ARGUMENT', 'Missing tablet server id');
      const server = { id: req.server.id, clusterId: req.clusterId, holdsData: req.holdsData };
      const verdict = judgeRegistration({ ...ctx.identity, clusterId: catalog.clusterId, adoptsLegacyServers: catalog.adoptsLegacyServers }, server);
      if (verdict.kind === 'refuse') {
        const error = new FlussError('CLUSTER_ID_MISMATCH', verdict.message);
        ctx.logger.error({ server: req.server, serverClusterId: req.clusterId }, verdict.message);
        // Answer the server first, then stop.
        if (verdict.fatal) setImmediate(() => ctx.onFatal(error));
        throw error;
      }
      registry.checkRegistration(req.server);
      // The server's history first: it must count before any DDL can see the server live (a table
      // created in between could otherwise get an id the server holds data for).
      if (verdict.kind === 'format') {
        await catalog.format(verdict.clusterId);
        ctx.logger.info({ clusterId: catalog.clusterId, recovered: verdict.clusterId !== undefined }, 'cluster id set');
      }
      await catalog.noteServerHistory(req);
      // A new process of a server that was shutting down: it may lead again.
      if (req.processStart) registry.clearShuttingDown(req.server.id);
      if (verdict.kind === 'accept' && !server.holdsData && server.clusterId === '') {
        // A new server, or one that lost its data dir: it must not count in any ISR (lost-replicas.ts).
        const changed = await catalog.dropLostReplicas(req.server.id);
        void ctx.pushBucketStates?.(changed);
        if (changed.length > 0) {
          const offline = changed.filter((b) => b.leader === -1).map((b) => tableBucketText(b));
          const restoring = changed.filter((b) => b.leader === req.server?.id).map((b) => tableBucketText(b));
          ctx.logger.warn(
            { server: req.server.id, buckets: changed.length, offline, restoringFromRemote: restoring },
            'tablet server came back without its data: removed from the ISRs it was in',
          );
        }
      } else if (req.processStart) {
        // Its previous run's leader epochs end here, before it can hear of them (leader-election.ts).
        const changed = await catalog.newTermsAfterRestart(req.server.id);
        void ctx.pushBucketStates?.(changed);
        if (changed.length > 0)
          ctx.logger.info({ server: req.server.id, buckets: changed.length }, 'tablet server restarted: new leader epochs for the buckets it led');
      }
      registry.register(req.server);
      ctx.logger.info({ server: req.server }, 'tablet server registered');
      await ctx.onServerRegistered();
      return { heartbeatIntervalMs: ctx.heartbeatIntervalMs, clusterId: catalog.clusterId!, coordinatorEpoch: catalog.coordinatorEpoch };
    }),
    AlterIsr: u('AlterIsr', async (req) => {
      const changes = req.changes.map((c) => ({
        tableId: c.tableId,
        partitionId: c.partitionId,
        bucket: c.bucket,
        leader: req.serverId,
        leaderEpoch: c.leaderEpoch,
        bucketEpoch: c.bucketEpoch,
        isr: c.isr,
      }));
      const results = await catalog.alterIsr(changes);
      return { results: results.map(({ change, verdict }) => isrResult(change, verdict, catalog)) };
    }),
    CommitRemoteLogManifest: u('CommitRemoteLogManifest', async (req) => {
      const ref = req.manifest;
      if (ref === null) throw new FlussError('INVALID_ARGUMENT', 'Missing remote log manifest');
      const tb = { tableId: ref.tableId, partitionId: ref.partitionId, bucket: ref.bucket };
      const record = remoteLogFromWire(ref, req.tableIncarnation);
      const verdict = await catalog.commitRemoteLog(tb, { serverId: req.serverId, leaderEpoch: req.leaderEpoch, record });
      const current = remoteLogToWire(tb, catalog.remoteLog(tb));
      if (verdict.kind === 'applied') return { errorCode: 0, error: '', errorMessage: '', current };
      ctx.logger.info({ bucket: tableBucketText(tb), server: req.serverId, reason: verdict.message }, 'remote log manifest commit refused');
      return { ...bucketErrorFields(new FlussError(verdict.code, `${tableBucketText(tb)}: ${verdict.message}`)), current };
    }),
    CommitKvSnapshot: u('CommitKvSnapshot', async (req) => {
      const ref = req.snapshot;
      const record = ref === null ? undefined : kvSnapshotFromWire(ref, req.tableIncarnation);
      if (ref === null || record === undefined) throw new FlussError('INVALID_ARGUMENT', 'Missing KV snapshot');
      const tb = { tableId: ref.tableId, partitionId: ref.partitionId, bucket: ref.bucket };
      const previous = kvSnapshotToWire(tb, catalog.kvSnapshot(tb));
      const verdict = await catalog.commitKvSnapshot(tb, { serverId: req.serverId, leaderEpoch: req.leaderEpoch, record });
      if (verdict.kind === 'applied') return { errorCode: 0, error: '', errorMessage: '', previous };
      ctx.logger.info({ bucket: tableBucketText(tb), server: req.serverId, reason: verdict.message }, 'KV snapshot record refused');
      return { ...bucketErrorFields(new FlussError(verdict.code, `${tableBucketText(tb)}: ${verdict.message}`)), previous: null };
    }),
    GetKvSnapshots: u('GetKvSnapshots', async (req) => ({
      snapshots: req.buckets.map((tb) => kvSnapshotToWire(tb, catalog.kvSnapshot(tb))),
    })),
    ControlledShutdown: u('ControlledShutdown', async (req) => {
      if (req.serverId < 0) throw new FlussError('INVALID_ARGUMENT', 'Missing tablet server id');
      if (req.clusterId !== (catalog.clusterId ?? '')) {
        throw new FlussError(
          'CLUSTER_ID_MISMATCH',
          `Cluster id mismatch: controlled shutdown of a server of cluster ${req.clusterId}, this coordinator is cluster ${catalog.clusterId}`,
        );
      }
      registry.markShuttingDown(req.serverId);
      const plan = await catalog.controlledShutdown(req.serverId);
      // The new leaders take over before the server hears it may stop.
      await ctx.pushBucketStates?.(plan.changed);
      ctx.logger.info(
        { server: req.serverId, moved: plan.moved, remaining: plan.remaining, stranded: plan.stranded, changedBuckets: plan.changed.length },
        'controlled shutdown of a tablet server',
      );
      return { movedLeaderships: plan.moved, remainingLeaderships: plan.remaining, strandedLeaderships: plan.stranded };
    }),
    ElectPreferredLeaders: u('ElectPreferredLeaders', async (req) => {
      const path = req.table ? requirePath(req.table) : undefined;
      const tableId = path === undefined ? undefined : catalog.getTable(path.database, path.table).tableId;
      const plan = await catalog.electPreferredLeaders(tableId);
      // Answered once the servers know, so the caller sees the new leaders serving.
      await ctx.pushBucketStates?.(plan.changed);
      if (plan.changed.length > 0) ctx.logger.info({ moved: plan.changed.length, waiting: plan.waiting }, 'leaderships moved to preferred replicas (asked)');
      return { movedLeaderships: plan.changed.length, waitingBuckets: plan.waiting };
    }),
    ...rebalanceHandlers({ ...ctx, rebalance: ctx.rebalance }),
    GetRemoteLogManifests: u('GetRemoteLogManifests', async (req) => ({
      manifests: req.buckets.map((tb) => remoteLogToWire(tb, catalog.remoteLog(tb))),
    })),
    Heartbeat: u('Heartbeat', async (req) => {
      const identity = { clusterId: catalog.clusterId ?? '', coordinatorEpoch: catalog.coordinatorEpoch };
      const nothing = { buckets: [], tables: [], deletions: [], removals: [], tabletServers: [], replicationThrottleBytesPerSec: 0 };
      if (!registry.heartbeat(req.serverId)) return { ...nothing, reregister: true, ...identity };
      if (req.clusterId !== identity.clusterId) {
        throw new FlussError(
          'CLUSTER_ID_MISMATCH',
          `Cluster id mismatch: heartbeat of cluster ${req.clusterId}, this coordinator is cluster ${identity.clusterId}`,
        );
      }
      const buckets = catalog.bucketsHostedBy(req.serverId);
      const tableIds = new Set(buckets.map((b) => b.tableId));
      const tables = [...tableIds].flatMap((id) => catalog.tableById(id) ?? []).map(tableToWire);
      const deletions = catalog.deletionsAfter(Number(req.deletionsAfter));
      const removals = catalog.removalsAfter(req.serverId, Number(req.deletionsAfter));
      const replicationThrottleBytesPerSec = replicationThrottle(catalog.rebalance);
      return {
        buckets: buckets.map(bucketToWire),
        tables,
        deletions,
        removals,
        tabletServers: registry.liveNodes(),
        replicationThrottleBytesPerSec,
        reregister: false,
        ...identity,
      };
    }),
  };
}
