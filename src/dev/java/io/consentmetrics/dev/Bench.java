package io.consentmetrics.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The benchmark: the job against DuckDB computing the same metrics from the same generated files,
 * each in a fresh JVM, alternating, medians of a few rounds; beside them the floor of the setup (a
 * JVM with the job's flags doing {@code spark.read.text(...).count()} over the same files), the job's
 * own phase times (its summary's {@code durations_ms}), a 4× data run (job and DuckDB), and a many-small-files run.
 * Checks that the job and DuckDB agree row for row.
 *
 * <p>The job runs exactly as {@code ./interview-challenge.sh run --local} runs it: the script hands
 * over its JVM options ({@code -Ddev.spark.jvm-options}, one per line) and the project root, and the
 * job JVM uses the build's class-data archive ({@link ClassArchive}; an untimed run writes it first
 * when the jar is newer). The floor and DuckDB run without one.
 */
public final class Bench {
  static final int QUICK_EVENTS = 100_000;
  static final int QUICK_SMALL_FILES = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MIB = 1024 * 1024;
  /** The measured JVMs write their console to files: no progress bar there. */
  private static final List<String> NO_PROGRESS_BAR = List.of("-Dspark.ui.showConsoleProgress=false");

  private static final DevCli CLI =
      new DevCli("bench", String.join(System.lineSeparator(),
              "Benchmarks the job (Spark local[2], -Xmx1g, local folders) against DuckDB (2 threads) on generated",
              "clean events (24 hours x 4 files), alternating fresh JVMs; prints medians, peak RSS, the floor",
              "(spark.read.text().count() with the job's JVM flags), the job's phases, a 4x data run (job and DuckDB) and a",
              "many-small-files run (one event per file, 2 hours). Data is generated once into the work folder.",
              "--quick: " + QUICK_EVENTS + " events, 1 round, " + QUICK_SMALL_FILES
                  + " small files, no 4x run (options given explicitly still apply)."))
          .option("--events", "N", "3000000", "events of the main data set")
          .option("--rounds", "R", "3", "alternating runs of each engine; the medians are reported")
          .option("--small-files", "N", "5000", "files (one event each) of the many-small-files run")
          .option("--work", "DIR", "target/bench", "where data and outputs go (data is reused across runs)")
          .flag("--no-scale", "skip the 4x data run")
          .flag("--hourly", "only the hourly schedule: a full run, then one run per hour in order, per round;"
              + " checks the CSVs are equal (HourlyBench)")
          .flag("--quick", "a small run for trying the benchmark out (see above)");

  private final Path work;
  private final DevProject project;
  private final PrintStream progress;

  Bench(Path work, DevProject project, PrintStream progress) {
    this.work = work;
    this.project = project;
    this.progress = progress;
  }

  /** Where data and outputs go. */
  Path work() {
    return work;
  }

  /** Where the benchmark says what it is doing. */
  PrintStream progress() {
    return progress;
  }

  public static void main(String[] args) {
    CLI.main(args, Bench::bench);
  }

  /** One measured process: wall time, peak resident memory, and what it printed on stdout. */
  record Measured(double seconds, long peakRssKib, String stdout) {}

  private static int bench(DevCli.Parsed a) throws Exception {
    boolean quick = a.has("--quick");
    long events = quick && !a.given("--events") ? QUICK_EVENTS : a.positiveLong("--events");
    int rounds = quick && !a.given("--rounds") ? 1 : a.positiveInt("--rounds");
    int smallFiles = quick && !a.given("--small-files") ? QUICK_SMALL_FILES : a.positiveInt("--small-files");
    boolean scale = !quick && !a.has("--no-scale");
    DevProject project = DevProject.fromSystemProperties();
    Bench bench = new Bench(project.root().resolve(a.text("--work")), project, System.err);
    if (a.has("--hourly")) {
      bench.hourly(events, rounds, System.out);
      return 0;
    }
    bench.run(events, rounds, smallFiles, scale, System.out);
    return 0;
  }

  void run(long events, int rounds, int smallFiles, boolean scale, PrintStream out) throws Exception {
    Path data = dataSet("events-" + events, new EventGenerator.Settings(events, 24, 2021, 0, 4, "2021-01-23-00", false));
    Path small = dataSet("small-files-" + smallFiles,
        new EventGenerator.Settings(smallFiles, 2, 2021, 0, (smallFiles + 1) / 2, "2021-01-23-00", false));

    warmClassArchive(small);
    List<Measured> jobs = new ArrayList<>();
    List<Measured> duck = new ArrayList<>();
    List<Measured> floor = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      jobs.add(report("round " + r + ": job", runJob(data, work.resolve("job-out"))));
      duck.add(report("round " + r + ": DuckDB", runDuckDb(data, work.resolve("duckdb.csv"))));
      floor.add(report("round " + r + ": floor", runFloor(data)));
    }
    int rows = compare(work.resolve("job-out/current/metrics.csv"), work.resolve("duckdb.csv"));
    Measured big = null;
    Measured bigDuck = null;
    int bigRows = 0;
    if (scale) {
      Path bigData = dataSet("events-" + events * 4,
          new EventGenerator.Settings(events * 4, 24, 2021, 0, 4, "2021-01-23-00", false));
      big = report("4x data: job", runJob(bigData, work.resolve("job-out-4x")));
      bigDuck = report("4x data: DuckDB", runDuckDb(bigData, work.resolve("duckdb-4x.csv")));
      bigRows = compare(work.resolve("job-out-4x/current/metrics.csv"), work.resolve("duckdb-4x.csv"));
    }
    Measured smallRun = report("small files: job", runJob(small, work.resolve("job-out-small")));

    double mib = bytes(data) / MIB;
    double job = median(jobs.stream().mapToDouble(Measured::seconds).toArray());
    double db = median(duck.stream().mapToDouble(Measured::seconds).toArray());
    double fl = median(floor.stream().mapToDouble(Measured::seconds).toArray());
    out.printf("%nBenchmark: %,d events, %.0f MiB JSON in %d files, Spark local[2], -Xmx1g, medians of %d alternating run%s%n",
        events, mib, files(data), rounds, rounds == 1 ? "" : "s");
    out.printf("%-34s %9s %11s %8s %13s%n", "", "median s", "events/s", "MiB/s", "peak RSS MiB");
    row(out, "job (JVM start to outputs)", job, events, mib, jobs);
    row(out, "DuckDB (JDBC, 2 threads)", db, events, mib, duck);
    row(out, "floor: spark.read.text().count()", fl, events, mib, floor);
    out.printf("job / DuckDB: %.2fx    job / floor: %.2fx    floor / DuckDB: %.2fx%n", job / db, job / fl, fl / db);
    out.printf("results agree: %d identical rows (job and DuckDB)%n", rows);
    if (big != null) {
      out.printf("4x data: job %.1f s = %.2fx the time (peak RSS %.0f MiB); DuckDB %.1f s; job / DuckDB: %.2fx;"
              + " %d identical rows%n", big.seconds(), big.seconds() / job, big.peakRssKib() / 1024.0,
          bigDuck.seconds(), big.seconds() / bigDuck.seconds(), bigRows);
    }
    out.printf("%nJob phases (the summary's durations_ms, medians of %d):%n", rounds);
    Map<String, Double> phases = phases(jobs);
    for (Map.Entry<String, Double> phase : phases.entrySet()) {
      out.printf("  %-30s %7.1f s%n", phase.getKey(), phase.getValue());
    }
    Double total = phases.get("total");
    if (total != null) {
      out.printf("  %-30s %7.1f s   (wall time - total: JVM start, SparkSession, exit)%n", "outside the job's phases",
          job - total);
    }
    out.printf("%nMany small files: %,d one-event files over 2 hours (%.0f KiB): job %.1f s (peak RSS %.0f MiB)%n",
        files(small), bytes(small) / 1024.0, smallRun.seconds(), smallRun.peakRssKib() / 1024.0);
  }

  /** An untimed job run over {@code data} that saves the class-data archive of this build, when it has none. */
  private void warmClassArchive(Path data) throws IOException, InterruptedException {
    ClassArchive archive = project.classArchive();
    if (!archive.isFresh()) {
      report("untimed job run that saves the class-data archive of this build (once)", runJob(data, work.resolve("job-out-archive")));
      archive.keepWritten();
    }
  }

  /** {@code --hourly}: the main data set's 24 hours run one by one, against a full run and DuckDB. */
  void hourly(long events, int rounds, PrintStream out) throws Exception {
    EventGenerator.Settings settings = new EventGenerator.Settings(events, 24, 2021, 0, 4, "2021-01-23-00", false);
    Path data = dataSet("events-" + events, settings);
    List<String> hours = new ArrayList<>();
    for (int h = 0; h < settings.hours(); h++) {
      hours.add(String.format("2021-01-23-%02d", h));
    }
    warmClassArchive(data);
    Path duck = work.resolve("duckdb.csv");
    report("DuckDB", runDuckDb(data, duck));
    new HourlyBench(this).run(data, hours, rounds, duck, out);
  }

  private static void row(PrintStream out, String label, double seconds, long events, double mib, List<Measured> runs) {
    long rss = runs.stream().mapToLong(Measured::peakRssKib).max().orElse(0);
    out.printf("%-34s %9.1f %11.0f %8.1f %13.0f%n", label, seconds, events / seconds, mib / seconds, rss / 1024.0);
  }

  private Measured report(String what, Measured m) {
    progress.printf("==> %s %.1f s (peak RSS %d MiB)%n", what, m.seconds(), m.peakRssKib() / 1024);
    return m;
  }

  /** The generated data set {@code name} under the work folder, made once for these settings. */
  Path dataSet(String name, EventGenerator.Settings settings) throws IOException {
    Path dir = work.resolve(name);
    Path marker = work.resolve(name + ".complete");
    if (Files.exists(marker) && Files.readString(marker).equals(settings.toString())) {
      return dir;
    }
    progress.printf("==> generating %s: %,d events over %d hours, %d file(s) per hour (once)%n", dir,
        settings.events(), settings.hours(), settings.filesPerHour());
    deleteTree(dir);
    Files.deleteIfExists(marker);
    new EventGenerator(settings).writeTo(dir.toString(), new Configuration());
    Files.writeString(marker, settings.toString());
    return dir;
  }

  Measured runJob(Path input, Path output) throws IOException, InterruptedException {
    deleteTree(output);
    return runJobOn(input, output, List.of());
  }

  /** The job over {@code input} into {@code output} as it is (earlier runs' outputs kept), with {@code more} arguments. */
  Measured runJobOn(Path input, Path output, List<String> more) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(project.job("1g", NO_PROGRESS_BAR));
    command.addAll(List.of("--input", input.toString(), "--output", output.toString()));
    command.addAll(more);
    return measure("job", command);
  }

  Measured runFloor(Path input) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(project.sparkJava("1g", NO_PROGRESS_BAR,
        project.root().resolve("target/test-classes") + java.io.File.pathSeparator + project.sparkClasspath(),
        TextScanFloor.class.getName()));
    command.add(input.toString());
    return measure("floor", command);
  }

  Measured runDuckDb(Path input, Path csv) throws IOException, InterruptedException {
    Files.deleteIfExists(csv);
    List<String> command = new ArrayList<>(List.of(DevProject.javaBinary(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        DuckDbMetrics.class.getName(), input.toString(), csv.toString(), "2"));
    return measure("duckdb", command);
  }

  /**
   * Runs {@code command}, timing it from start to exit and sampling its peak resident set (VmHWM)
   * until it exits; fails with the end of its log when it fails. Says every 15 s that it is still running.
   */
  Measured measure(String name, List<String> command) throws IOException, InterruptedException {
    Path log = work.resolve(name + ".log");
    Path stdout = work.resolve(name + ".out");
    Files.createDirectories(work);
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peak = 0;
    long nextNotice = 15;
    while (process.isAlive()) {
      peak = Math.max(peak, peakRssKib(status));
      process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
      if (elapsed >= nextNotice && process.isAlive()) {
        progress.printf("    %s still running (%d s)%n", name, elapsed);
        nextNotice += 15;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      progress.println(String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size())));
      throw new IllegalStateException(name + " failed (exit status " + process.exitValue() + "; log " + log + ")");
    }
    return new Measured(seconds, peak, Files.readString(stdout));
  }

  private static long peakRssKib(Path procStatus) {
    try {
      for (String line : Files.readAllLines(procStatus)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process exited between two samples, or there is no /proc: keep what was seen
    }
    return 0;
  }

  /** Medians of each phase of the job's summaries ({@code durations_ms}), in seconds, in the summary's order. */
  static Map<String, Double> phases(List<Measured> jobRuns) throws IOException {
    Map<String, List<Double>> byPhase = new LinkedHashMap<>();
    for (Measured run : jobRuns) {
      JsonNode durations = JSON.readTree(run.stdout()).path("durations_ms");
      durations.fields().forEachRemaining(
          f -> byPhase.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue().asDouble() / 1000));
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    byPhase.forEach((phase, values) -> medians.put(phase, median(values.stream().mapToDouble(Double::doubleValue).toArray())));
    return medians;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Compares two metrics CSVs row for row (header skipped; the average compared to 9 decimals, as the
   * engines print doubles differently); returns the number of rows, or fails naming the first difference.
   */
  static int compare(Path jobCsv, Path duckCsv) throws IOException {
    List<List<String>> job = rows(jobCsv);
    List<List<String>> duck = rows(duckCsv);
    for (int i = 0; i < Math.min(job.size(), duck.size()); i++) {
      if (!normalized(job.get(i)).equals(normalized(duck.get(i)))) {
        throw new IllegalStateException("the job and DuckDB disagree at row " + (i + 1) + ": " + job.get(i) + " vs " + duck.get(i));
      }
    }
    if (job.size() != duck.size()) {
      throw new IllegalStateException("the job wrote " + job.size() + " rows, DuckDB " + duck.size());
    }
    return job.size();
  }

  private static List<String> normalized(List<String> row) {
    List<String> out = new ArrayList<>(row);
    int average = out.size() - 1;
    if (average >= 0 && !out.get(average).isEmpty()) {
      out.set(average, String.format("%.9f", Double.parseDouble(out.get(average))));
    }
    return out;
  }

  /** The data rows of an RFC 4180 CSV file (quoted fields, doubled quotes; no line breaks inside fields). */
  static List<List<String>> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      fields.add(field.toString());
      rows.add(fields);
    }
    return rows;
  }

  static long bytes(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
