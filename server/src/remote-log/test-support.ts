import { judgeRemoteLogCommit, type RemoteLogRecord } from '../coordinator/remote-log-commits.ts';
import { judgeKvSnapshotCommit, type KvSnapshotRecord } from '../coordinator/kv-snapshot-commits.ts';
import type { LogTablet } from '../log/index.ts';
import { kvSnapshotFromWire, kvSnapshotToWire } from '../rpc/kv-snapshot-wire.ts';
import { remoteLogFromWire, remoteLogToWire } from '../rpc/remote-log-wire.ts';
import { columnDefs } from '../table/table-spec.ts';
import type { TableInfo } from '../table/table-info.ts';
import { testTableInfo } from '../table/test-support.ts';
import type { Replica } from '../tablet/replica.ts';
import type { RemoteLogCoordinator } from './remote-log-coordinator.ts';

/**
 * Helpers shared by this folder's tests and the remote storage benchmark (test/bench): a remote
 * log manager against a real log, without a coordinator process. Not used by the server.
 */

/**
 * The coordinator's side of one bucket's remote log, in memory: commits are judged the way the real
 * coordinator judges them (judgeRemoteLogCommit), against `bucket` and `table` as set.
 */
export class InMemoryRemoteLogCoordinator implements RemoteLogCoordinator {
  readonly records = new Map<string, RemoteLogRecord>();
  bucket = { tableId: 1, partitionId: -1, bucket: 0, leader: 0, replicas: [0], isr: [0], leaderEpoch: 1, bucketEpoch: 1 };
  table = testTableInfo();
  /** While true, every commit fails as an unreachable coordinator does. */
  down = false;

  async commitManifest(request: Parameters<RemoteLogCoordinator['commitManifest']>[0]) {
    if (this.down) throw new Error('coordinator unreachable');
    const ref = request.manifest!;
    const record = remoteLogFromWire(ref, request.tableIncarnation!);
    const verdict = judgeRemoteLogCommit(this.bucket, this.table, this.records.get('b'), {
      serverId: request.serverId!,
      leaderEpoch: request.leaderEpoch!,
      record,
    });
    if (verdict.kind === 'applied') this.records.set('b', verdict.record);
    const refused = verdict.kind === 'refused';
    return { errorCode: refused ? 9 : 0, error: refused ? verdict.code : '', errorMessage: refused ? verdict.message : '', current: null };
  }

  async getManifests() {
    return { manifests: [remoteLogToWire({ tableId: 1, partitionId: -1, bucket: 0 }, this.records.get('b'))] };
  }

  /** The bucket's recorded KV snapshot, judged as the real coordinator does (judgeKvSnapshotCommit). */
  readonly kvSnapshots = new Map<string, KvSnapshotRecord>();

  async commitKvSnapshot(request: Parameters<RemoteLogCoordinator['commitKvSnapshot']>[0]) {
    const record = kvSnapshotFromWire(request.snapshot!, request.tableIncarnation!)!;
    const previous = kvSnapshotToWire({ tableId: 1, partitionId: -1, bucket: 0 }, this.kvSnapshots.get('b'));
    const verdict = judgeKvSnapshotCommit(this.bucket, this.table, this.kvSnapshots.get('b'), {
      serverId: request.serverId!,
      leaderEpoch: request.leaderEpoch!,
      record,
    });
    if (verdict.kind === 'applied') this.kvSnapshots.set('b', verdict.record);
    const refused = verdict.kind === 'refused';
    return { errorCode: refused ? 9 : 0, error: refused ? verdict.code : '', errorMessage: refused ? verdict.message : '', previous };
  }

  async getKvSnapshots() {
    return { snapshots: [kvSnapshotToWire({ tableId: 1, partitionId: -1, bucket: 0 }, this.kvSnapshots.get('b'))] };
  }

  close(): void {}
}

/** Server 0 leading bucket 0 of table 1 (a single replica, leader epoch 1) over `log`. */
export function leaderReplica(table: TableInfo, log: LogTablet): Replica {
  const columns = columnDefs(table);
  return {
    tableId: 1,
    partitionId: -1,
    bucket: 0,
    role: 'leader',
    leader: 0,
    leaderEpoch: 1,
    replicas: [0],
    isr: [0],
    addingReplicas: [],
    bucketEpoch: 1,
    leadership: undefined,
    table,
    columns,
    logColumns: columns,
    log,
    kv: undefined,
  };
}
