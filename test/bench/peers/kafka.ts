// Apache Kafka 4.4 (KRaft, one combined broker+controller) on loopback, jars resolved by install.sh.
// Ingest uses Kafka's own ProducerPerformance; reads and latency use java/KafkaBench.java.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../support/ports.ts';
import { classpath, logBytes, lastJson, run, startServer, waitForPort, type Server } from './procs.ts';
import type { Results } from './results.ts';
import { ROW_BYTES, WORKLOAD } from './workload.ts';

const JVM = ['-Xms512m', '-Xmx1g', '-XX:+UseG1GC'];

export const KAFKA_SETTINGS = [
  'Kafka 4.4.0, KRaft, one combined broker+controller, 1 partition, replication factor 1, heap 1 GiB',
  'producer acks=all, uncompressed, 1040-byte records (the row size); "kafka": producer defaults (batch.size=16384, linger.ms=5);',
  '"kafka 1MiB": batch.size=1048576 linger.ms=5 (ours batches 1 MiB with a 5 ms linger)',
  'page-cache durability by default (no fsync per append); fsync rows: topic flush.messages=1 (fsync every append)',
  'latency: linger.ms=0, acks=all; consumer in the same JVM (fetch.min.bytes=1)',
  'Kafka has no projection: a 2-of-20 read reads whole records, so it is not measured',
].join('\n');

const LOG4J =
  'rootLogger.level = warn\nrootLogger.appenderRef.stdout.ref = STDOUT\nappender.stdout.type = Console\nappender.stdout.name = STDOUT\nappender.stdout.layout.type = PatternLayout\nappender.stdout.layout.pattern = [%d] %p %m (%c)%n\n';

/** One Kafka process: its properties file, log dir and port (the controller's port for a controller). */
interface KafkaNode {
  id: number;
  properties: string;
  logDir: string;
  port: number;
  server?: Server;
}

export interface KafkaOptions {
  /** Directory name under the data dir, and the name in logs ("kafka", "kafka-3"). */
  name?: string;
  /**
   * 1 (default): one combined broker+controller, as before. More: a dedicated KRaft controller
   * (node 0) plus this many brokers (nodes 1..n), each its own JVM, like our coordinator + tablet servers.
   */
  brokers?: number;
  /**
   * Extra properties of every node, controller included (the failover run's shorter
   * broker.session.timeout.ms is the controller's, broker.heartbeat.interval.ms the brokers').
   */
  properties?: string[];
}

export class Kafka {
  readonly #dir: string;
  readonly #log4j: string;
  readonly #brokerCount: number;
  readonly #properties: string[];
  readonly #nodes: KafkaNode[] = [];
  port = 0;

  constructor(dataDir: string, options: KafkaOptions = {}) {
    this.#dir = join(dataDir, options.name ?? 'kafka');
    this.#log4j = join(this.#dir, 'log4j2.properties');
    this.#brokerCount = options.brokers ?? 1;
    this.#properties = options.properties ?? [];
  }

  /** The `java` arguments that run `main` on the Kafka classpath with the drivers (KafkaBench). */
  javaArgs(main: string, args: string[], heap: string[] = []): string[] {
    return [...heap, `-Dlog4j2.configurationFile=${this.#log4j}`, '-cp', classpath('kafka', 'KafkaBench'), main, ...args];
  }

  #java(main: string, args: string[], heap: string[] = []): Promise<string> {
    return run('java', this.javaArgs(main, args, heap));
  }

  get bootstrap(): string {
    return this.#brokers()
      .map((b) => `127.0.0.1:${b.port}`)
      .join(',');
  }

  #brokers(): KafkaNode[] {
    return this.#nodes.filter((n) => n.id > 0 || this.#brokerCount === 1);
  }

  async start(): Promise<void> {
    mkdirSync(this.#dir, { recursive: true });
    writeFileSync(this.#log4j, LOG4J);
    const controllerPort = await freePort();
    const internalRf = Math.min(3, this.#brokerCount);
    const common = (id: number, logDir: string) => [
      `node.id=${id}`,
      `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${logDir}`,
      ...this.#properties,
    ];
    const brokerOnly = [
      'num.partitions=1',
      `offsets.topic.replication.factor=${internalRf}`,
      `transaction.state.log.replication.factor=${internalRf}`,
      'transaction.state.log.min.isr=1',
      `share.coordinator.state.topic.replication.factor=${internalRf}`,
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
    ];
    const node = (id: number, port: number, lines: string[]): KafkaNode => {
      const logDir = join(this.#dir, this.#brokerCount === 1 ? 'logs' : `node-${id}`);
      const properties = join(this.#dir, `node-${id}.properties`);
      writeFileSync(properties, `${[...common(id, logDir), ...lines].join('\n')}\n`);
      return { id, properties, logDir, port };
    };
    if (this.#brokerCount === 1) {
      const port = await freePort();
      this.#nodes.push(
        node(1, port, [
          'process.roles=broker,controller',
          `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
          ...brokerOnly,
        ]),
      );
    } else {
      this.#nodes.push(node(0, controllerPort, ['process.roles=controller', `listeners=CONTROLLER://127.0.0.1:${controllerPort}`]));
      for (let id = 1; id <= this.#brokerCount; id++) {
        const port = await freePort();
        this.#nodes.push(
          node(id, port, [
            'process.roles=broker',
            `listeners=PLAINTEXT://127.0.0.1:${port}`,
            `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
            'inter.broker.listener.name=PLAINTEXT',
            ...brokerOnly,
          ]),
        );
      }
    }
    const clusterId = (await this.#java('kafka.tools.StorageTool', ['random-uuid'])).trim().split('\n').at(-1)!.trim();
    // The node that is a controller forms the quorum alone (--standalone); brokers only join it.
    await Promise.all(
      this.#nodes.map((n) =>
        this.#java('kafka.tools.StorageTool', [
          'format',
          ...(n.id === 0 || this.#brokerCount === 1 ? ['--standalone'] : []),
          '-t',
          clusterId,
          '-c',
          n.properties,
        ]),
      ),
    );
    for (const n of this.#nodes) this.#startNode(n);
    for (const n of this.#nodes) await waitForPort(n.port, n.server!);
    this.port = this.#brokers()[0]!.port;
  }

  #startNode(n: KafkaNode): void {
    const heap = n.id === 0 && this.#brokerCount > 1 ? ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC'] : JVM;
    n.server = startServer(
      `kafka node ${n.id}`,
      'java',
      [...heap, `-Dlog4j2.configurationFile=${this.#log4j}`, '-cp', classpath('kafka'), 'kafka.Kafka', n.properties],
      join(this.#dir, `node-${n.id}.log`),
    );
  }

  async stop(): Promise<void> {
    for (const n of [...this.#nodes].reverse()) await n.server?.stop();
  }

  /** SIGKILL of broker `id`'s JVM (its process group), waiting until it is gone. */
  async kill(id: number): Promise<void> {
    await this.#node(id).server?.kill();
  }

  /** Starts broker `id` again on its port and log dir, and waits until it listens. */
  async restart(id: number): Promise<void> {
    const n = this.#node(id);
    this.#startNode(n);
    await waitForPort(n.port, n.server!);
  }

  #node(id: number): KafkaNode {
    const n = this.#nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no Kafka node ${id}`);
    return n;
  }

  /** Leader and ISR of partition 0 of `topic`, from TopicCommand --describe. */
  async partition(topic: string): Promise<{ leader: number; isr: number[] }> {
    const out = await this.#java('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', this.bootstrap, '--describe', '--topic', topic]);
    const m = /Partition: 0\s+Leader: (-?\d+)\s+Replicas: [\d,]+\s+Isr: ([\d,]*)/.exec(out);
    if (!m) throw new Error(`TopicCommand --describe printed no partition 0:\n${out.slice(-1000)}`);
    return { leader: Number(m[1]), isr: m[2] ? m[2].split(',').map(Number) : [] };
  }

  async createTopic(topic: string, configs: string[] = [], replicationFactor = 1): Promise<void> {
    await this.#java('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      this.bootstrap,
      '--create',
      '--topic',
      topic,
      '--partitions',
      '1',
      '--replication-factor',
      String(replicationFactor),
      ...configs.flatMap((c) => ['--config', c]),
    ]);
  }

  /** ProducerPerformance; returns rows/s and MB/s of row bytes, and the log bytes stored per row. */
  async ingest(
    results: Results,
    variant: string,
    metricPrefix: 'ingest' | 'ingest_fsync',
    topic: string,
    producerProps: string[],
    acks = 'all',
  ): Promise<void> {
    const out = await this.#java(
      'org.apache.kafka.tools.ProducerPerformance',
      [
        '--topic',
        topic,
        '--num-records',
        String(WORKLOAD.ingestRows),
        '--record-size',
        String(ROW_BYTES),
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${this.bootstrap}`,
        `acks=${acks}`,
        ...producerProps,
      ],
      ['-Xmx1g'],
    );
    // "200000 records sent, 98765.4 records/sec (97.96 MB/sec), 12.3 ms avg latency, ..."
    const summary = out
      .trim()
      .split('\n')
      .reverse()
      .find((l) => /records sent, [\d.]+ records\/sec/.test(l));
    if (!summary) throw new Error(`ProducerPerformance printed no summary:\n${out.slice(-2000)}`);
    const rowsPerSecond = Number(/records sent, ([\d.]+) records\/sec/.exec(summary)![1]);
    results.add('kafka', variant, `${metricPrefix}.rows_s`, rowsPerSecond);
    results.add('kafka', variant, `${metricPrefix}.mb_s`, (rowsPerSecond * ROW_BYTES) / 1e6);
    if (metricPrefix === 'ingest') {
      // Every replica's copy: with replication factor 3 about three times the bytes of one.
      let stored = 0;
      for (const b of this.#brokers()) {
        const dir = join(b.logDir, `${topic}-0`);
        if (existsSync(dir)) stored += await logBytes(dir); // brokers without a replica have no dir
      }
      results.add('kafka', variant, 'ingest.stored_bytes_row', stored / WORKLOAD.ingestRows);
    }
  }

  async consume(results: Results, variant: string, topic: string): Promise<void> {
    const r = lastJson<{ rows: number; seconds: number; payloadBytes: number; wireBytes: number }>(
      await this.#java('KafkaBench', ['consume', this.bootstrap, topic, String(WORKLOAD.ingestRows)], ['-Xmx1g']),
    );
    results.add('kafka', variant, 'read_full.rows_s', r.rows / r.seconds);
    results.add('kafka', variant, 'read_full.mb_s', (r.rows * ROW_BYTES) / r.seconds / 1e6);
    results.add('kafka', variant, 'read_full.wire_mb_s', r.wireBytes / r.seconds / 1e6);
    results.add('kafka', variant, 'read_full.wire_b_row', r.wireBytes / r.rows);
  }

  async latency(results: Results, variant: string, topic: string, acks = 'all'): Promise<void> {
    const r = lastJson<{ samples: number; p50: number; p99: number }>(
      await this.#java(
        'KafkaBench',
        ['latency', this.bootstrap, topic, String(WORKLOAD.latencyRate), String(WORKLOAD.latencySeconds), String(WORKLOAD.latencyWarmupSeconds), acks],
        ['-Xmx512m'],
      ),
    );
    if (r.samples < 0.95 * WORKLOAD.latencyRate * WORKLOAD.latencySeconds) results.note(`kafka latency: only ${r.samples} samples`);
    results.add('kafka', variant, 'latency.p50', r.p50);
    results.add('kafka', variant, 'latency.p99', r.p99);
  }

  /** One repetition of every Kafka workload. */
  async workloads(results: Results, rep: number): Promise<void> {
    const plain = `wide-${rep}`;
    await this.createTopic(plain);
    await this.ingest(results, 'kafka', 'ingest', plain, []);
    const batched = `wide-batched-${rep}`;
    await this.createTopic(batched);
    await this.ingest(results, 'kafka 1MiB', 'ingest', batched, ['batch.size=1048576', 'linger.ms=5']);
    const fsync = `wide-fsync-${rep}`;
    await this.createTopic(fsync, ['flush.messages=1']);
    await this.ingest(results, 'kafka 1MiB', 'ingest_fsync', fsync, ['batch.size=1048576', 'linger.ms=5']);
    await this.consume(results, 'kafka', plain);
    const latency = `latency-${rep}`;
    await this.createTopic(latency);
    await this.latency(results, 'kafka', latency);
  }
}
