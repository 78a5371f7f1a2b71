package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.MainRunner;
import io.consentmetrics.metrics.MetricsJob;
import io.consentmetrics.metrics.publish.HaltPoints;
import io.consentmetrics.metrics.publish.MetricsCsv;
import io.consentmetrics.storage.LocalFiles;
import io.consentmetrics.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill at any step of the local publish of {@code current/metrics.csv} leaves the complete old
 * file or the complete new one (byte for byte), never no file and never part of one; the next run
 * removes what the killed publish left.
 *
 * <p>Each kill is a real process death: a child JVM runs the job's publish step ({@link
 * MetricsCsv#publish}, then the removal of the run's staging folder, as {@code MetricsJob} does) on a
 * CSV staged as Spark's committer leaves it, and halts at one {@link HaltPoints} point ({@code
 * Runtime.halt}: no shutdown hook, no {@code finally}, as SIGKILL); {@link HaltPoints#LOCAL_RENAME}
 * lies inside {@code LocalFiles.moveOver}, just before its one {@code rename(2)}. The child has no Spark, so a kill
 * costs about a second. One more test sends a real SIGKILL at random moments of publishes that
 * follow each other. A kill while Spark writes the staged CSV is a kill before {@link
 * HaltPoints#CSV_STAGED} as far as {@code current/} is concerned: Spark writes only under the run's
 * staging folder.
 */
class PublishKillTest {
  private static final String RUN = "20210123T100000.000Z-0001";

  @TempDir Path dir;

  private Path root;
  private Path current;
  private byte[] oldCsv;
  private byte[] newCsv;

  /** A CSV body big enough (about 400 kB) that a partial copy or write would show. */
  private static byte[] csv(String tag) {
    StringBuilder text = new StringBuilder("datehour,domain,country,pageviews\n");
    for (int i = 0; i < 20_000; i++) {
      text.append("2021-01-23-10,").append(tag).append(".com,FR,").append(i).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void previousRunPublishedAndThisRunStagedItsCsv() throws IOException {
    root = dir.resolve("out");
    current = root.resolve("current/metrics.csv");
    oldCsv = csv("old");
    newCsv = csv("new");
    Files.createDirectories(current.getParent());
    Files.write(current, oldCsv);
    Path staged = stagedDir().resolve("part-00000-0b1c.txt");
    Files.createDirectories(staged.getParent());
    Files.write(staged, newCsv);
    Files.write(stagedDir().resolve("_SUCCESS"), new byte[0]);
  }

  private Path stagingRunDir() {
    return root.resolve("_staging/" + RUN);
  }

  private Path stagedDir() {
    return stagingRunDir().resolve("current");
  }

  /** The publish in a JVM of its own, halted at {@code haltAt} (null: not halted); returns its exit status. */
  private int publishInChild(String haltAt) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    if (haltAt != null) {
      command.add("-D" + HaltPoints.PROPERTY + "=" + haltAt);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(),
        stagedDir().toString(), current.toString(), stagingRunDir().toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile()).start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new IllegalStateException("the publish did not end within 60 s");
    }
    return child.exitValue();
  }

  /** The job's publish step, as {@code MetricsJob} runs it after Spark staged the CSV. */
  public static final class Child {
    public static void main(String[] args) {
      Storage storage = new Storage(new Configuration());
      MetricsCsv.publish(storage, args[0], args[1]);
      storage.delete(args[2]);
    }
  }

  /**
   * Publishes over and over, as run after run would: stages body(i) under its own staging folder,
   * publishes it, removes the folder.
   */
  public static final class Publisher {
    public static void main(String[] args) throws IOException {
      Path root = Path.of(args[0]);
      Storage storage = new Storage(new Configuration());
      for (int i = 0; ; i++) {
        Path staged = root.resolve("_staging/run-" + i + "/current");
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("part-00000.txt"), body(i));
        MetricsCsv.publish(storage, staged.toString(), root.resolve("current/metrics.csv").toString());
        storage.delete(staged.getParent().toString());
      }
    }
  }

  /** A body that is recognisably whole (about 2 MB): a header, many lines, and a last line naming its publish. */
  private static String body(int publish) {
    return "header\n" + "x,y,z\n".repeat(300_000) + "end " + publish + "\n";
  }

  private List<String> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void killedWithTheNewCsvStagedTheOldFileStaysWhole() throws Exception {
    assertEquals(HaltPoints.STATUS, publishInChild(HaltPoints.CSV_STAGED), "halted at the point");
    assertArrayEquals(oldCsv, Files.readAllBytes(current));
    assertEquals(List.of("metrics.csv"), filesIn(current.getParent()));
  }

  @Test
  void killedJustBeforeTheRenameTheOldFileStaysWhole() throws Exception {
    assertEquals(HaltPoints.STATUS, publishInChild(HaltPoints.LOCAL_RENAME), "halted at the point");
    assertArrayEquals(oldCsv, Files.readAllBytes(current));
    assertEquals(List.of("metrics.csv"), filesIn(current.getParent()));
  }

  @Test
  void killedJustAfterTheRenameTheNewFileIsWhole() throws Exception {
    assertEquals(HaltPoints.STATUS, publishInChild(HaltPoints.CSV_RENAMED), "halted at the point");
    assertArrayEquals(newCsv, Files.readAllBytes(current));
    assertEquals(List.of("metrics.csv"), filesIn(current.getParent()));
    assertTrue(Files.exists(stagingRunDir()), "the staging folder is left behind");
  }

  /**
   * The named points above, from outside: SIGKILL at a moment the test does not choose, while
   * publishes follow each other. Random, so it guards against broad breakage (a target written in
   * place, or deleted before the new file takes its place for as long as a copy lasts) rather than
   * a single instant; the points above pin the instants.
   */
  @Test
  void aSigkillAtAnyMomentOfRepeatedPublishesLeavesAWholeFile() throws Exception {
    java.util.Random random = new java.util.Random(42);
    for (int kill = 0; kill < 3; kill++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), Publisher.class.getName(), root.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("publisher.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(current).startsWith("header") && System.nanoTime() < deadline) {
        Thread.sleep(10); // until the child has published at least once
      }
      Thread.sleep(random.nextInt(300));
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      assertEquals(137, child.exitValue(), "killed, not ended: " + Files.readString(dir.resolve("publisher.log")));
      String text = Files.readString(current);
      String last = text.substring(text.lastIndexOf("end ") + 4, text.length() - 1);
      assertEquals(body(Integer.parseInt(last)), text, "a whole body, after kill " + kill);
      assertEquals(List.of("metrics.csv"), filesIn(current.getParent()));
      Files.write(current, oldCsv);
    }
  }

  @Test
  void notKilledTheNewFileIsPublishedAndTheStagingFolderRemoved() throws Exception {
    assertEquals(0, publishInChild(null), Files.readString(dir.resolve("child.log")));
    assertArrayEquals(newCsv, Files.readAllBytes(current));
    assertFalse(Files.exists(stagingRunDir()));
  }

  /** hist/ holds the snapshots of runs that published, and only those: a run killed after writing it leaves none. */
  @Test
  void aWholeRunKilledAfterWritingItsSnapshotLeavesNoneInHist() throws Exception {
    Path input = dir.resolve("events/datehour=2021-01-23-10/part-0.json");
    Files.createDirectories(input.getParent());
    Files.writeString(input, event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null) + "\n");
    Path out = dir.resolve("killed-out");

    io.consentmetrics.testing.JobProcess job = io.consentmetrics.testing.JobProcess.start(dir, Map.of(),
        List.of("-D" + HaltPoints.PROPERTY + "=" + HaltPoints.CSV_STAGED),
        "--input", dir.resolve("events").toString(), "--output", out.toString(), "--no-report");
    assertEquals(HaltPoints.STATUS, job.waitFor(300), job.output());
    assertTrue(Files.exists(out.resolve("table")), "the run got as far as writing table/");
    assertFalse(Files.exists(out.resolve("hist")), "no snapshot of a run that did not publish");

    // A run as it would start lease-max-age later: it takes over the killed run's lease and removes its staging.
    MainRunner.Result next = MainRunner.run(Map.of("consent-metrics.lease-max-age", "1ms"),
        "--input", dir.resolve("events").toString(), "--output", out.toString(), "--no-report");
    assertEquals(0, next.status(), next.err());
    assertFalse(Files.exists(out.resolve("_staging")), "the killed run's staged snapshot is removed");
    try (Stream<Path> files = Files.walk(out.resolve("hist"))) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count(),
          "one snapshot: the run that published");
    }
  }

  @Test
  void theNextRunRemovesWhatAKilledPublishLeftAndPublishesWhole() throws Exception {
    assertEquals(HaltPoints.STATUS, publishInChild(HaltPoints.LOCAL_RENAME), "halted at the point");
    Path input = dir.resolve("events/datehour=2021-01-23-10/part-0.json");
    Files.createDirectories(input.getParent());
    Files.writeString(input, event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null) + "\n");

    // A run as it would start lease-max-age later: the killed run's leftovers are old enough to go.
    MainRunner.Result next = MainRunner.run(Map.of("consent-metrics.lease-max-age", "1ms"),
        "--input", dir.resolve("events").toString(), "--output", root.toString(), "--no-report");

    assertEquals(0, next.status(), next.err());
    assertFalse(Files.exists(root.resolve("_staging")), "the killed publish's staging folder is removed");
    assertEquals(1, new com.fasterxml.jackson.databind.ObjectMapper().readTree(next.out()).get("leftovers_removed").asInt());
    assertEquals("datehour,domain,country,pageviews,pageviews_with_consent,consents_asked,consents_asked_with_consent,"
        + "consents_given,consents_given_with_consent,avg_pageviews_per_user\n"
        + "2021-01-23-10,a.com,FR,1,0,0,0,0,0,1.0\n", Files.readString(current));
    assertEquals(List.of("metrics.csv"), filesIn(current.getParent()));
  }
}
