// The replication scenario of `npm run bench:peers` (BENCH_PEERS_SCENARIOS=replication for it alone):
// the ingest and produce→consume latency workloads of the single-server scenario (and, ours only,
// its primary-key upserts and lookups), on
//   - ours: a coordinator + 3 tablet servers, each its own process (ours-replicated.ts);
//   - Kafka: a KRaft controller + 3 brokers, each its own JVM (kafka.ts with brokers: 3);
// with a table/topic of replication factor 3, min in-sync replicas 2, acks=all, and, on the same
// clusters, replication factor 1 with acks=1: the difference is the cost of replication.
import { join } from 'node:path';
import { Kafka } from './kafka.ts';
import { ingestWide, produceConsumeLatency, upsertsAndLookups } from './ours.ts';
import { OursReplicated, RF1_PROPERTIES, RF3_PROPERTIES } from './ours-replicated.ts';
import type { Comparison, Results } from './results.ts';

const KAFKA_1MIB = ['batch.size=1048576', 'linger.ms=5'];

export const REPLICATION_SETTINGS = [
  'ours: `fluss coordinator` + 3 × `fluss tablet-server`, each its own Node process, --config log.flush.fsync=false on all (page cache, like Kafka); TypeScript client in the bench process, writer defaults (1 MiB batches, linger 5 ms)',
  'Kafka 4.4.0: a KRaft controller + 3 brokers, each its own JVM (brokers heap 1 GiB, controller 512 MiB), producer via ProducerPerformance; "kafka 1MiB": batch.size=1048576 linger.ms=5, "kafka": producer defaults (16 KB, linger 5 ms)',
  'RF3 acks=all: table.replication.factor=3 table.min-insync-replicas=2 / topic --replication-factor 3 min.insync.replicas=2, acks=all; RF1 acks=1: one replica, acks=1; 1 bucket/partition each',
  'stored bytes per row count every replica (RF 3 ≈ 3 copies); latency runs: linger 0, the consumer reads only below the high watermark (all in-sync replicas have it)',
  'ours only: primary-key upserts (same rows, key id, upsert writer defaults, acks as above) and batched lookups (from the leader) at RF 1 and RF 3',
].join('\n');

/** Columns of the replication table, and the ratios worth reading (> 1: the first ahead). */
export const REPLICATION_VARIANTS = [
  'ours RF1 acks=1',
  'ours RF3 acks=all',
  'kafka 1MiB RF1 acks=1',
  'kafka 1MiB RF3 acks=all',
  'kafka RF1 acks=1',
  'kafka RF3 acks=all',
];
export const REPLICATION_COMPARISONS: Comparison[] = [
  { label: 'ours vs kafka 1MiB, RF3', a: 'ours RF3 acks=all', b: 'kafka 1MiB RF3 acks=all' },
  { label: 'ours vs kafka, RF3', a: 'ours RF3 acks=all', b: 'kafka RF3 acks=all' },
  { label: 'ours vs kafka 1MiB, RF1', a: 'ours RF1 acks=1', b: 'kafka 1MiB RF1 acks=1' },
  { label: 'ours RF3 vs RF1', a: 'ours RF3 acks=all', b: 'ours RF1 acks=1' },
  { label: 'kafka 1MiB RF3 vs RF1', a: 'kafka 1MiB RF3 acks=all', b: 'kafka 1MiB RF1 acks=1' },
  { label: 'kafka RF3 vs RF1', a: 'kafka RF3 acks=all', b: 'kafka RF1 acks=1' },
];

export function oursReplicated(dataDir: string): OursReplicated {
  return new OursReplicated(join(dataDir, 'ours-replicated'), ['log.flush.fsync=false']);
}

export function kafkaReplicated(dataDir: string): Kafka {
  return new Kafka(dataDir, { name: 'kafka-3-brokers', brokers: 3 });
}

/** One repetition on our replicated cluster: RF 1 acks=1, then RF 3 acks=all, ingest then latency. */
export async function oursReplicationRep(ours: OursReplicated, results: Results, rep: number): Promise<void> {
  const rf1 = { variant: 'ours RF1 acks=1', acks: 1, properties: RF1_PROPERTIES } as const;
  const rf3 = { variant: 'ours RF3 acks=all', acks: -1, properties: RF3_PROPERTIES } as const;
  await ingestWide(results, ours, `wide_rf1_${rep}`, 'ingest', rf1);
  await ingestWide(results, ours, `wide_rf3_${rep}`, 'ingest', rf3);
  await produceConsumeLatency(results, ours, `latency_rf1_${rep}`, 'latency', rf1);
  await produceConsumeLatency(results, ours, `latency_rf3_${rep}`, 'latency', rf3);
  // Primary-key tables replicate too (Kafka has none): upserts, then lookups from the leader.
  await upsertsAndLookups(results, ours, `wide_pk_rf1_${rep}`, rep, rf1);
  await upsertsAndLookups(results, ours, `wide_pk_rf3_${rep}`, rep, rf3);
}

/** The same on the 3-broker Kafka, with both producer batch sizes of the single-server scenario. */
export async function kafkaReplicationRep(kafka: Kafka, results: Results, rep: number): Promise<void> {
  const rf3Topic = (topic: string) => kafka.createTopic(topic, ['min.insync.replicas=2'], 3);
  const rf1Topic = (topic: string) => kafka.createTopic(topic, [], 1);
  await rf1Topic(`wide-rf1-1m-${rep}`);
  await kafka.ingest(results, 'kafka 1MiB RF1 acks=1', 'ingest', `wide-rf1-1m-${rep}`, KAFKA_1MIB, '1');
  await rf3Topic(`wide-rf3-1m-${rep}`);
  await kafka.ingest(results, 'kafka 1MiB RF3 acks=all', 'ingest', `wide-rf3-1m-${rep}`, KAFKA_1MIB, 'all');
  await rf1Topic(`wide-rf1-${rep}`);
  await kafka.ingest(results, 'kafka RF1 acks=1', 'ingest', `wide-rf1-${rep}`, [], '1');
  await rf3Topic(`wide-rf3-${rep}`);
  await kafka.ingest(results, 'kafka RF3 acks=all', 'ingest', `wide-rf3-${rep}`, [], 'all');
  await rf1Topic(`latency-rf1-${rep}`);
  await kafka.latency(results, 'kafka RF1 acks=1', `latency-rf1-${rep}`, '1');
  await rf3Topic(`latency-rf3-${rep}`);
  await kafka.latency(results, 'kafka RF3 acks=all', `latency-rf3-${rep}`, 'all');
}
