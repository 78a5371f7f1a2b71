package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.S3ProxyServer;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --from/--to: only the selected hours are read, and table/ replaces exactly those hours. */
class IncrementalRunTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";
  private static final String H12 = "2021-01-23-12";

  @TempDir Path dir;

  private static String pageview(String id, String hour, String user) {
    return event(id, hour.substring(0, 10) + " " + hour.substring(11) + ":00:00", "pageview", "a.com", user, "FR", null);
  }

  /** (datehour, pageviews) of table/, sorted. */
  private static List<String> table(String root) {
    return SharedSpark.session().read().parquet(root + "/table")
        .select("datehour", "pageviews").orderBy("datehour").collectAsList().stream()
        .map(Row::toString).toList();
  }

  private void writeHour(Path events, String hour, String... lines) throws IOException {
    Path file = events.resolve("datehour=" + hour + "/part-0.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  @Test
  void onLocalFoldersOnlyTheRangeIsReadAndRerunsReplaceTheirHours() throws IOException {
    Path events = dir.resolve("events");
    String out = dir.resolve("out").toString();
    writeHour(events, H10, pageview("a", H10, "u1"));
    writeHour(events, H11, pageview("b", H11, "u1"), pageview("c", H11, "u2"));
    // Hour 12 cannot be read at all: a run that touched it would fail.
    Files.createDirectories(events.resolve("datehour=" + H12));
    Files.write(events.resolve("datehour=" + H12 + "/broken.json.gz"), new byte[] {31, -117, 8, 0});

    MainRunner.Result both = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H10, "--to", H11);
    assertEquals(0, both.status(), both.err());
    assertEquals(2, new ObjectMapper().readTree(both.out()).get("input_files").asInt());
    assertEquals(List.of("[" + H10 + ",1]", "[" + H11 + ",2]"), table(out));

    writeHour(events, H10, pageview("a", H10, "u1"), pageview("d", H10, "u3"), pageview("e", H10, "u3"));
    MainRunner.Result rerun = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H10);
    assertEquals(0, rerun.status(), rerun.err());
    assertEquals(List.of("[" + H10 + ",3]", "[" + H11 + ",2]"), table(out), "hour 10 replaced, hour 11 kept");
  }

  @Test
  void onS3OtherHoursAreNeverReadAndThePartitionedCommitterReplacesTheHour() {
    try (S3ProxyServer server = S3ProxyServer.start()) {
      String bucket = "incremental";
      server.createBucket(bucket);
      for (String hour : List.of(H10, H11, H12)) {
        server.putObject(bucket, "data/events/datehour=" + hour + "/part-0.json",
            (pageview("id-" + hour, hour, "u1") + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Set<String> read = ConcurrentHashMap.newKeySet();
      server.onRequest((operation, key) -> {
        if (operation.equals("get") && key.startsWith("data/events/")) {
          read.add(key.substring("data/events/".length(), key.indexOf('/', "data/events/".length())));
        }
      });
      Map<String, String> settings = server.jobProperties(bucket);
      String root = "s3a://" + bucket + "/data/metrics";

      MainRunner.Result first = MainRunner.run(settings, "--from", H11);
      assertEquals(0, first.status(), first.err());
      assertEquals(Set.of("datehour=" + H11), read, "only hour 11's file was read");
      assertEquals(List.of("[" + H11 + ",1]"), table(root));

      server.putObject(bucket, "data/events/datehour=" + H11 + "/part-0.json",
          (pageview("x", H11, "u1") + "\n" + pageview("y", H11, "u2") + "\n").getBytes(StandardCharsets.UTF_8));
      MainRunner.Result rerun = MainRunner.run(settings, "--from", H11);
      MainRunner.Result other = MainRunner.run(settings, "--from", H10);
      assertEquals(0, rerun.status(), rerun.err());
      assertEquals(0, other.status(), other.err());
      assertEquals(List.of("[" + H10 + ",1]", "[" + H11 + ",2]"), table(root), "hour 11 replaced, hour 10 added");
      assertTrue(server.keys(bucket, "data/metrics/table/datehour=" + H11 + "/").stream()
          .filter(k -> k.endsWith(".parquet")).count() == 1, "the first run's hour-11 file is gone");
    }
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsAUsageError() {
    MainRunner.Result result = MainRunner.run(Map.of(), "--from", H11, "--to", H10);
    assertEquals(2, result.status());
    assertEquals("consent-metrics: error: --to " + H10 + " is before --from " + H11 + " (see --help)", result.err().strip());
  }

  /** datehour and pageviews of each row of current/metrics.csv. */
  private static List<String> currentRows(String root) throws IOException {
    return Files.readAllLines(Path.of(root, "current/metrics.csv")).stream().skip(1)
        .map(l -> l.split(",")[0] + ":" + l.split(",")[3]).toList();
  }

  @Test
  void afterAFullRunAnIncrementalRunPublishesEveryHourComputedSoFar() throws IOException {
    Path events = dir.resolve("events");
    String out = dir.resolve("out").toString();
    writeHour(events, H10, pageview("a", H10, "u1"));
    writeHour(events, H11, pageview("b", H11, "u1"));
    writeHour(events, H12, pageview("c", H12, "u1"));
    MainRunner.Result full = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out);
    assertEquals(0, full.status(), full.err());
    assertEquals(3, new ObjectMapper().readTree(full.out()).get("current_hours").asInt());

    writeHour(events, H11, pageview("b", H11, "u1"), pageview("d", H11, "u2"));
    MainRunner.Result incremental = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H11);

    assertEquals(0, incremental.status(), incremental.err());
    assertEquals(List.of(H10 + ":1", H11 + ":2", H12 + ":1"), currentRows(out), "hour 11 replaced, 10 and 12 kept");
    assertEquals(3, new ObjectMapper().readTree(incremental.out()).get("current_hours").asInt());
    assertEquals(1, new ObjectMapper().readTree(incremental.out()).get("groups_written").asInt(), "this run's groups");
  }

  @Test
  void aRerunOfAnHourThatNowMakesNoGroupRemovesItsOldRowsFromTableAndCurrent() throws IOException {
    Path events = dir.resolve("events");
    String out = dir.resolve("out").toString();
    writeHour(events, H10, pageview("a", H10, "u1"));
    writeHour(events, H11, pageview("b", H11, "u1"), pageview("c", H11, "u2"));
    MainRunner.Result first = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H10, "--to", H11);
    assertEquals(0, first.status(), first.err());
    assertEquals(List.of(H10 + ":1", H11 + ":2"), currentRows(out));

    // Hour 11 replaced by events of no known type: the hour now makes no group.
    writeHour(events, H11, event("x", "2021-01-23 11:00:00", "click", "a.com", "u1", "FR", null));
    MainRunner.Result rerun = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H10, "--to", H11);

    assertEquals(0, rerun.status(), rerun.err());
    assertEquals(List.of("[" + H10 + ",1]"), table(out), "hour 11's old rows gone from table/");
    assertEquals(List.of(H10 + ":1"), currentRows(out), "and from current/");
  }

  @Test
  void aFirstEverIncrementalRunPublishesItsHours() throws IOException {
    Path events = dir.resolve("events");
    String out = dir.resolve("out").toString();
    writeHour(events, H10, pageview("a", H10, "u1"));
    writeHour(events, H11, pageview("b", H11, "u1"), pageview("c", H11, "u2"));
    MainRunner.Result result = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out, "--from", H11);
    assertEquals(0, result.status(), result.err());
    assertEquals(List.of(H11 + ":2"), currentRows(out));
    assertEquals(1, new ObjectMapper().readTree(result.out()).get("current_hours").asInt());
  }
}
