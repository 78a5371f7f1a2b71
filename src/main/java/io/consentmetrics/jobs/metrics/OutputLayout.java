package io.consentmetrics.jobs.metrics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a run writes, under the output root. Each run's snapshot, rejected lines and summary go to
 * a folder named after the run's start time (UTC) in Hive style, so that {@code hist/} reads back
 * as one table partitioned by year, month, day and time.
 */
public record OutputLayout(String root, Instant runStart) {

  public static final String CURRENT_FILE_NAME = "metrics.csv";

  private static final DateTimeFormatter RUN_PARTITION =
      DateTimeFormatter.ofPattern("'year='yyyy/'month='MM/'day='dd/'time='HHmmss")
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public OutputLayout {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String runId() {
    return RUN_ID.format(runStart);
  }

  public String current() {
    return root + "/current";
  }

  public String currentCsv() {
    return current() + "/" + CURRENT_FILE_NAME;
  }

  public String hist() {
    return root + "/hist/" + RUN_PARTITION.format(runStart);
  }

  /** The metrics table, partitioned by datehour; each run replaces the hours it computed. */
  public String table() {
    return root + "/table";
  }

  public String rejected() {
    return root + "/rejected/" + RUN_PARTITION.format(runStart);
  }

  public String summary() {
    return root + "/summary/" + RUN_PARTITION.format(runStart) + "/summary.json";
  }

  /** This run's HTML report, in the run's partition like its snapshot. */
  public String report() {
    return root + "/report/" + RUN_PARTITION.format(runStart) + "/index.html";
  }

  /** The latest successful run's report, replaced by each run that writes one. */
  public String latestReport() {
    return root + "/report/latest.html";
  }

  /** Scratch space of this run; hidden from Spark's readers by its leading underscore. */
  public String staging() {
    return root + "/_staging/" + runId();
  }
}
