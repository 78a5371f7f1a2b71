package io.consentmetrics.metrics.publish;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Where a run writes, under the output root. Each run's snapshot, rejected lines and summary go to
 * a folder named after the run's start time (UTC) in Hive style, so that {@code hist/} reads back
 * as one table partitioned by year, month, day and time.
 *
 * <p>The run id is the start time to the millisecond plus a random {@code suffix}, so two runs started
 * in the same second (or millisecond) never share folders, and ids still sort by start time. The
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

  public OutputLayout {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** A layout for a new run: a fresh random suffix. */
  public OutputLayout(String root, Instant runStart) {
    this(root, runStart, randomSuffix());
  }

  private static String randomSuffix() {
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
