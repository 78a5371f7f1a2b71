package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Flags events delivered in a folder other than the hour they happened in (SPEC rule 7). */
public final class Lateness {
  private Lateness() {}

  /**
   * Adds {@link Columns#IS_LATE}: the UTC hour of {@link Columns#EVENT_TIME} is not the {@link
   * Columns#DATEHOUR} folder (the session time zone is UTC, see {@code SparkSessions}). An event
   * without a readable time is not late: its hour is unknown.
   */
  public static Dataset<Row> flag(Dataset<Row> events) {
    return events.withColumn(
        Columns.IS_LATE,
        col(Columns.EVENT_TIME).isNotNull()
            .and(date_format(col(Columns.EVENT_TIME), "yyyy-MM-dd-HH").notEqual(col(Columns.DATEHOUR)))
            .eqNullSafe(true));
  }
}
