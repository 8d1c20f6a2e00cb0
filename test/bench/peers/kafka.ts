// Apache Kafka 4.4 (KRaft, one combined broker+controller) on loopback, jars resolved by install.sh.
// Ingest uses Kafka's own ProducerPerformance; reads and latency use java/KafkaBench.java.
import { mkdirSync, writeFileSync } from 'node:fs';
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

export class Kafka {
  readonly #dir: string;
  readonly #log4j: string;
  #server: Server | undefined;
  port = 0;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'kafka');
    this.#log4j = join(this.#dir, 'log4j2.properties');
  }

  #java(main: string, args: string[], heap: string[] = []): Promise<string> {
    return run('java', [...heap, `-Dlog4j2.configurationFile=${this.#log4j}`, '-cp', classpath('kafka', 'KafkaBench'), main, ...args]);
  }

  get #bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    mkdirSync(join(this.#dir, 'logs'), { recursive: true });
    writeFileSync(
      this.#log4j,
      'rootLogger.level = warn\nrootLogger.appenderRef.stdout.ref = STDOUT\nappender.stdout.type = Console\nappender.stdout.name = STDOUT\nappender.stdout.layout.type = PatternLayout\nappender.stdout.layout.pattern = [%d] %p %m (%c)%n\n',
    );
    this.port = await freePort();
    const controllerPort = await freePort();
    const properties = join(this.#dir, 'server.properties');
    writeFileSync(
      properties,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        `log.dirs=${join(this.#dir, 'logs')}`,
        'num.partitions=1',
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'auto.create.topics.enable=false',
      ].join('\n') + '\n',
    );
    const clusterId = (await this.#java('kafka.tools.StorageTool', ['random-uuid'])).trim().split('\n').at(-1)!.trim();
    await this.#java('kafka.tools.StorageTool', ['format', '--standalone', '-t', clusterId, '-c', properties]);
    this.#server = startServer(
      'kafka',
      'java',
      [...JVM, `-Dlog4j2.configurationFile=${this.#log4j}`, '-cp', classpath('kafka'), 'kafka.Kafka', properties],
      join(this.#dir, 'kafka.log'),
    );
    await waitForPort(this.port, this.#server);
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }

  async createTopic(topic: string, configs: string[] = []): Promise<void> {
    await this.#java('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      this.#bootstrap,
      '--create',
      '--topic',
      topic,
      '--partitions',
      '1',
      '--replication-factor',
      '1',
      ...configs.flatMap((c) => ['--config', c]),
    ]);
  }

  /** ProducerPerformance; returns rows/s and MB/s of row bytes, and the log bytes stored per row. */
  async ingest(results: Results, variant: string, metricPrefix: 'ingest' | 'ingest_fsync', topic: string, producerProps: string[]): Promise<void> {
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
        `bootstrap.servers=${this.#bootstrap}`,
        'acks=all',
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
      const stored = await logBytes(join(this.#dir, 'logs', `${topic}-0`));
      results.add('kafka', variant, 'ingest.stored_bytes_row', stored / WORKLOAD.ingestRows);
    }
  }

  async consume(results: Results, variant: string, topic: string): Promise<void> {
    const r = lastJson<{ rows: number; seconds: number; payloadBytes: number; wireBytes: number }>(
      await this.#java('KafkaBench', ['consume', this.#bootstrap, topic, String(WORKLOAD.ingestRows)], ['-Xmx1g']),
    );
    results.add('kafka', variant, 'read_full.rows_s', r.rows / r.seconds);
    results.add('kafka', variant, 'read_full.mb_s', (r.rows * ROW_BYTES) / r.seconds / 1e6);
    results.add('kafka', variant, 'read_full.wire_mb_s', r.wireBytes / r.seconds / 1e6);
    results.add('kafka', variant, 'read_full.wire_b_row', r.wireBytes / r.rows);
  }

  async latency(results: Results, variant: string, topic: string): Promise<void> {
    const r = lastJson<{ samples: number; p50: number; p99: number }>(
      await this.#java(
        'KafkaBench',
        ['latency', this.#bootstrap, topic, String(WORKLOAD.latencyRate), String(WORKLOAD.latencySeconds), String(WORKLOAD.latencyWarmupSeconds)],
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
