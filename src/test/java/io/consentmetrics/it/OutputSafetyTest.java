package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.publish.OutputLease;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What protects the outputs on a local filesystem: the quality gate, the lease on the output root,
 * the removal of killed runs' leftovers, unique run folders, and outputs free of scratch files.
 */
class OutputSafetyTest {
  private static final String HOUR = "2021-01-23-10";
  private static final String GOOD = event("g1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null);

  @TempDir Path dir;

  private Path events(String... lines) throws IOException {
    Path file = dir.resolve("events/datehour=" + HOUR + "/part-0.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return dir.resolve("events");
  }

  private static String pageview(int i) {
    return event("e" + i, "2021-01-23 10:00:00", "pageview", "a.com", "u" + i, "FR", null);
  }

  /** Ten lines: {@code malformed} of them malformed, the rest good pageviews. */
  private Path tenLines(int malformed) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(i < malformed ? "{not json" : pageview(i));
    }
    return events(lines.toArray(String[]::new));
  }

  private MainRunner.Result run(Path input, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", out.toString()));
    args.addAll(List.of(more));
    return MainRunner.run(Map.of(), args.toArray(String[]::new));
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<String> relative(Path root, List<Path> files) {
    return files.stream().map(f -> root.relativize(f).toString()).toList();
  }

  @Test
  void oneRejectedLineInTenPassesTheDefaultGate() throws IOException {
    MainRunner.Result result = run(tenLines(1), dir.resolve("out"));
    assertEquals(0, result.status(), result.err());
    assertEquals("succeeded", new ObjectMapper().readTree(result.out()).get("status").asText());
  }

  @Test
  void aFailedGateWritesRejectedAndAFailedSummaryAndLeavesThePublishedOutputsUntouched() throws IOException {
    Path out = dir.resolve("out");
    assertEquals(0, run(tenLines(1), out).status());
    List<Path> before = filesUnder(out);
    String current = Files.readString(out.resolve("current/metrics.csv"));

    MainRunner.Result failed = run(tenLines(2), out);

    assertEquals(1, failed.status(), failed.err());
    assertEquals("", failed.out());
    assertEquals("consent-metrics: error: quality gate: 20% of the lines read were rejected (2 of 10), more than"
        + " max-rejected-share 0.1; nothing was published (see rejected/)\n", failed.err());
    assertEquals(current, Files.readString(out.resolve("current/metrics.csv")));
    List<String> added = new ArrayList<>(relative(out, filesUnder(out)));
    added.removeAll(relative(out, before));
    assertTrue(added.stream().allMatch(f -> f.startsWith("rejected/") || f.startsWith("summary/")), added.toString());
    assertTrue(added.stream().anyMatch(f -> f.startsWith("rejected/") && f.endsWith(".json")), added.toString());
    Path summaryFile = out.resolve(added.stream().filter(f -> f.endsWith("summary.json")).findFirst().orElseThrow());
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    assertEquals("failed", summary.get("status").asText());
    assertTrue(summary.get("failure").asText().startsWith("quality gate: 20%"), summary.toString());
    assertEquals(2, summary.get("rejected").asLong());
  }

  @Test
  void theShareThresholdIsAFlag() throws IOException {
    MainRunner.Result result = run(tenLines(2), dir.resolve("out"), "--max-rejected-share", "0.2");
    assertEquals(0, result.status(), result.err());
  }

  @Test
  void onlyMalformedInputPublishesNothing() throws IOException {
    Path out = dir.resolve("out");
    MainRunner.Result result = run(events("{x", "[1]"), out, "--max-rejected-share", "1");
    assertEquals(1, result.status(), result.err());
    assertEquals("consent-metrics: error: quality gate: 0 events counted, fewer than min-events 1;"
        + " nothing was published\n", result.err());
    assertFalse(Files.exists(out.resolve("current")));
    assertFalse(Files.exists(out.resolve("hist")));
    assertFalse(Files.exists(out.resolve("table")));
  }

  @Test
  void fewerEventsThanMinEventsFailAndExactlyThatManyPass() throws IOException {
    Path input = events(pageview(1), pageview(2), pageview(3));
    assertEquals(1, run(input, dir.resolve("a"), "--min-events", "4").status());
    MainRunner.Result enough = run(input, dir.resolve("b"), "--min-events", "3");
    assertEquals(0, enough.status(), enough.err());
  }

  @Test
  void aRunFailsFastNamingTheRunThatHoldsTheOutputRoot() throws IOException {
    Path out = dir.resolve("out");
    Storage storage = new Storage(SharedSpark.session().sparkContext().hadoopConfiguration());
    try (OutputLease held = OutputLease.acquire(storage, out.toString(), "20210123T100000.000Z-abcd", Instant.now(),
        Duration.ofHours(1), Duration.ZERO)) {
      MainRunner.Result result = run(events(GOOD), out);
      assertEquals(1, result.status());
      assertTrue(result.err().startsWith("consent-metrics: error: output root " + out
          + " is in use by run 20210123T100000.000Z-abcd (lease "), result.err());
      assertEquals(1, result.err().lines().count());
      assertEquals(List.of("_lease.json"), relative(out, filesUnder(out)), "nothing written");
    }
    assertFalse(Files.exists(out), "the holder released the lease and the root it created");
  }

  @Test
  void aStaleLeaseIsTakenOverAndTheSummarySaysFromWhichRun() throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Path lease = out.resolve(OutputLease.FILE_NAME);
    Files.writeString(lease, "{\"run_id\":\"20210123T100000.000Z-dead\",\"started\":\"2021-01-23T10:00:00Z\"}");
    Files.setLastModifiedTime(lease, FileTime.from(Instant.now().minus(Duration.ofHours(7))));

    MainRunner.Result result = run(events(GOOD), out);

    assertEquals(0, result.status(), result.err());
    assertEquals("20210123T100000.000Z-dead",
        new ObjectMapper().readTree(result.out()).get("lease_taken_over_from").asText());
    assertFalse(Files.exists(lease), "released at the end");
  }

  @Test
  void ofManyRunsAcquiringAtOnceExactlyOneGetsTheLease() throws Exception {
    Storage storage = new Storage(SharedSpark.session().sparkContext().hadoopConfiguration());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        String root = dir.resolve("race-" + round).toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OutputLease>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String runId = String.format("20210123T100000.000Z-%04x", i);
          attempts.add(pool.submit(() -> {
            start.await();
            try {
              return OutputLease.acquire(storage, root, runId, Instant.now(), Duration.ofHours(1), Duration.ZERO);
            } catch (RuntimeException e) {
              return null;
            }
          }));
        }
        start.countDown();
        int winners = 0;
        for (Future<OutputLease> attempt : attempts) {
          if (attempt.get() != null) {
            winners++;
          }
        }
        assertEquals(1, winners, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leftoversOfKilledRunsOlderThanTheLeaseAgeAreRemovedYoungerOnesKept() throws IOException {
    Path out = dir.resolve("out");
    Instant old = Instant.now().minus(Duration.ofHours(7));
    List<Path> oldLeftovers = List.of(
        out.resolve("_staging/20210123T100000.000Z-dead/current/part-0.txt"),
        out.resolve("table/_temporary/0/part-0.parquet"),
        out.resolve("table/.spark-staging-1234/datehour=x/part-0.parquet"),
        out.resolve("summary/year=2021/month=01/day=23/time=100000.000-dead/_summary.json.tmp"));
    Path young = out.resolve("_staging/20210123T110000.000Z-live/current/part-0.txt");
    Path kept = out.resolve("table/datehour=2021-01-22-10/part-0.parquet");
    for (Path p : Stream.concat(oldLeftovers.stream(), Stream.of(young, kept)).toList()) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "x");
      Files.setLastModifiedTime(p, FileTime.from(p.equals(young) ? Instant.now() : old));
    }

    MainRunner.Result result = run(events(GOOD), out);

    assertEquals(0, result.status(), result.err());
    assertEquals(4, new ObjectMapper().readTree(result.out()).get("leftovers_removed").asInt());
    oldLeftovers.forEach(p -> assertFalse(Files.exists(p), p.toString()));
    assertFalse(Files.exists(out.resolve("table/_temporary")));
    assertFalse(Files.exists(out.resolve("_staging/20210123T100000.000Z-dead")));
    assertTrue(Files.exists(young), "a younger staging folder may belong to a live run");
    assertTrue(Files.exists(kept));
  }

  @Test
  void leftoverCleanupRemovesOnlyTheJobsOwnScratchNeverForeignFilesOrTheInput() throws IOException {
    Path out = dir.resolve("out");
    Path input = dir.resolve("events"); // beside the output: --output may not contain --input (R8)
    Files.createDirectories(input.resolve("datehour=" + HOUR));
    Files.writeString(input.resolve("datehour=" + HOUR + "/part-0.json"), GOOD + "\n");
    Instant old = Instant.now().minus(Duration.ofHours(2));
    List<Path> foreign = List.of(
        out.resolve("notes/_draft.tmp"),
        out.resolve("notes/.spark-staging-keep"),
        out.resolve("archive/_temporary/keep.txt"),
        out.resolve("_staging/not-a-run/file.txt"),
        input.resolve("datehour=" + HOUR + "/_upload.json.tmp"));
    Path emptyTemporary = out.resolve("table/_temporary/0");
    Files.createDirectories(emptyTemporary);
    for (Path p : foreign) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "x");
      Files.setLastModifiedTime(p, FileTime.from(old));
    }
    Files.setLastModifiedTime(emptyTemporary, FileTime.from(old));
    Files.setLastModifiedTime(emptyTemporary.getParent(), FileTime.from(old));

    MainRunner.Result result = MainRunner.run(Map.of("consent-metrics.lease-max-age", "1h"),
        "--input", input.toString(), "--output", out.toString());

    assertEquals(0, result.status(), result.err());
    foreign.forEach(p -> assertTrue(Files.exists(p), "foreign file kept: " + p));
    assertFalse(Files.exists(out.resolve("table/_temporary")), "a killed run's empty _temporary/0 removed");
    assertEquals(1, new ObjectMapper().readTree(result.out()).get("leftovers_removed").asInt());
  }

  /** After current/ is replaced, a report that cannot be written does not fail the run: the summary says so and agrees with current/. */
  @Test
  void aReportThatCannotBeWrittenAfterThePublishIsNotedInTheSummaryWhichAgreesWithCurrent() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("report"), "a file where the report folder goes");

    MainRunner.Result result = run(events(GOOD), out);

    assertEquals(0, result.status(), result.err());
    JsonNode summary = new ObjectMapper().readTree(result.out());
    assertEquals("succeeded", summary.get("status").asText());
    assertTrue(summary.get("report_error").asText().startsWith("cannot write " + out + "/report/year="), summary.toString());
    byte[] csv = Files.readAllBytes(out.resolve("current/metrics.csv"));
    assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(csv)),
        summary.get("metrics_sha256").asText(), "the summary describes the published current/");
    List<Path> summaries = filesUnder(out.resolve("summary"));
    assertEquals(1, summaries.size());
    assertEquals(summary, new ObjectMapper().readTree(summaries.get(0).toFile()), "the written summary is the printed one");
  }

  @Test
  void aLocalOutputHoldsNoChecksumStagingOrTemporaryFile() throws IOException {
    Path out = dir.resolve("out");
    assertEquals(0, run(events(GOOD), out).status());
    assertEquals(0, run(events(GOOD), out, "--from", HOUR).status());
    List<String> files = relative(out, filesUnder(out));
    assertTrue(files.stream().noneMatch(f -> f.endsWith(".crc") || f.contains("_staging") || f.endsWith(".tmp")
        || f.contains("_lease")), files.toString());
    try (Stream<Path> top = Files.list(out)) {
      assertEquals(List.of("current", "hist", "ids", "rejected", "report", "summary", "table"),
          top.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void twoRunsStartedInTheSameInstantWriteSeparateFolders() throws IOException {
    Path input = events(GOOD);
    String out = dir.resolve("out").toString();
    SparkSession spark = SharedSpark.session();
    JobConfig config = JobConfig.load(Map.of(JobConfig.INPUT, input.toString(), JobConfig.OUTPUT, out,
        "shuffle-partitions", "1"));
    Instant sameStart = Instant.parse("2021-01-23T10:00:00Z");
    RunSummary first = MetricsJob.run(spark, config, sameStart);
    RunSummary second = MetricsJob.run(spark, config, sameStart);
    assertNotEquals(first.runId(), second.runId());
    assertEquals(2, spark.read().parquet(out + "/hist").select("time").distinct().count());
  }

  @Test
  void snapshotPartitionValuesReadBackAsWrittenEvenWithTypeInference() throws IOException {
    String out = dir.resolve("out").toString();
    assertEquals(0, run(events(GOOD), Path.of(out)).status());
    SparkSession spark = SharedSpark.session();
    String inference = "spark.sql.sources.partitionColumnTypeInference.enabled";
    spark.conf().set(inference, true);
    try {
      Row row = spark.read().parquet(out + "/hist").select("time").first();
      String folder;
      try (Stream<Path> times = Files.list(Files.list(Files.list(Files.list(Path.of(out, "hist")).findFirst()
          .orElseThrow()).findFirst().orElseThrow()).findFirst().orElseThrow())) {
        folder = times.findFirst().orElseThrow().getFileName().toString();
      }
      assertEquals("string", spark.read().parquet(out + "/hist").schema().apply("time").dataType().simpleString());
      assertEquals(folder, "time=" + row.getString(0));
    } finally {
      spark.conf().set(inference, false);
    }
  }
}
