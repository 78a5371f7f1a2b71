package io.consentmetrics.jobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.common.JobFailure;
import io.consentmetrics.common.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input edge: the datehour= layout, gzip, hidden files, and one row per physical line. */
class EventInputTest {
  @TempDir Path input;

  private static Storage storage() {
    return new Storage(SharedSpark.session().sparkContext().hadoopConfiguration());
  }

  private Path write(String relative, String text) throws IOException {
    Path file = input.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsEachLineWithItsFolderDatehourIncludingGzipFilesAndSkipsHiddenFiles() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{\"id\":\"1\"}\n{\"id\":\"2\"\n{\"id\":\"3\"}\n");
    Path gz = input.resolve("datehour=2021-01-23-11/b.json.gz");
    Files.createDirectories(gz.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("{\"id\":\"4\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    write("datehour=2021-01-23-11/_SUCCESS", "");
    write("datehour=2021-01-23-11/.DS_Store", "x");

    EventInput.Files files = EventInput.list(storage(), input.toString());
    assertEquals(2, files.paths().size());

    List<String> rows =
        EventInput.read(SharedSpark.session(), files)
            .select(Columns.DATEHOUR, Columns.LINE)
            .orderBy(Columns.LINE)
            .collectAsList().stream().map(Row::toString).toList();
    assertEquals(
        List.of(
            "[2021-01-23-10,{\"id\":\"1\"}]",
            "[2021-01-23-10,{\"id\":\"2\"]",
            "[2021-01-23-10,{\"id\":\"3\"}]",
            "[2021-01-23-11,{\"id\":\"4\"}]"),
        rows);
  }

  @Test
  void aFileOutsideADatehourFolderFailsTheRunNamingTheFile() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{}\n");
    write("notes.txt", "hello\n");
    JobFailure failure = assertThrows(JobFailure.class, () -> EventInput.list(storage(), input.toString()));
    assertTrue(failure.getMessage().contains("notes.txt"), failure.getMessage());
  }

  @Test
  void aMalformedDatehourFolderFailsTheRun() throws IOException {
    write("datehour=2021-01-23/a.json", "{}\n");
    assertThrows(JobFailure.class, () -> EventInput.list(storage(), input.toString()));
  }

  @Test
  void anEmptyOrMissingInputFailsTheRun() {
    assertEquals(
        "no input files under " + input,
        assertThrows(JobFailure.class, () -> EventInput.list(storage(), input.toString())).getMessage());
    String missing = input.resolve("absent").toString();
    assertEquals(
        "input not found: " + missing,
        assertThrows(JobFailure.class, () -> EventInput.list(storage(), missing)).getMessage());
  }
}
