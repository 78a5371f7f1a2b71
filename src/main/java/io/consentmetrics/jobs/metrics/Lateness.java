package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Flags events delivered in a folder other than the hour they happened in. */
public final class Lateness {
  private Lateness() {}

  /**
   * Adds {@link Columns#LATE}: the hour of {@link Columns#DATETIME} differs from the {@link
   * Columns#DATEHOUR} folder. Compared as text ({@code datetime} is UTC, {@code yyyy-MM-dd
   * HH:mm:ss}), so no time zone or date parser is involved; a missing or malformed datetime is not
   * counted as late, since its hour is unknown.
   */
  public static Dataset<Row> flag(Dataset<Row> events) {
    Column datetime = col(Columns.DATETIME);
    Column hourOfEvent = concat(datetime.substr(1, 10), lit("-"), datetime.substr(12, 2));
    Column wellFormed = datetime.rlike("^\\d{4}-\\d{2}-\\d{2} \\d{2}:");
    return events.withColumn(
        Columns.LATE,
        coalesce(wellFormed.and(hourOfEvent.notEqual(col(Columns.DATEHOUR))), lit(false)));
  }
}
