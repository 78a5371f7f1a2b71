package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.JobProcess;
import io.consentmetrics.testing.S3ProxyServer;
import io.consentmetrics.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash, a dead or flaky S3 server, or bad credentials leave behind: never a partial
 * {@code current/}, never a readable partial snapshot, one clear error line, and a rerun that
 * succeeds. Faults are injected into a real S3 API server (S3Proxy) while the job talks to it.
 */
class FaultToleranceTest {
  private static final String CURRENT = "data/metrics/current/metrics.csv";
  private static final String HIST = "data/metrics/hist/";
  private static S3ProxyServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void clearFaults() {
    server.clearHook();
  }

  /** The fixture rejects 2 of its 8 or 11 lines: a quality gate loose enough for it. */
  private static Map<String, String> settings(String bucket) {
    Map<String, String> settings = new java.util.HashMap<>(server.jobProperties(bucket));
    settings.put("consent-metrics.max-rejected-share", "0.3");
    return settings;
  }

  private static void putHour(String bucket, String datehour, List<String> lines) {
    server.putObject(bucket, "data/events/datehour=" + datehour + "/part-0.json",
        MetricsJobEndToEndTest.lines(lines).getBytes(StandardCharsets.UTF_8));
  }

  /** A bucket holding hour 10, and a first successful run over it; returns that run's CSV. */
  private static String bucketWithAFirstRun(String bucket) {
    server.createBucket(bucket);
    putHour(bucket, "2021-01-23-10", MetricsJobEndToEndTest.HOUR_10);
    MainRunner.Result first = MainRunner.run(settings(bucket));
    assertEquals(0, first.status(), first.err());
    putHour(bucket, "2021-01-23-11", MetricsJobEndToEndTest.HOUR_11);
    return current(bucket);
  }

  private static String current(String bucket) {
    return new String(server.getObject(bucket, CURRENT), StandardCharsets.UTF_8);
  }

  /** Distinct run folders under hist/ that hold at least one object. */
  private static long histRuns(String bucket) {
    return server.keys(bucket, HIST).stream()
        .filter(k -> !k.endsWith("/"))
        .map(k -> k.substring(0, k.indexOf('/', k.indexOf("/time=") + 1)))
        .distinct()
        .count();
  }

  /** The server fails the first request for a matching key and stops answering: it died mid-request. */
  private static void stopServingOnFirstRequestFor(java.util.function.Predicate<String> key) {
    server.onRequest((operation, requested) -> {
      if (key.test(requested)) {
        new Thread(server::stopServing).start();
        throw new IllegalStateException("injected: server going down");
      }
    });
  }

  private static void assertOneErrorLine(MainRunner.Result result) {
    assertEquals(1, result.status(), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().startsWith("consent-metrics: error: "), result.err());
  }

  @Test
  void serverStoppedWhileWritingKeepsThePreviousCurrentAndARerunSucceeds() {
    String bucket = "fault-server-stops";
    String previous = bucketWithAFirstRun(bucket);
    stopServingOnFirstRequestFor(key -> key.contains("/hist/"));
    long started = System.nanoTime();
    MainRunner.Result failed = MainRunner.run(settings(bucket));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    server.clearHook();
    server.resumeServing();
    assertOneErrorLine(failed);
    assertTrue(took.compareTo(Duration.ofMinutes(1)) < 0, "took " + took);
    assertEquals(previous, current(bucket), "current/ is the previous run's, complete");
    assertEquals(1, histRuns(bucket), "no snapshot of the failed run under hist/");

    // The failed run could not release its lease (S3 was gone): a rerun once that lease is stale succeeds.
    MainRunner.Result rerun = MainRunner.run(withStaleLeases(settings(bucket)));
    assertEquals(0, rerun.status(), rerun.err());
    assertEquals(MetricsJobEndToEndTest.EXPECTED_CSV, current(bucket));
    assertEquals(2, histRuns(bucket));
  }

  @Test
  void serverStoppedWhilePublishingCurrentKeepsThePreviousCurrent() {
    String bucket = "fault-server-stops-publishing";
    String previous = bucketWithAFirstRun(bucket);
    stopServingOnFirstRequestFor(key -> key.endsWith("current/metrics.csv"));
    MainRunner.Result failed = MainRunner.run(settings(bucket));
    server.clearHook();
    server.resumeServing();
    assertOneErrorLine(failed);
    assertEquals(previous, current(bucket), "current/ is the previous run's, complete");
    assertEquals(List.of(CURRENT), server.keys(bucket, "data/metrics/current/"));
  }

  @Test
  void killedJobProcessLeavesNoPartialOutputAndARerunSucceeds() throws Exception {
    String bucket = "fault-process-killed";
    String previous = bucketWithAFirstRun(bucket);
    AtomicReference<JobProcess> job = new AtomicReference<>();
    // Killed as the first Parquet file of the run's snapshot reaches S3; that request itself
    // completes, as an upload in flight would. The snapshot is staged and moved into hist/ only after
    // the publish, so nothing of the killed run may be visible. (That the S3A committer replaces an
    // hour of table/ rather than adding to it is IncrementalRunTest's onS3... test.)
    server.onRequest((operation, key) -> {
      if (key.contains("/hist/") && key.endsWith(".parquet") && job.get() != null) {
        job.get().kill();
      }
    });
    job.set(JobProcess.start(dir,
        Map.of("AWS_S3_ENDPOINT_URL", server.endpoint(),
            "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY),
        List.of("-Dconsent-metrics.bucket=" + bucket, "-Dconsent-metrics.max-rejected-share=0.3")));
    int status = job.get().waitFor(300);
    server.clearHook();

    assertEquals(137, status, job.get().output()); // 128 + SIGKILL
    assertEquals(previous, current(bucket));
    assertEquals(1, histRuns(bucket), "the killed run's snapshot is not visible");
    assertEquals(
        previous.lines().count() - 1,
        SharedSpark.session().read().parquet("s3a://" + bucket + "/" + HIST).count(),
        "hist/ reads back as the first run only");

    // The killed run still holds the output root: a run now fails at once, naming it...
    MainRunner.Result blocked = MainRunner.run(settings(bucket));
    assertOneErrorLine(blocked);
    assertTrue(blocked.err().contains("is in use by run "), blocked.err());
    // ...until its lease is older than lease-max-age, when the next run takes it over.
    MainRunner.Result rerun = MainRunner.run(withStaleLeases(settings(bucket)));
    assertEquals(0, rerun.status(), rerun.err());
    assertEquals(MetricsJobEndToEndTest.EXPECTED_CSV, current(bucket));
    assertTrue(new ObjectMapper().readTree(rerun.out()).get("lease_taken_over_from").asText().matches("\\d{8}T.*"),
        rerun.out());
    assertEquals(List.of(), server.keys(bucket, "data/metrics/_lease.json"), "the lease is released");
  }

  @Test
  void aShortOutageWhileReadingIsRetriedAndTheRunSucceeds() {
    String bucket = "fault-short-outage";
    server.createBucket(bucket);
    putHour(bucket, "2021-01-23-10", MetricsJobEndToEndTest.HOUR_10);
    putHour(bucket, "2021-01-23-11", MetricsJobEndToEndTest.HOUR_11);
    AtomicBoolean once = new AtomicBoolean();
    server.onRequest((operation, key) -> {
      if (key.contains("data/events/") && operation.equals("get") && once.compareAndSet(false, true)) {
        new Thread(() -> {
          server.stopServing();
          sleep(300);
          server.resumeServing();
        }).start();
        throw new IllegalStateException("injected: restart");
      }
    });
    MainRunner.Result result = MainRunner.run(settings(bucket));
    assertTrue(once.get(), "the outage happened");
    assertEquals(0, result.status(), result.err());
    assertEquals(MetricsJobEndToEndTest.EXPECTED_CSV, current(bucket));
  }

  @Test
  void aMissingBucketOrWrongKeysFailWithOneLineWithinAMinute() {
    server.createBucket("fault-keys-access");
    server.createBucket("fault-keys-secret");
    Map<Map<String, String>, String> expectedMessages =
        Map.of(
            settings("fault-no-such-bucket"), "The specified bucket does not exist",
            withKeys("fault-keys-access", "wrong-access-key", S3ProxyServer.SECRET_KEY), "access denied by S3",
            withKeys("fault-keys-secret", S3ProxyServer.ACCESS_KEY, "wrong-secret"), "access denied by S3");
    for (var c : expectedMessages.entrySet()) {
      long started = System.nanoTime();
      MainRunner.Result result = MainRunner.run(c.getKey());
      assertTrue(result.err().contains(c.getValue()), result.err());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertOneErrorLine(result);
      assertTrue(took.compareTo(Duration.ofMinutes(1)) < 0, "took " + took + ": " + result.err());
      assertTrue(!result.err().contains("wrong-secret") && !result.err().contains(S3ProxyServer.SECRET_KEY),
          "no secret in the error line");
    }
  }

  /** Settings under which any existing lease counts as stale: a run as it would start lease-max-age later. */
  private static Map<String, String> withStaleLeases(Map<String, String> settings) {
    Map<String, String> stale = new java.util.HashMap<>(settings);
    stale.put("consent-metrics.lease-max-age", "1ms");
    return stale;
  }

  private static Map<String, String> withKeys(String bucket, String accessKey, String secretKey) {
    Map<String, String> settings = new java.util.HashMap<>(settings(bucket));
    settings.put("consent-metrics.s3.access-key", accessKey);
    settings.put("consent-metrics.s3.secret-key", secretKey);
    return settings;
  }

  @Test
  void twoRunsOverTheSameInputPublishIdenticalResults() throws Exception {
    String bucket = "fault-idempotence";
    server.createBucket(bucket);
    putHour(bucket, "2021-01-23-10", MetricsJobEndToEndTest.HOUR_10);
    putHour(bucket, "2021-01-23-11", MetricsJobEndToEndTest.HOUR_11);
    MainRunner.Result first = MainRunner.run(settings(bucket));
    byte[] firstCsv = server.getObject(bucket, CURRENT);
    MainRunner.Result second = MainRunner.run(settings(bucket));
    byte[] secondCsv = server.getObject(bucket, CURRENT);

    assertEquals(0, first.status(), first.err());
    assertEquals(0, second.status(), second.err());
    assertEquals(new String(firstCsv, StandardCharsets.UTF_8), new String(secondCsv, StandardCharsets.UTF_8));
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secondCsv));
    ObjectMapper json = new ObjectMapper();
    assertEquals(hash, json.readTree(first.out()).get("metrics_sha256").asText());
    assertEquals(hash, json.readTree(second.out()).get("metrics_sha256").asText());

    var hist = SharedSpark.session().read().parquet("s3a://" + bucket + "/" + HIST);
    List<String> times = hist.select("time").distinct().orderBy("time").collectAsList().stream()
        .map(r -> String.valueOf(r.get(0))).toList();
    assertEquals(2, times.size());
    List<List<String>> snapshots = times.stream()
        .map(t -> hist.filter(hist.col("time").equalTo(t)).drop("year", "month", "day", "time")
            .orderBy("datehour", "domain", "country").collectAsList().stream().map(Row::toString).toList())
        .toList();
    assertEquals(snapshots.get(0), snapshots.get(1));
    assertNotEquals(List.of(), snapshots.get(0));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
