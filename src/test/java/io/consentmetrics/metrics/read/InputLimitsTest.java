package io.consentmetrics.metrics.read;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.consentmetrics.config.HourRange;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.metrics.rules.RejectReason;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the input may not do to a run: a line longer than {@code max-line-bytes} is one rejected
 * line, not an OutOfMemoryError (SPEC rule 1); an entry that is not a regular file fails the run
 * before anything is read, instead of hanging it (SPEC rule 8).
 */
class InputLimitsTest {
  @TempDir Path tmp;

  private Path input() {
    return tmp.resolve("events");
  }

  private Path hour(String datehour) throws IOException {
    return Files.createDirectories(input().resolve("datehour=" + datehour));
  }

  private EventInput.Files list(Optional<HourRange> hours) {
    return EventInput.list(new Storage(SharedSpark.session().sparkContext().hadoopConfiguration()), input().toString(), hours);
  }

  /** A JSON line of exactly {@code bytes} bytes with id {@code id}. */
  private static String lineOf(String id, int bytes) {
    String start = "{\"id\":\"" + id + "\",\"pad\":\"";
    return start + "x".repeat(bytes - start.length() - 2) + "\"}";
  }

  @Test
  void aLineOverTheLimitIsRejectedAsLineTooLongKeepingItsStartAndALineAtTheLimitIsRead() throws IOException {
    String atTheLimit = lineOf("at", 5000);
    String overIt = lineOf("over", 5001);
    Files.writeString(hour("2021-01-23-10").resolve("a.json"), atTheLimit + "\n" + overIt + "\n{\"id\":\"after\"}\n");
    Configuration hadoop = SharedSpark.session().sparkContext().hadoopConfiguration();
    String limit = hadoop.get(InputLines.MAX_LINE_BYTES);
    hadoop.setLong(InputLines.MAX_LINE_BYTES, 5000);
    try {
      LineCounts counts = LineCounts.register(SharedSpark.session().sparkContext());
      List<Row> rows = EventInput.read(SharedSpark.session(), list(Optional.empty()), counts)
          .select(Columns.ID, Columns.REJECT_REASON, Columns.LINE).collectAsList();
      assertEquals(3, rows.size());
      assertEquals("[at,null,null]", rows.get(0).toString());
      assertEquals(RejectReason.LINE_TOO_LONG.label(), rows.get(1).getString(1));
      assertEquals(overIt.substring(0, InputLines.KEPT_OF_A_LONG_LINE), rows.get(1).getString(2), "its first 4 KiB");
      assertEquals("[after,null,null]", rows.get(2).toString());
      assertEquals(1L, counts.value().rejectedByReason().get(RejectReason.LINE_TOO_LONG));
    } finally {
      hadoop.set(InputLines.MAX_LINE_BYTES, limit);
    }
  }

  @Test
  void aFifoFailsTheRunNamingItInsteadOfHangingIt() throws Exception {
    Files.writeString(hour("2021-01-23-10").resolve("a.json"), "{\"id\":\"1\"}\n");
    Path fifo = input().resolve("datehour=2021-01-23-10/stream.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    JobFailure failure = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> assertThrows(JobFailure.class, () -> list(Optional.empty())));
    assertEquals("input file is not a regular file (a FIFO, socket or device, or a link to one): " + fifo,
        failure.getMessage());
  }

  @Test
  void aLinkToADeviceFailsTheRunNamingIt() throws IOException {
    Files.writeString(hour("2021-01-23-10").resolve("a.json"), "{\"id\":\"1\"}\n");
    Path link = Files.createSymbolicLink(input().resolve("datehour=2021-01-23-10/zero.json"), Path.of("/dev/zero"));
    JobFailure failure = assertThrows(JobFailure.class, () -> list(Optional.empty()));
    assertEquals("input file is not a regular file (a FIFO, socket or device, or a link to one): " + link,
        failure.getMessage());
  }

  @Test
  void linksToNothingInHiddenFoldersOrInHoursNotReadAreNotTheRunsConcern() throws IOException {
    Files.writeString(hour("2021-01-23-10").resolve("a.json"), "{\"id\":\"1\"}\n");
    Path hidden = Files.createDirectories(input().resolve("datehour=2021-01-23-10/_spark_metadata"));
    Files.createSymbolicLink(hidden.resolve("0"), tmp.resolve("nowhere"));
    Files.createSymbolicLink(hour("2021-01-23-11").resolve("gone.json"), tmp.resolve("nowhere"));

    Optional<HourRange> hour10 = Optional.of(HourRange.of("--from", "2021-01-23-10", "--to", "2021-01-23-10"));
    assertEquals(1, list(hour10).files().size());
    JobFailure failure = assertThrows(JobFailure.class, () -> list(Optional.empty()), "hour 11 is read by a full run");
    assertEquals("input file is a link to nothing: " + input().resolve("datehour=2021-01-23-11/gone.json"),
        failure.getMessage());
  }
}
