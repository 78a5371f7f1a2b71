package io.consentmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line contract: exit status, the one error line, local folders. */
class MainTest {
  @TempDir Path dir;

  private static void assertOneErrorLine(MainRunner.Result result, int status, String expectedStart) {
    assertEquals(status, result.status(), result.err());
    assertEquals("", result.out());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().startsWith("consent-metrics: error: " + expectedStart), result.err());
  }

  /** Writes one hour of input under dir/events and returns that input root. */
  private String events(String text) throws IOException {
    Path file = dir.resolve("events/datehour=2021-01-23-10/a.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return dir.resolve("events").toString();
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    MainRunner.Result result = MainRunner.run(Map.of(), "--help");
    assertEquals(0, result.status());
    assertTrue(result.out().startsWith("Usage: consent-metrics"), result.out());
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    assertOneErrorLine(MainRunner.run(Map.of(), "--inptu", "/x"), 2, "unknown argument: --inptu (did you mean --input?)");
  }

  @Test
  void aFlagWithoutValueIsAUsageError() {
    assertOneErrorLine(MainRunner.run(Map.of(), "--output"), 2, "--output needs a value");
  }

  @Test
  void anOutputInsideTheInputFailsBeforeAnythingIsWritten() throws IOException {
    String input = events("{}");
    String output = dir.resolve("events/metrics").toString();
    assertOneErrorLine(MainRunner.run(Map.of(), "--input", input, "--output", output), 1, "--output lies inside --input");
    assertFalse(Files.exists(Path.of(output)), "nothing written under the output");
  }

  @Test
  void anOutputThatContainsTheInputOrIsItFails() throws IOException {
    String input = events("{}");
    assertOneErrorLine(MainRunner.run(Map.of(), "--input", input, "--output", dir.toString()), 1, "--output contains --input");
    assertOneErrorLine(MainRunner.run(Map.of(), "--input", input, "--output", input + "/"), 1, "--output is the same folder");
  }

  @Test
  void aMissingInputFolderFailsWithOneLine() {
    String missing = dir.resolve("nowhere").toString();
    assertOneErrorLine(
        MainRunner.run(Map.of(), "--input", missing, "--output", dir.resolve("out").toString()),
        1,
        "input not found: " + missing);
  }

  @Test
  void aNamedConfigFileThatDoesNotExistFailsWithOneLine() throws IOException {
    String input = events("{\"id\":\"1\",\"type\":\"pageview\"}\n");
    String config = dir.resolve("absent.json").toString();
    assertOneErrorLine(
        MainRunner.run(Map.of(), "--input", input, "--output", dir.resolve("out").toString(), "--config", config),
        1,
        "config file not found: " + config);
  }

  @Test
  void inputWithOnlyEmptyFilesFailsWithoutWritingAnything() throws IOException {
    String input = events("");
    Path out = dir.resolve("out");
    assertOneErrorLine(
        MainRunner.run(Map.of(), "--input", input, "--output", out.toString()),
        1,
        "no events in ");
    assertTrue(Files.notExists(out), "nothing is written for an empty input");
  }

  @Test
  void aSuccessfulRunPrintsTheJsonSummaryOnStdoutAndOneLineForAPersonLastOnStderr() throws IOException {
    String event = "{\"id\":\"1\",\"type\":\"pageview\",\"domain\":\"a.com\",\"user\":{\"id\":\"u\",\"country\":\"FR\"}}\n";
    String input = events(event + "{broken\n" + event);
    Path out = dir.resolve("out");
    MainRunner.Result result = MainRunner.run(Map.of(), "--input", input, "--output", out.toString(),
        "--max-rejected-share", "0.5");
    assertEquals(0, result.status(), result.err());
    assertEquals(3, new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out()).get("lines_read").asLong());
    java.util.List<String> err = result.err().lines().toList();
    assertEquals("3 lines -> 1 events counted, 1 rejected (33.3 %), 1 duplicates; 1 groups -> " + out
        + "/current/metrics.csv; report: " + out + "/report/latest.html", err.get(err.size() - 1));
  }

  @Test
  void runsOnLocalFoldersWithoutAnyS3() throws IOException {
    String input = events("{\"id\":\"1\",\"type\":\"pageview\",\"domain\":\"a.com\",\"user\":{\"id\":\"u\",\"country\":\"FR\"}}\n");
    Path out = dir.resolve("out");
    // An endpoint that refuses connections: the run must not touch S3 at all.
    MainRunner.Result result =
        MainRunner.run(Map.of("consent-metrics.s3.endpoint", "http://127.0.0.1:1"),
            "--input", input, "--output", out.toString());
    assertEquals(0, result.status(), result.err());
    assertEquals(
        "datehour,domain,country,pageviews,pageviews_with_consent,consents_asked,"
            + "consents_asked_with_consent,consents_given,consents_given_with_consent,avg_pageviews_per_user\n"
            + "2021-01-23-10,a.com,FR,1,0,0,0,0,0,1.0\n",
        Files.readString(out.resolve("current/metrics.csv")));
  }

  @Test
  void anUnreachableS3EndpointFailsWithOneLineWithinAMinute() {
    long started = System.nanoTime();
    MainRunner.Result result =
        MainRunner.run(
            Map.of(
                "consent-metrics.bucket", "unreachable-bucket",
                "consent-metrics.s3.endpoint", "http://127.0.0.1:1",
                "consent-metrics.s3.access-key", "k",
                "consent-metrics.s3.secret-key", "s"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertOneErrorLine(result, 1, "cannot read s3a://unreachable-bucket/data/config/metrics-job.json");
    assertTrue(result.err().contains("Connection refused"), result.err());
    assertTrue(took.compareTo(Duration.ofMinutes(1)) < 0, "took " + took);
  }

  @Test
  void inputAndOutputRootsWithUnusualCharactersWork() throws IOException {
    Path input = dir.resolve("in %41 [x] {y} ^z #w é");
    Path file = input.resolve("datehour=2021-01-23-10/a[1].json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"id\":\"1\",\"type\":\"pageview\",\"domain\":\"a.com\",\"user\":{\"id\":\"u\",\"country\":\"FR\"}}\n");
    Path out = dir.resolve("out %41 [x] {y} ^z #w é");
    MainRunner.Result result = MainRunner.run(Map.of(), "--input", input.toString(), "--output", out.toString());
    assertEquals(0, result.status(), result.err());
    assertTrue(Files.readString(out.resolve("current/metrics.csv")).contains("2021-01-23-10,a.com,FR,1,"));
  }
}
