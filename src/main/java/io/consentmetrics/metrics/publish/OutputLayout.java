package io.consentmetrics.metrics.publish;

import io.consentmetrics.storage.Locations;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where a run writes, under the output root. Each run's snapshot, rejected lines and summary go to
 * a folder named after the run's start time (UTC) in Hive style, so that {@code hist/} reads back
 * as one table partitioned by year, month, day and time.
 *
 * <p>The run id is the start time to the millisecond plus a random {@code suffix}, drawn again while
 * a folder of that name exists, so two runs started in the same second (or millisecond) never
 * share folders, and ids still sort by start time. The
 * {@code time} partition value ({@code HHmmss.SSS-suffix}, e.g. {@code 090507.123-4f2a}) is never a
 * number, so no reader (Spark's partition inference, pyarrow) turns it into one and drops its zeros.
 */
public record OutputLayout(String root, Instant runStart, String suffix) {

  public static final String CURRENT_FILE_NAME = "metrics.csv";
  /** Hidden (leading underscore) from Spark's readers, like every scratch path of a run. */
  public static final String STAGING = "_staging";

  private static final DateTimeFormatter RUN_PARTITION =
      DateTimeFormatter.ofPattern("'year='yyyy/'month='MM/'day='dd/'time='HHmmss.SSS")
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_DRAWS = 100;

  public OutputLayout {
    root = Locations.withoutTrailingSlashes(root);
  }

  /**
   * The layout of a new run: a random suffix drawn from {@code suffixes} until this run's folders
   * are not {@code taken} (exist already), so that even two runs started in the same millisecond
   * that draw the same suffix never share folders.
   */
  public static OutputLayout forNewRun(
      String root, Instant runStart, Supplier<String> suffixes, Predicate<String> taken) {
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      OutputLayout layout = new OutputLayout(root, runStart, suffixes.get());
      if (Stream.of(layout.hist(), layout.rejected(), layout.summary(), layout.report()).noneMatch(taken)) {
        return layout;
      }
    }
    throw new IllegalStateException("no unused run folder after " + MAX_DRAWS + " random suffixes");
  }

  /** A random suffix: four hex digits. */
  public static String randomSuffix() {
    byte[] bytes = new byte[2];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** E.g. {@code 20210123T090507.123Z-4f2a}: sorts by start time. */
  public String runId() {
    return RUN_ID.format(runStart) + "-" + suffix;
  }

  public String current() {
    return root + "/current";
  }

  public String currentCsv() {
    return current() + "/" + CURRENT_FILE_NAME;
  }

  public String hist() {
    return root + "/hist/" + runPartition();
  }

  /** The metrics table, partitioned by datehour; each run replaces the hours it computed. */
  public String table() {
    return root + "/table";
  }

  /** The dedup index, partitioned by datehour like {@link #table}: each hour's ids, kept or not. */
  public String ids() {
    return root + "/ids";
  }

  public String rejected() {
    return root + "/rejected/" + runPartition();
  }

  public String summary() {
    return root + "/summary/" + runPartition() + "/summary.json";
  }

  /** This run's HTML report, in the run's partition like its snapshot. */
  public String report() {
    return root + "/report/" + runPartition() + "/index.html";
  }

  /** The latest successful run's report, replaced by each run that writes one. */
  public String latestReport() {
    return root + "/report/latest.html";
  }

  /** Scratch space of every run; hidden from Spark's readers by its leading underscore. */
  public String stagingRoot() {
    return root + "/" + STAGING;
  }

  /** Scratch space of this run. */
  public String staging() {
    return stagingRoot() + "/" + runId();
  }

  private String runPartition() {
    return RUN_PARTITION.format(runStart) + "-" + suffix;
  }
}
