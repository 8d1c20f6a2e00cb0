// This project with replication: a coordinator and three tablet servers, each its own `fluss`
// process on loopback (test/support/replicated-cluster.ts, as the replication tests use), the
// TypeScript client in the bench process. Used by the replication scenario and the failover run.
import { type ReplicatedCluster, startReplicatedCluster } from '../../support/replicated-cluster.ts';
import { FlussProcessGroup } from '../../support/processes.ts';

/** Table properties of a replicated bucket: RF 3, acks=all needs 2 in-sync replicas. */
export const RF3_PROPERTIES = { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' };
export const RF1_PROPERTIES = { 'table.replication.factor': '1' };

export class OursReplicated {
  readonly dataDir: string;
  readonly #config: string[];
  readonly #processes = new FlussProcessGroup();
  #cluster: ReplicatedCluster | undefined;

  /** config: server settings (key=value) for the coordinator and every tablet server. */
  constructor(dataDir: string, config: readonly string[]) {
    this.dataDir = dataDir;
    this.#config = config.flatMap((c) => ['--config', c]);
  }

  get cluster(): ReplicatedCluster {
    if (!this.#cluster) throw new Error('the replicated cluster is not started');
    return this.#cluster;
  }

  get connection(): ReplicatedCluster['connection'] {
    return this.cluster.connection;
  }

  async start(): Promise<void> {
    this.#cluster = await startReplicatedCluster(
      { dir: { path: this.dataDir }, processes: this.#processes, track: (connection) => connection },
      // A restarted server opens its replicas before it is ready: a primary-key bucket of 1M rows
      // without a KV snapshot yet (kv.snapshot.interval, 10 min) replays its whole changelog.
      { servers: 3, config: this.#config, readyTimeoutMs: 300_000 },
    );
  }

  /** Closes the connection and kills the processes (their data is thrown away with the run's temp dir). */
  async stop(): Promise<void> {
    this.#cluster?.connection.close();
    await this.#processes.stopAll();
  }
}
