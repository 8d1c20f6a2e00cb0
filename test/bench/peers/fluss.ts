// Apache Fluss 0.9.1-incubating on loopback: ZooKeeper (shaded inside fluss-server), one
// CoordinatorServer, one TabletServer, started the way Fluss's own bin/ scripts do; the workloads
// run through Fluss's Java client in java/FlussBench.java (one JVM per repetition).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../support/ports.ts';
import { classpath, run, startServer, waitForPort, type Server } from './procs.ts';
import type { Results } from './results.ts';
import { ROW_BYTES, WORKLOAD } from './workload.ts';

const ADD_OPENS = '--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED';
const ZK_MAIN = 'org.apache.fluss.shaded.zookeeper3.org.apache.zookeeper.server.quorum.QuorumPeerMain';

export const FLUSS_SETTINGS = [
  'Fluss 0.9.1-incubating: ZooKeeper + 1 CoordinatorServer + 1 TabletServer (heap 1 GiB each), 1 bucket, replication factor 1',
  'log tables ARROW, table.log.arrow.compression.type=NONE (Fluss defaults to ZSTD; ours and Kafka do not compress)',
  'Java client defaults (2 MB batches, 100 ms batch timeout), client.writer.acks=all; latency run: client.writer.batch-timeout=0ms',
  'page-cache durability (server default; no fsync per append); fsync variant not run (a server-wide setting needing a second cluster)',
  'PK table: primary key id, 1 bucket, server defaults (RocksDB); lookups: Lookuper with client defaults',
].join('\n');

export class Fluss {
  readonly #dir: string;
  readonly #log4j: string;
  readonly #servers: Server[] = [];
  port = 0;
  tabletPort = 0;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'fluss');
    this.#log4j = join(this.#dir, 'log4j2.properties');
  }

  get tabletDataDir(): string {
    return join(this.#dir, 'tablet-data');
  }

  async start(): Promise<void> {
    mkdirSync(this.#dir, { recursive: true });
    writeFileSync(
      this.#log4j,
      'rootLogger.level = warn\nrootLogger.appenderRef.stdout.ref = STDOUT\nappender.stdout.type = Console\nappender.stdout.name = STDOUT\nappender.stdout.layout.type = PatternLayout\nappender.stdout.layout.pattern = %d %p %m (%c)%n\n',
    );
    const zkPort = await freePort();
    const zkProperties = join(this.#dir, 'zookeeper.properties');
    writeFileSync(
      zkProperties,
      `dataDir=${join(this.#dir, 'zookeeper')}\nclientPort=${zkPort}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\ntickTime=2000\nmaxClientCnxns=0\n`,
    );
    const java = (name: string, heap: string, main: string, args: string[]): Server =>
      startServer(
        name,
        'java',
        [heap, ADD_OPENS, `-Dlog4j2.configurationFile=${this.#log4j}`, '-cp', classpath('fluss-server'), main, ...args],
        join(this.#dir, `${name}.log`),
      );
    const zk = java('zookeeper', '-Xmx256m', ZK_MAIN, [zkProperties]);
    this.#servers.push(zk);
    await waitForPort(zkPort, zk);

    this.port = await freePort();
    const coordinatorDir = this.#configDir('coordinator', zkPort, this.port, {});
    const coordinator = java('coordinator', '-Xmx1g', 'org.apache.fluss.server.coordinator.CoordinatorServer', ['--configDir', coordinatorDir]);
    this.#servers.push(coordinator);
    await waitForPort(this.port, coordinator);

    const tabletPort = (this.tabletPort = await freePort());
    const tabletDir = this.#configDir('tablet', zkPort, tabletPort, { 'tablet-server.id': '0', 'data.dir': this.tabletDataDir });
    const tablet = java('tablet', '-Xmx1g', 'org.apache.fluss.server.tablet.TabletServer', ['--configDir', tabletDir]);
    this.#servers.push(tablet);
    await waitForPort(tabletPort, tablet);
    await new Promise((r) => setTimeout(r, 3_000)); // the tablet server registers in ZooKeeper after it listens
  }

  #configDir(name: string, zkPort: number, port: number, extra: Record<string, string>): string {
    const dir = join(this.#dir, `conf-${name}`);
    mkdirSync(dir, { recursive: true });
    const config: Record<string, string> = {
      'zookeeper.address': `127.0.0.1:${zkPort}`,
      'bind.listeners': `FLUSS://127.0.0.1:${port}`,
      'data.dir': join(this.#dir, `${name}-data`),
      'remote.data.dir': join(this.#dir, 'remote-data'),
      'default.bucket.number': '1',
      'default.replication.factor': '1',
      ...extra,
    };
    writeFileSync(
      join(dir, 'server.yaml'),
      Object.entries(config)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n') + '\n',
    );
    return dir;
  }

  async stop(): Promise<void> {
    for (const server of [...this.#servers].reverse()) await server.stop();
  }

  /** One repetition of every Fluss workload, in one client JVM. */
  async workloads(results: Results, rep: number): Promise<void> {
    const out = await run('java', [
      '-Xmx2g',
      ADD_OPENS,
      `-Dlog4j2.configurationFile=${this.#log4j}`,
      '-cp',
      classpath('fluss-client', 'FlussBench'),
      'FlussBench',
      `127.0.0.1:${this.port}`,
      String(rep),
      String(WORKLOAD.ingestRows),
      String(WORKLOAD.latencyRate),
      String(WORKLOAD.latencySeconds),
      String(WORKLOAD.pkRows),
      String(WORKLOAD.lookupBatches),
      String(WORKLOAD.lookupBatch),
      this.tabletDataDir,
      String(this.tabletPort),
      String(WORKLOAD.latencyWarmupSeconds),
    ]);
    for (const line of out.split('\n').filter((l) => l.startsWith('{"workload"'))) {
      const r = JSON.parse(line) as Record<string, number> & { workload: string };
      switch (r.workload) {
        case 'ingest':
          results.add('fluss', 'fluss', 'ingest.rows_s', r['rows']! / r['seconds']!);
          results.add('fluss', 'fluss', 'ingest.mb_s', (r['rows']! * ROW_BYTES) / r['seconds']! / 1e6);
          results.add('fluss', 'fluss', 'ingest.stored_bytes_row', r['storedBytes']! / r['rows']!);
          break;
        case 'read_full':
        case 'read_proj': {
          const w = r.workload;
          results.add('fluss', 'fluss', `${w}.rows_s`, r['rows']! / r['seconds']!);
          if (w === 'read_full') results.add('fluss', 'fluss', 'read_full.mb_s', (r['rows']! * ROW_BYTES) / r['seconds']! / 1e6);
          results.add('fluss', 'fluss', `${w}.wire_mb_s`, r['wireBytes']! / r['seconds']! / 1e6);
          results.add('fluss', 'fluss', `${w}.wire_b_row`, r['wireBytes']! / r['rows']!);
          break;
        }
        case 'latency':
          if (r['samples']! < 0.95 * WORKLOAD.latencyRate * WORKLOAD.latencySeconds) results.note(`fluss latency: only ${r['samples']} samples`);
          results.add('fluss', 'fluss', 'latency.p50', r['p50']!);
          results.add('fluss', 'fluss', 'latency.p99', r['p99']!);
          break;
        case 'pk_upsert':
          results.add('fluss', 'fluss', 'pk_upsert.rows_s', r['rows']! / r['seconds']!);
          break;
        case 'pk_lookup':
          if (r['found'] !== r['keys']) results.note(`fluss lookups: ${r['found']} of ${r['keys']} keys found`);
          results.add('fluss', 'fluss', 'pk_lookup.keys_s', r['keys']! / r['seconds']!);
          results.add('fluss', 'fluss', 'pk_lookup.p99', r['p99']!);
          break;
      }
    }
  }
}
