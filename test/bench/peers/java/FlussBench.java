// Apache Fluss 0.9.1 workloads through its Java client, the same as test/bench/peers/ours.ts runs
// through ours. One JVM per repetition runs all of them in order and prints one JSON object per
// workload on stdout. Started by test/bench/peers/fluss.ts:
//   java FlussBench <bootstrap> <rep> <rows> <latencyRate> <latencySeconds> <pkRows> <lookupBatches> <lookupBatch> <tabletDataDir> <tabletPort> <latencyWarmupSeconds>
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.fluss.client.Connection;
import org.apache.fluss.client.ConnectionFactory;
import org.apache.fluss.client.admin.Admin;
import org.apache.fluss.client.lookup.LookupResult;
import org.apache.fluss.client.lookup.Lookuper;
import org.apache.fluss.client.table.Table;
import org.apache.fluss.client.table.scanner.ScanRecord;
import org.apache.fluss.client.table.scanner.log.LogScanner;
import org.apache.fluss.client.table.writer.AppendWriter;
import org.apache.fluss.client.table.writer.UpsertWriter;
import org.apache.fluss.compression.ArrowCompressionType;
import org.apache.fluss.config.ConfigOptions;
import org.apache.fluss.config.Configuration;
import org.apache.fluss.metadata.DatabaseDescriptor;
import org.apache.fluss.metadata.Schema;
import org.apache.fluss.metadata.TableDescriptor;
import org.apache.fluss.metadata.TablePath;
import org.apache.fluss.row.BinaryString;
import org.apache.fluss.row.GenericRow;
import org.apache.fluss.row.InternalRow;
import org.apache.fluss.types.DataTypes;

public class FlussBench {
  static final int STRINGS = 17;
  static final int STRING_CHARS = 60;
  static int tabletPort;
  static final String FILLER = "abcdefghijklmnopqrstuvwxyz";

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int rep = Integer.parseInt(args[1]);
    int rows = Integer.parseInt(args[2]);
    int latencyRate = Integer.parseInt(args[3]);
    int latencySeconds = Integer.parseInt(args[4]);
    int pkRows = Integer.parseInt(args[5]);
    int lookupBatches = Integer.parseInt(args[6]);
    int lookupBatch = Integer.parseInt(args[7]);
    Path dataDir = Path.of(args[8]);
    tabletPort = Integer.parseInt(args[9]);
    int latencyWarmup = Integer.parseInt(args[10]);

    Configuration conf = new Configuration();
    conf.setString(ConfigOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
    conf.setString(ConfigOptions.CLIENT_WRITER_ACKS.key(), "all");
    try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
      admin.createDatabase("bench", DatabaseDescriptor.EMPTY, true).get();
      TablePath wide = TablePath.of("bench", "wide_" + rep);
      admin.createTable(wide, TableDescriptor.builder().schema(wideSchema(false)).distributedBy(1)
          // Uncompressed, like Kafka's producer default and our Arrow batches (Fluss's own default is ZSTD).
          .property(ConfigOptions.TABLE_LOG_ARROW_COMPRESSION_TYPE, ArrowCompressionType.NONE).build(), false).get();
      try (Table table = connection.getTable(wide)) {
        ingest(table, rows, dataDir);
        read(table, rows, null, "read_full");
        read(table, rows, new int[] {3, 4}, "read_proj");
      }
      latency(bootstrap, admin, rep, latencyRate, latencySeconds, latencyWarmup);
      TablePath pk = TablePath.of("bench", "wide_pk_" + rep);
      admin.createTable(pk, TableDescriptor.builder().schema(wideSchema(true)).distributedBy(1).build(), false).get();
      try (Table table = connection.getTable(pk)) {
        upsert(table, pkRows);
        lookups(table, pkRows, lookupBatches, lookupBatch, rep);
      }
    }
    System.exit(0); // client threads are not all daemons
  }

  static Schema wideSchema(boolean primaryKey) {
    Schema.Builder b = Schema.newBuilder()
        .column("id", DataTypes.BIGINT().copy(false))
        .column("ts", DataTypes.BIGINT().copy(false))
        .column("qty", DataTypes.INT());
    for (int i = 0; i < STRINGS; i++) b.column("s" + i, DataTypes.STRING());
    if (primaryKey) b.primaryKey("id");
    return b.build();
  }

  /** The same values as workload.ts wideValues(n). */
  static GenericRow wideRow(long n) {
    GenericRow row = new GenericRow(3 + STRINGS);
    row.setField(0, n);
    row.setField(1, 1_700_000_000_000L + n);
    row.setField(2, (int) (n % 1000));
    for (int i = 0; i < STRINGS; i++) {
      StringBuilder s = new StringBuilder("value-" + i + "-" + n + "-");
      while (s.length() < STRING_CHARS) s.append(FILLER);
      row.setField(3 + i, BinaryString.fromString(s.substring(0, STRING_CHARS)));
    }
    return row;
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

  static long dirBytes(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void ingest(Table table, int rows, Path dataDir) throws Exception {
    // Rows are built beforehand (8192 distinct, reused) so the figure is the client + server, not row generation.
    List<GenericRow> prepared = new ArrayList<>();
    for (int i = 0; i < 8192; i++) prepared.add(wideRow(i));
    long before = dirBytes(dataDir);
    AppendWriter writer = table.newAppend().createWriter();
    long start = System.nanoTime();
    CompletableFuture<?> last = null;
    for (int i = 0; i < rows; i++) last = writer.append(prepared.get(i % prepared.size()));
    writer.flush();
    last.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    long stored = dirBytes(dataDir) - before;
    System.out.printf("{\"workload\":\"ingest\",\"rows\":%d,\"seconds\":%.6f,\"storedBytes\":%d}%n", rows, seconds, stored);
  }

  static void read(Table table, int rows, int[] projection, String name) throws Exception {
    // Warm-up (not measured): the scanner's classes and connection, on the first rows.
    try (LogScanner warm = (projection == null ? table.newScan() : table.newScan().project(projection)).createLogScanner()) {
      warm.subscribeFromBeginning(0);
      warm.poll(Duration.ofSeconds(5));
    }
    try (LogScanner scanner = (projection == null ? table.newScan() : table.newScan().project(projection)).createLogScanner()) {
      scanner.subscribeFromBeginning(0);
      long wire0 = serverSentBytes(tabletPort);
      long start = System.nanoTime();
      long count = 0, check = 0;
      while (count < rows) {
        for (ScanRecord r : scanner.poll(Duration.ofSeconds(1))) {
          InternalRow row = r.getRow();
          check += row.getString(row.getFieldCount() - 1).getSizeInBytes(); // touch the data like a consumer would
          count++;
        }
        if (System.nanoTime() - start > 300_000_000_000L) throw new IllegalStateException(name + " timed out at " + count);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long wire = serverSentBytes(tabletPort) - wire0;
      System.out.printf("{\"workload\":\"%s\",\"rows\":%d,\"seconds\":%.6f,\"wireBytes\":%d,\"check\":%d}%n", name, count, seconds, wire, check);
    }
  }

  static volatile long measureFrom = Long.MAX_VALUE;

  /** Samples of rows sent in the first `warmup` seconds are dropped. */
  static void latency(String bootstrap, Admin admin, int rep, int rate, int measured, int warmup) throws Exception {
    int seconds = measured + warmup;
    TablePath path = TablePath.of("bench", "latency_" + rep);
    Schema schema = Schema.newBuilder().column("sent_at", DataTypes.BIGINT().copy(false)).column("payload", DataTypes.STRING()).build();
    admin.createTable(path, TableDescriptor.builder().schema(schema).distributedBy(1)
        .property(ConfigOptions.TABLE_LOG_ARROW_COMPRESSION_TYPE, ArrowCompressionType.NONE).build(), false).get();
    Configuration conf = new Configuration();
    conf.setString(ConfigOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
    conf.setString(ConfigOptions.CLIENT_WRITER_ACKS.key(), "all");
    conf.setString(ConfigOptions.CLIENT_WRITER_BATCH_TIMEOUT.key(), "0ms"); // send at once, like linger 0 elsewhere
    int total = rate * seconds;
    double[] latencies = new double[total];
    int[] seen = {0};
    int[] kept = {0};
    try (Connection connection = ConnectionFactory.createConnection(conf); Table table = connection.getTable(path);
        LogScanner scanner = table.newScan().createLogScanner()) {
      scanner.subscribeFromBeginning(0);
      scanner.poll(Duration.ofMillis(100));
      Thread reader = new Thread(() -> {
        long deadline = System.nanoTime() + (seconds + 30) * 1_000_000_000L;
        while (seen[0] < total && System.nanoTime() < deadline) {
          for (ScanRecord r : scanner.poll(Duration.ofMillis(200))) {
            long sent = r.getRow().getLong(0);
            seen[0]++;
            if (sent >= measureFrom && kept[0] < total) latencies[kept[0]++] = (System.nanoTime() - sent) / 1e6;
          }
        }
      });
      AppendWriter writer = table.newAppend().createWriter();
      BinaryString payload = BinaryString.fromString("x".repeat(100));
      long start = System.nanoTime();
      measureFrom = start + warmup * 1_000_000_000L;
      reader.start();
      for (int i = 0; i < total; i++) {
        long due = start + (long) i * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
        writer.append(GenericRow.of(System.nanoTime(), payload));
      }
      writer.flush();
      reader.join();
    }
    double[] sorted = java.util.Arrays.copyOf(latencies, kept[0]);
    java.util.Arrays.sort(sorted);
    System.out.printf("{\"workload\":\"latency\",\"samples\":%d,\"p50\":%.3f,\"p99\":%.3f}%n", sorted.length, pct(sorted, 0.5), pct(sorted, 0.99));
  }

  static void upsert(Table table, int rows) throws Exception {
    List<GenericRow> prepared = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) prepared.add(wideRow(i));
    UpsertWriter writer = table.newUpsert().createWriter();
    long start = System.nanoTime();
    CompletableFuture<?> last = null;
    for (GenericRow row : prepared) last = writer.upsert(row);
    writer.flush();
    last.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("{\"workload\":\"pk_upsert\",\"rows\":%d,\"seconds\":%.6f}%n", rows, seconds);
  }

  /** Same key sequence as workload.ts lookupKeys(n, count, 42 + rep). */
  static void lookups(Table table, int n, int batches, int batchSize, int rep) throws Exception {
    Lookuper lookuper = table.newLookup().createLookuper();
    int x = 42 + rep;
    long[] latencies = new long[batches];
    long found = 0;
    // Warm-up batch (not measured): connection to the leader, classes.
    lookuper.lookup(GenericRow.of(0L)).get();
    long start = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      List<CompletableFuture<LookupResult>> futures = new ArrayList<>(batchSize);
      long t0 = System.nanoTime();
      for (int i = 0; i < batchSize; i++) {
        x = x * 1664525 + 1013904223;
        futures.add(lookuper.lookup(GenericRow.of(Integer.toUnsignedLong(x) % n)));
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get();
      latencies[b] = System.nanoTime() - t0;
      for (CompletableFuture<LookupResult> f : futures) if (f.get().getSingletonRow() != null) found++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] sorted = java.util.Arrays.stream(latencies).mapToDouble(l -> l / 1e6).sorted().toArray();
    System.out.printf("{\"workload\":\"pk_lookup\",\"keys\":%d,\"found\":%d,\"seconds\":%.6f,\"p99\":%.3f}%n",
        (long) batches * batchSize, found, seconds, pct(sorted, 0.99));
  }

  static double pct(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank];
  }
}
