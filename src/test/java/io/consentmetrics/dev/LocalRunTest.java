package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --local} answers what the job's arguments alone decide before it prepares anything:
 * no S3 server, no bucket folder, no credentials file read, no job JVM (each takes seconds). The
 * credentials file given here does not exist, and this JVM is not set up as the script sets up the
 * tools: a command that got past the argument check would fail on one of them instead.
 */
class LocalRunTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int localRun(String... jobArgs) {
    List<String> args = new ArrayList<>(List.of("--store", dir.resolve("s3").toString(), "--bucket", "b",
        "--bucket-link", dir.resolve("bucket").toString(), "--seed", dir.resolve("seed").toString(),
        "--env-file", dir.resolve("missing.env").toString(), "--"));
    args.addAll(List.of(jobArgs));
    return LocalRun.run(args.toArray(String[]::new), print(out), print(err));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anInvalidFromIsTheJobsUsageErrorBeforeAnythingIsPrepared() {
    assertEquals(2, localRun("--from", "nonsense"), err());
    assertEquals("consent-metrics: error: --from must be YYYY-MM-DD-HH, not nonsense (see --help)\n", err());
    assertFalse(Files.exists(dir.resolve("s3")), "no S3 store created");
    assertFalse(Files.exists(dir.resolve("bucket")), "no bucket link created");
  }

  @Test
  void anUnknownJobArgumentIsTheJobsUsageError() {
    assertEquals(2, localRun("--bogus"), err());
    assertEquals("consent-metrics: error: unknown argument: --bogus (see --help)\n", err());
  }

  @Test
  void aRunOnLocalFoldersNeedsNoS3Server() {
    assertTrue(LocalRun.onLocalFoldersOnly(List.of("--input", "/data/events", "--output=file:/data/metrics")));
    assertFalse(LocalRun.onLocalFoldersOnly(List.of("--input", "/data/events")), "the default output is in the bucket");
    assertFalse(LocalRun.onLocalFoldersOnly(List.of("--input", "s3a://b/events", "--output", "/out")));
    assertFalse(LocalRun.onLocalFoldersOnly(List.of()));
  }

  @Test
  void aRunOnLocalFoldersStartsNoS3ServerAndReadsNoCredentials() {
    // A run on the bucket reads the credentials first and fails here, as the file is missing; a run
    // on local folders goes straight to the job's JVM, which this test JVM is not set up to start.
    assertEquals(1, localRun("--input", dir.resolve("in").toString(), "--output", dir.resolve("out").toString()));
    assertFalse(err().contains("missing.env"), err());
    assertTrue(err().contains("interview-challenge.sh"), err());
    assertFalse(Files.exists(dir.resolve("s3")), "no S3 store created");
    assertFalse(Files.exists(dir.resolve("bucket")), "no bucket link created");
  }

  @Test
  void helpIsTheJobsOwnHelp() {
    assertEquals(0, localRun("--help"), err());
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: consent-metrics "), out.toString(StandardCharsets.UTF_8));
    assertEquals("", err());
    assertFalse(Files.exists(dir.resolve("s3")), "no S3 store created");
  }
}
