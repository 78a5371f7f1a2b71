package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.JobProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-ASCII file names under a locale that is not UTF-8 (LANG=C, as under cron): the job must not
 * silently skip the file. Run in a JVM of its own, started with that locale.
 */
class FileNameEncodingTest {
  @TempDir Path dir;

  @Test
  void underLangCALocalRunWithNonAsciiFileNamesRefusesToStartInsteadOfSkippingFiles() throws Exception {
    Path hour = dir.resolve("events/datehour=2021-01-23-10");
    Files.createDirectories(hour);
    Files.writeString(hour.resolve("plain.json"), event("a", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    Files.writeString(hour.resolve("événement-😀.json"), event("b", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    Path out = dir.resolve("sortie-é");

    JobProcess job = JobProcess.start(dir, Map.of("LC_ALL", "C", "LANG", "C"), List.of(),
        "--input", dir.resolve("events").toString(), "--output", out.toString());
    int status = job.waitFor(300);

    assertEquals(1, status, job.output());
    assertTrue(job.output().contains("consent-metrics: error: this JVM decodes file names as ANSI_X3.4-1968, not UTF-8"),
        job.output());
    assertTrue(Files.notExists(out), "nothing written");
  }

  @Test
  void underAUtf8LocaleEveryFileIsRead() throws Exception {
    Path hour = dir.resolve("events/datehour=2021-01-23-10");
    Files.createDirectories(hour);
    Files.writeString(hour.resolve("plain.json"), event("a", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    Files.writeString(hour.resolve("événement-😀.json"), event("b", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    Path out = dir.resolve("sortie-é");

    JobProcess job = JobProcess.start(dir, Map.of("LC_ALL", "C.UTF-8"), List.of(),
        "--input", dir.resolve("events").toString(), "--output", out.toString());
    int status = job.waitFor(300);

    assertEquals(0, status, job.output());
    assertTrue(job.output().contains("\"input_files\" : 2"), job.output());
    assertTrue(Files.exists(out.resolve("current/metrics.csv")));
  }

  /** Creates {@code dir/name} (and its folder), {@code name} given with shell printf escapes: bytes Java cannot name. */
  private static void touchRawName(Path dir, String printfName, String content) throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c",
        "mkdir -p \"$(dirname \"$(printf '" + printfName + "')\")\" && printf '%s\\n' \"$1\" > \"$(printf '" + printfName + "')\"",
        "sh", content).directory(dir.toFile()).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
  }

  @Test
  void aFileNameThatIsNotUtf8FailsTheRunNamingItInsteadOfBeingSkipped() throws Exception {
    Path events = dir.resolve("events");
    Path hour = events.resolve("datehour=2021-01-23-10");
    Files.createDirectories(hour);
    Files.writeString(hour.resolve("plain.json"), event("a", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    touchRawName(hour, "caf\\351.json", event("b", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null));
    Path out = dir.resolve("out");

    MainRunner.Result result = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out.toString());

    assertEquals(1, result.status(), result.out() + result.err());
    assertEquals("consent-metrics: error: input file or folder name is not valid UTF-8 (bad bytes shown %-escaped): "
        + hour.toUri() + "caf%E9.json", result.err().strip());
    assertTrue(Files.notExists(out.resolve("current")), "nothing published");
  }

  @Test
  void aDatehourFolderNameThatIsNotUtf8FailsTheRunInsteadOfBeingSkipped() throws Exception {
    Path events = dir.resolve("events");
    Path hour = events.resolve("datehour=2021-01-23-10");
    Files.createDirectories(hour);
    Files.writeString(hour.resolve("plain.json"), event("a", "2021-01-23 10:00:00", "pageview", "a.com", "u", "FR", null) + "\n");
    touchRawName(events, "datehour=2021-01-23-11\\351/part.json", event("b", "2021-01-23 11:00:00", "pageview", "a.com", "u", "FR", null));
    Path out = dir.resolve("out");

    MainRunner.Result result = MainRunner.run(Map.of(), "--input", events.toString(), "--output", out.toString());

    assertEquals(1, result.status(), result.out() + result.err());
    assertEquals("consent-metrics: error: input file or folder name is not valid UTF-8 (bad bytes shown %-escaped): "
        + events.toUri() + "datehour=2021-01-23-11%E9/", result.err().strip());
  }
}
