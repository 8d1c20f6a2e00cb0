// Kafka workloads that its own perf tools do not cover (ingest uses org.apache.kafka.tools.ProducerPerformance):
//   consume <bootstrap> <topic> <records>          read the whole partition from the start
//   latency <bootstrap> <topic> <rate> <seconds> <warmup> [acks]   produce at a fixed rate (acks=all unless
//                                                  given), consume in another thread; samples of the
//                                                  first <warmup> seconds are dropped
//   failover <bootstrap> <topic> <batch> <record bytes> [key=value,...]   write batches of <batch> records with
//                                                  acks=all, one batch acknowledged before the next, until
//                                                  stdin closes; prints "ack <started> <acked>" (epoch ms)
//                                                  per batch, for the failover measurement (failover.ts)
// consume and latency print one JSON object on stdout. Started by test/bench/peers/kafka.ts and failover.ts.
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KafkaBench {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "consume" -> consume(args[1], args[2], Long.parseLong(args[3]));
      case "latency" -> latency(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), args.length > 6 ? args[6] : "all");
      case "failover" -> failover(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), args.length > 5 ? args[5] : "");
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** Bytes the server on this local port has sent over TCP (tcp_info bytes_acked of its established sockets, via ss). */
  static long serverSentBytes(int port) throws Exception {
    Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "sport", "=", ":" + port).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    long sum = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes_acked:(\\d+)").matcher(out);
    while (m.find()) sum += Long.parseLong(m.group(1));
    return sum;
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("enable.auto.commit", "false");
    p.put("max.partition.fetch.bytes", String.valueOf(8 << 20));
    p.put("fetch.max.bytes", String.valueOf(64 << 20));
    p.put("max.poll.records", "10000");
    return new KafkaConsumer<>(p);
  }

  static void consume(String bootstrap, String topic, long records) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      consumer.position(tp); // metadata and offsets before the clock starts
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      long wire0 = serverSentBytes(port);
      long start = System.nanoTime();
      long count = 0, payload = 0;
      while (count < records) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofSeconds(1));
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          count++;
          payload += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
        }
        if ((System.nanoTime() - start) > 300_000_000_000L) throw new IllegalStateException("consume timed out at " + count);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long wire = serverSentBytes(port) - wire0;
      System.out.printf("{\"rows\":%d,\"seconds\":%.6f,\"payloadBytes\":%d,\"wireBytes\":%d}%n", count, seconds, payload, wire);
    }
  }

  static volatile long measureFrom = Long.MAX_VALUE;

  static void latency(String bootstrap, String topic, int rate, int measured, int warmup, String acks) throws Exception {
    int seconds = measured + warmup;
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("acks", acks);
    p.put("linger.ms", "0");
    int total = rate * seconds;
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      consumer.assign(List.of(tp));
      consumer.seekToEnd(List.of(tp));
      consumer.position(tp);
      producer.partitionsFor(topic);
      Thread reader = new Thread(() -> {
        long seen = 0;
        long deadline = System.nanoTime() + (seconds + 30) * 1_000_000_000L;
        while (seen < total && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            long sent = ByteBuffer.wrap(r.value()).getLong();
            if (sent >= measureFrom) latencies.add((System.nanoTime() - sent) / 1e6);
            seen++;
          }
        }
      });
      long start = System.nanoTime();
      measureFrom = start + warmup * 1_000_000_000L;
      reader.start();
      byte[] filler = new byte[100];
      java.util.Arrays.fill(filler, (byte) 'x');
      for (int i = 0; i < total; i++) {
        long due = start + (long) i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
        ByteBuffer value = ByteBuffer.allocate(8 + filler.length);
        value.putLong(System.nanoTime()).put(filler);
        producer.send(new ProducerRecord<>(topic, 0, null, value.array()));
      }
      producer.flush();
      reader.join();
    }
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("{\"samples\":%d,\"p50\":%.3f,\"p99\":%.3f}%n", sorted.length, pct(sorted, 0.5), pct(sorted, 0.99));
  }

  static volatile boolean stopWriting = false;

  static void failover(String bootstrap, String topic, int batch, int recordBytes, String extra) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("acks", "all");
    p.put("linger.ms", "1");
    for (String kv : extra.split(",")) {
      if (kv.isBlank()) continue;
      int eq = kv.indexOf('=');
      p.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {}
      } catch (Exception ignored) {
      }
      stopWriting = true;
    });
    stdin.setDaemon(true);
    stdin.start();
    byte[] value = new byte[recordBytes];
    java.util.Arrays.fill(value, (byte) 'x');
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.partitionsFor(topic);
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>(batch);
      while (!stopWriting) {
        long started = System.currentTimeMillis();
        sent.clear();
        for (int i = 0; i < batch; i++) sent.add(producer.send(new ProducerRecord<>(topic, 0, null, value)));
        try {
          for (java.util.concurrent.Future<?> f : sent) f.get();
          System.out.println("ack " + started + " " + System.currentTimeMillis());
        } catch (java.util.concurrent.ExecutionException e) {
          System.out.println("error " + e.getCause());
        }
      }
    }
  }

  static double pct(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank];
  }
}
