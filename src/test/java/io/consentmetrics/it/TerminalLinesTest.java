package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.JobProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees on the terminal, with the log configuration every launcher uses
 * (docker/spark/conf/log4j.properties): a failed run prints one line, which names the log file that
 * holds Spark's error lines and traces; a clean run prints its summary and no warning, there or in
 * the log file.
 */
class TerminalLinesTest {
  /**
   * Spark 3.2's own shutdown race, after the job has finished: stopping a local context does not wait
   * for its executor to stop ({@code LocalSchedulerBackend.stop} only asks it to), so the executor may
   * send one more heartbeat to a receiver already gone, and logs it as a warning.
   */
  private static final String SHUTDOWN_HEARTBEAT_RACE = "WARN Executor: Issue communicating with driver in heartbeater";

  @TempDir Path tmp;

  private JobProcess start(Path sparkLog) throws Exception {
    Path config = Path.of(System.getProperty("user.dir"), "docker/spark/conf/log4j.properties");
    return JobProcess.start(tmp, Map.of(),
        List.of("-Dlog4j.configuration=file:" + config, "-Dconsent-metrics.log-file=" + sparkLog),
        "--input", tmp.resolve("events").toString(), "--output", tmp.resolve("metrics").toString(), "--no-report");
  }

  private Path hour() throws Exception {
    return Files.createDirectories(tmp.resolve("events/datehour=2021-01-23-10"));
  }

  @Test
  void aFailedTaskIsOneLineOnTheTerminalNamingTheLogWithItsTrace() throws Exception {
    Files.writeString(hour().resolve("a.json.gz"), "not gzip at all\n");
    Path sparkLog = tmp.resolve("spark.log");
    JobProcess job = start(sparkLog);
    assertEquals(1, job.waitFor(300), job.output());
    List<String> lines = job.output().strip().lines().toList();
    assertEquals(1, lines.size(), job.output());
    assertTrue(lines.get(0).startsWith("consent-metrics: error: cannot read input file "), lines.get(0));
    assertTrue(lines.get(0).endsWith(" (Spark's log: " + sparkLog + ")"), lines.get(0));
    String log = Files.readString(sparkLog);
    assertTrue(log.contains(" ERROR Executor: Exception in task") && log.contains("\tat "), log);
  }

  @Test
  void aCleanRunPrintsItsSummaryAndNoWarningAnywhere() throws Exception {
    Files.write(hour().resolve("a.json"), List.of(
        Fixtures.event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", Fixtures.CONSENT_TOKEN),
        Fixtures.event("e2", "2021-01-23 10:05:00", "consent.given", "a.com", "u1", "FR", Fixtures.CONSENT_TOKEN)));
    Path sparkLog = tmp.resolve("spark.log");
    JobProcess job = start(sparkLog);
    assertEquals(0, job.waitFor(300), job.output());
    List<String> noisy = job.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
    assertEquals(List.of(), noisy, job.output());
    List<String> logged = Files.exists(sparkLog) ? Files.readAllLines(sparkLog) : List.of();
    assertEquals(List.of(), logged.stream()
            .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
            .filter(l -> !l.contains(SHUTDOWN_HEARTBEAT_RACE))
            .toList(),
        String.join("\n", logged));
  }
}
