package io.consentmetrics.metrics.read;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input edge (SPEC rules 1 and 8): the datehour= layout, literal names, codecs, one row per line. */
class EventInputTest {
  @TempDir Path tmp;

  private static Storage storage() {
    return new Storage(SharedSpark.session().sparkContext().hadoopConfiguration());
  }

  private Path input() {
    return tmp.resolve("events");
  }

  private Path write(String relative, String text) throws IOException {
    return writeBytes(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path writeBytes(String relative, byte[] bytes) throws IOException {
    Path file = input().resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return file;
  }

  /** Every file under {@code root}, no hour range. */
  private static EventInput.Files list(String root) {
    return EventInput.list(storage(), root, Optional.empty());
  }

  /** Each line read as [datehour,id] when it was accepted, [datehour,line] when it was rejected. */
  private List<String> linesOf(EventInput.Files files) {
    return EventInput.read(SharedSpark.session(), files)
        .select(col(Columns.DATEHOUR), coalesce(col(Columns.ID), col(Columns.LINE)).as(Columns.LINE))
        .orderBy(Columns.DATEHOUR, Columns.LINE)
        .collectAsList().stream().map(Row::toString).toList();
  }

  private JobFailure listingFails() {
    return assertThrows(JobFailure.class, () -> list(input().toString()));
  }

  @Test
  void readsEachLineWithItsFolderDatehourIncludingGzipFilesAndSkipsHiddenFiles() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{\"id\":\"1\"}\n{\"id\":\"2\"\n{\"id\":\"3\"}\n");
    Path gz = input().resolve("datehour=2021-01-23-11/b.json.gz");
    Files.createDirectories(gz.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("{\"id\":\"4\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    write("datehour=2021-01-23-11/_SUCCESS", "");
    write("datehour=2021-01-23-11/.DS_Store", "x");

    EventInput.Files files = list(input().toString());
    assertEquals(2, files.files().size());
    assertEquals(
        List.of(
            "[2021-01-23-10,1]",
            "[2021-01-23-10,3]",
            "[2021-01-23-10,{\"id\":\"2\"]",
            "[2021-01-23-11,4]"),
        linesOf(files));
  }

  /** {@code InputLines} reports each line, and each file's bytes, to the task's input metrics. */
  @Test
  void theLinesAndBytesReadAreReportedAsTheTasksInput() throws Exception {
    write("datehour=2021-01-23-10/a.json", "{\"id\":\"1\"}\n{\"id\":\"2\"}\n"); // 22 bytes
    write("datehour=2021-01-23-11/b.json", "{\"id\":\"3\"}\n"); // 11 bytes
    long[] read = new long[2];
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        synchronized (read) {
          read[0] += end.taskMetrics().inputMetrics().recordsRead();
          read[1] += end.taskMetrics().inputMetrics().bytesRead();
        }
      }
    };
    SparkContext sc = SharedSpark.session().sparkContext();
    sc.addSparkListener(listener);
    try {
      EventInput.read(SharedSpark.session(), list(input().toString())).count();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    synchronized (read) {
      assertEquals(3, read[0]);
      assertEquals(33, read[1]);
    }
  }

  @Test
  void rejectedLinesOfASplitFileAreNumberedFromTheFileStartWhenReadAgain() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 60; i++) {
      text.append(i == 45 ? "{broken" : "{\"id\":\"" + i + "\"}").append('\n');
    }
    write("datehour=2021-01-23-10/a.json", text.toString());
    EventInput.Files files = list(input().toString());
    org.apache.spark.sql.RuntimeConfig conf = SharedSpark.session().conf();
    scala.Option<String> maxBytes = conf.getOption("spark.sql.files.maxPartitionBytes");
    scala.Option<String> openCost = conf.getOption("spark.sql.files.openCostInBytes");
    conf.set("spark.sql.files.maxPartitionBytes", "200");
    conf.set("spark.sql.files.openCostInBytes", "100");
    try {
      // The first pass reads the file in splits: the split holding line 45 does not know its number.
      List<Row> firstPass = EventInput.read(SharedSpark.session(), files, LineCounts.register(SharedSpark.session().sparkContext()))
          .filter(col(Columns.REJECT_REASON).isNotNull()).select(Columns.LINE_NUMBER).collectAsList();
      assertEquals("[[null]]", firstPass.toString());
      List<Row> reread = EventInput.read(SharedSpark.session(), files)
          .filter(col(Columns.REJECT_REASON).isNotNull()).select(Columns.LINE_NUMBER, Columns.LINE).collectAsList();
      assertEquals("[[45,{broken]]", reread.toString());
    } finally {
      restore(conf, "spark.sql.files.maxPartitionBytes", maxBytes);
      restore(conf, "spark.sql.files.openCostInBytes", openCost);
    }
  }

  private static void restore(org.apache.spark.sql.RuntimeConfig conf, String key, scala.Option<String> value) {
    if (value.isDefined()) {
      conf.set(key, value.get());
    } else {
      conf.unset(key);
    }
  }

  @Test
  void aByteOrderMarkIsSkippedAtTheStartOfAFileAndACarriageReturnDoesNotEndALine() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "{\"id\":\"1\"}\r\n{\"id\":\r\"2\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, file, 0, bom.length);
    System.arraycopy(text, 0, file, bom.length, text.length);
    writeBytes("datehour=2021-01-23-10/a.json", file);

    assertEquals(
        List.of("[2021-01-23-10,1]", "[2021-01-23-10,2]"),
        linesOf(list(input().toString())));
  }

  @Test
  void fileAndFolderNamesAreTakenLiterally() throws IOException {
    List<String> names = List.of("a[1].json", "a{1,2}.json", "a\\b.json", "*.json", "a?.json",
        "sp ace é😀.json", "%41.json", "a#b^c.json");
    for (int i = 0; i < names.size(); i++) {
      write("datehour=2021-01-23-10/" + names.get(i), "{\"id\":\"" + i + "\"}\n");
    }
    EventInput.Files files = list(input().toString());
    assertEquals(names.size(), files.files().size());
    assertEquals(names.size(), linesOf(files).size());
  }

  @Test
  void anInputRootWithUnusualCharactersWorks() throws IOException {
    Path root = tmp.resolve("in %41 [x] {y} ^z #w é");
    Path file = root.resolve("datehour=2021-01-23-10/a.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"id\":\"1\"}\n");
    assertEquals(List.of("[2021-01-23-10,1]"), linesOf(list(root.toString())));
  }

  @Test
  void aFileOutsideADatehourFolderFailsTheRunNamingTheFile() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{}\n");
    write("notes.txt", "hello\n");
    assertTrue(listingFails().getMessage().contains("notes.txt"));
  }

  @Test
  void aFolderThatIsNotARealHourFailsTheRunNamingIt() throws IOException {
    write("datehour=2021-13-45-99/a.json", "{}\n");
    assertTrue(listingFails().getMessage().contains("datehour=2021-13-45-99"));
  }

  @Test
  void aDatehourFolderWithoutTheHourFailsTheRun() throws IOException {
    write("datehour=2021-01-23/a.json", "{}\n");
    assertTrue(listingFails().getMessage().contains("datehour=2021-01-23"));
  }

  @Test
  void nestedOrPrefixedDatehourFoldersFailTheRunNamingTheFile() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{}\n");
    write("datehour=2021-01-23-10/datehour=2021-01-23-11/b.json", "{}\n");
    assertTrue(listingFails().getMessage().contains("b.json"));

    Files.delete(input().resolve("datehour=2021-01-23-10/datehour=2021-01-23-11/b.json"));
    write("foo/datehour=2021-01-23-11/c.json", "{}\n");
    assertTrue(listingFails().getMessage().contains("foo/datehour=2021-01-23-11/c.json"));
  }

  @Test
  void anInputThatIsAFileOrADatehourFolderFailsWithAHint() throws IOException {
    Path file = write("datehour=2021-01-23-10/a.json", "{}\n");
    JobFailure onFile =
        assertThrows(JobFailure.class, () -> list(file.toString()));
    assertTrue(onFile.getMessage().contains("is a file: give the folder"), onFile.getMessage());
    JobFailure onFolder =
        assertThrows(JobFailure.class, () -> list(file.getParent().toString()));
    assertTrue(onFolder.getMessage().contains("is a datehour folder"), onFolder.getMessage());
  }

  @Test
  void aFileThatCannotBeDecompressedFailsNamingIt() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{\"id\":\"1\"}\n");
    write("datehour=2021-01-23-10/fake.json.gz", "{\"id\":\"2\"}\n");
    Exception failure =
        assertThrows(Exception.class, () -> linesOf(list(input().toString())));
    assertTrue(String.valueOf(failure.getMessage()).contains("cannot read input file "), failure.getMessage());
    assertTrue(String.valueOf(failure.getMessage()).contains("fake.json.gz"), failure.getMessage());
  }

  @Test
  void anEmptyOrMissingInputFailsTheRun() throws IOException {
    Files.createDirectories(input());
    assertEquals("no input files under " + input(), listingFails().getMessage());
    String missing = tmp.resolve("absent").toString();
    assertEquals(
        "input not found: " + missing,
        assertThrows(JobFailure.class, () -> list(missing)).getMessage());
  }

  @Test
  void manySmallFilesArePackedIntoFewTasks() throws IOException {
    for (int i = 0; i < 300; i++) {
      write("datehour=2021-01-23-1" + (i % 2) + "/part-" + i + ".json", "{\"id\":\"" + i + "\"}\n");
    }
    EventInput.Files files = list(input().toString());
    int tasks = EventInput.read(SharedSpark.session(), files).rdd().getNumPartitions();
    assertTrue(tasks <= 3, "300 tiny files in " + tasks + " tasks");
    assertEquals(300, linesOf(files).size());
  }

  @Test
  void aFileNameWithColonsIsReadLiterally() throws IOException {
    write("datehour=2021-01-23-10/2021-01-23T10:00:00.json", "{\"id\":\"1\"}\n");
    assertEquals(List.of("[2021-01-23-10,1]"), linesOf(list(input().toString())));
  }

  @Test
  void aDanglingLinkFailsTheRunNamingIt() throws IOException {
    write("datehour=2021-01-23-10/a.json", "{}\n");
    Files.createSymbolicLink(input().resolve("datehour=2021-01-23-10/gone.json"), tmp.resolve("nowhere.json"));
    assertTrue(listingFails().getMessage().contains("link to nothing"), listingFails().getMessage());
    assertTrue(listingFails().getMessage().contains("gone.json"), listingFails().getMessage());
  }

  @Test
  void aFileOfACodecThisMachineCannotReadFailsNamingIt() throws IOException {
    write("datehour=2021-01-23-10/a.json.zst", "not zstd\n");
    Exception failure =
        assertThrows(Exception.class, () -> linesOf(list(input().toString())));
    assertTrue(String.valueOf(failure.getMessage()).contains("cannot read input file "), failure.getMessage());
    assertTrue(String.valueOf(failure.getMessage()).contains("a.json.zst"), failure.getMessage());
  }
}
