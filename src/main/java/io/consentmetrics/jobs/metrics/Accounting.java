package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static io.consentmetrics.jobs.metrics.Metrics.countWhere;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The counts of the run summary, each a one-row aggregate, so that every line read is accounted
 * for: {@code lines_read = rejected + duplicates + unknown_type + events_counted}.
 */
public final class Accounting {
  private Accounting() {}

  public static final String LINES_READ = "lines_read";
  public static final String EVENTS_DEDUPLICATED = "events_deduplicated";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String EVENTS_COUNTED = "events_counted";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String LATE_EVENTS = "late_events";

  /** Over classified lines: lines read, and lines rejected for each reason. */
  public static Dataset<Row> lines(Dataset<Row> classified) {
    Column reason = col(Columns.REJECT_REASON);
    return classified.agg(
        count(lit(1)).as(LINES_READ),
        countWhere(reason.equalTo(Validation.MALFORMED_JSON)).as(Validation.MALFORMED_JSON),
        countWhere(reason.equalTo(Validation.MISSING_ID)).as(Validation.MISSING_ID));
  }

  /**
   * Over deduplicated, flagged events. Invalid tokens and late events are counted among the events
   * the metrics count (known types), since only those can affect a metric.
   */
  public static Dataset<Row> events(Dataset<Row> flagged) {
    Column known = EventTypes.isKnown();
    return flagged.agg(
        count(lit(1)).as(EVENTS_DEDUPLICATED),
        countWhere(not(known)).as(UNKNOWN_TYPE),
        countWhere(known).as(EVENTS_COUNTED),
        countWhere(known.and(col(Columns.INVALID_TOKEN))).as(INVALID_TOKEN),
        countWhere(known.and(col(Columns.LATE))).as(LATE_EVENTS));
  }
}
